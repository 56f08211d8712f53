# What the deploy workflow (.github/workflows/deploy.yml) needs, and no more: an OIDC role
# GitHub Actions assumes for this environment only (no long-lived keys), and an SSM parameter
# telling it the names of what it deploys to.

locals {
  github_oidc_provider_arn = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:oidc-provider/token.actions.githubusercontent.com"
  deploy_parameter_name    = "/calcapp/${var.environment}/deploy"
  function_arns            = [for name, fn in module.compute.functions : fn.arn]
  migration_function_arn   = try(module.compute.functions["migrate"].arn, null)
  snapshot_arn_prefix      = "arn:aws:rds:${var.aws_region}:${data.aws_caller_identity.current.account_id}:cluster-snapshot:${local.name}-predeploy-"
}

resource "aws_ssm_parameter" "deploy" {
  name        = local.deploy_parameter_name
  description = "CalcApp ${var.environment}: what deploy.yml deploys to (written by Terraform)"
  type        = "String"
  value = jsonencode({
    environment        = var.environment
    region             = var.aws_region
    app_url            = local.app_url
    assets_bucket      = module.cdn.assets_bucket
    assets_prefix      = local.manifest.static.prefix
    distribution_id    = module.cdn.distribution_id
    cluster_identifier = module.storage.cluster_identifier
    migration_function = module.compute.migration_function_name
    functions          = module.compute.lambda_function_names
    stripe_secret_arn  = module.storage.secret_arns["stripe"]
  })
}

data "aws_iam_policy_document" "deploy_assume" {
  statement {
    sid     = "GitHubActionsDeployEnvironment"
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [local.github_oidc_provider_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }

    # Only jobs running in this GitHub environment (production's needs an approval).
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:sub"
      values   = ["repo:${var.github_repository}:environment:${var.environment}"]
    }
  }
}

resource "aws_iam_role" "deploy" {
  name                 = "${local.name}-github-deploy"
  description          = "CalcApp ${var.environment}: assumed by .github/workflows/deploy.yml through GitHub OIDC"
  assume_role_policy   = data.aws_iam_policy_document.deploy_assume.json
  max_session_duration = 3600
}

data "aws_iam_policy_document" "deploy" {
  statement {
    sid       = "ReadDeployConfig"
    actions   = ["ssm:GetParameter"]
    resources = [aws_ssm_parameter.deploy.arn]
  }

  statement {
    sid = "PublishVersionsAndMoveAliases"
    actions = [
      "lambda:GetFunction",
      "lambda:GetFunctionConfiguration",
      "lambda:UpdateFunctionCode",
      "lambda:PublishVersion",
      "lambda:ListVersionsByFunction",
      "lambda:GetAlias",
      "lambda:UpdateAlias",
    ]
    resources = concat(local.function_arns, [for arn in local.function_arns : "${arn}:*"])
  }

  dynamic "statement" {
    for_each = local.migration_function_arn == null ? [] : [local.migration_function_arn]
    content {
      sid       = "RunMigrations"
      actions   = ["lambda:InvokeFunction"]
      resources = ["${statement.value}:live"]
    }
  }

  # scripts/stripe-setup.ts reads the Stripe key and stores a new endpoint's signing secret.
  statement {
    sid       = "StripeSetup"
    actions   = ["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue"]
    resources = [module.storage.secret_arns["stripe"]]
  }

  statement {
    sid       = "ListAssets"
    actions   = ["s3:ListBucket", "s3:ListBucketVersions"]
    resources = [module.cdn.assets_bucket_arn]
  }

  statement {
    sid = "UploadAndRestoreAssets"
    actions = [
      "s3:GetObject",
      "s3:GetObjectVersion",
      "s3:PutObject",
    ]
    resources = ["${module.cdn.assets_bucket_arn}/${local.manifest.static.prefix}/*"]
  }

  statement {
    sid       = "InvalidateCdn"
    actions   = ["cloudfront:CreateInvalidation", "cloudfront:GetInvalidation"]
    resources = [module.cdn.distribution_arn]
  }

  statement {
    sid       = "SnapshotBeforeMigrations"
    actions   = ["rds:CreateDBClusterSnapshot", "rds:AddTagsToResource"]
    resources = [module.storage.cluster_arn, "${local.snapshot_arn_prefix}*"]
  }

  statement {
    sid       = "WaitForSnapshot"
    actions   = ["rds:DescribeDBClusterSnapshots"]
    resources = [module.storage.cluster_arn, "${local.snapshot_arn_prefix}*"]
  }
}

resource "aws_iam_role_policy" "deploy" {
  name   = "deploy-calcapp-${var.environment}"
  role   = aws_iam_role.deploy.id
  policy = data.aws_iam_policy_document.deploy.json
}
