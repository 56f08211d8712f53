# One execution role per Lambda (section 8.2), each limited to: its own log group, the VPC
# network interfaces Lambda manages (the only "*" resource: EC2 cannot scope these), X-Ray
# segments (X-Ray has no resource-level permissions), the secrets its kind needs, and, for
# the history archive (jobs read and write it, the history Lambda reads it for exports).

data "aws_iam_policy_document" "lambda_assume" {
  statement {
    sid     = "LambdaAssumesRole"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "function" {
  for_each = local.functions

  name               = "${var.name}-${each.key}-lambda"
  description        = "CalcApp ${var.environment}: execution role of the ${each.key} Lambda"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
}

data "aws_iam_policy_document" "function" {
  for_each = local.functions

  statement {
    sid       = "WriteOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.function[each.key].arn}:*"]
  }

  statement {
    sid = "VpcNetworkInterfaces"
    actions = [
      "ec2:CreateNetworkInterface",
      "ec2:DescribeNetworkInterfaces",
      "ec2:DescribeSubnets",
      "ec2:DeleteNetworkInterface",
      "ec2:AssignPrivateIpAddresses",
      "ec2:UnassignPrivateIpAddresses",
    ]
    resources = ["*"]
  }

  statement {
    sid       = "XRayTraces"
    actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
    resources = ["*"]
  }

  statement {
    sid       = "ReadOwnSecrets"
    actions   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
    resources = concat([for key in local.function_secrets[each.key] : var.secret_arns[key]], var.region_role_secret_arn == null ? [] : [var.region_role_secret_arn])
  }

  # The jobs archive, merge and purge month files; the history Lambda reads them for CSV exports.
  dynamic "statement" {
    for_each = each.value.kind == "scheduled" ? [var.archive_bucket_arn] : []
    content {
      sid       = "ManageHistoryArchive"
      actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
      resources = ["${statement.value}/*"]
    }
  }

  dynamic "statement" {
    for_each = each.key == "history" ? [var.archive_bucket_arn] : []
    content {
      sid       = "ReadHistoryArchive"
      actions   = ["s3:GetObject"]
      resources = ["${statement.value}/*"]
    }
  }

  dynamic "statement" {
    for_each = each.value.kind == "scheduled" || each.key == "history" ? [var.archive_bucket_arn] : []
    content {
      sid       = "ListHistoryArchive"
      actions   = ["s3:ListBucket"]
      resources = [statement.value]
    }
  }
}

resource "aws_iam_role_policy" "function" {
  for_each = local.functions

  name   = "${each.key}-least-privilege"
  role   = aws_iam_role.function[each.key].id
  policy = data.aws_iam_policy_document.function[each.key].json
}
