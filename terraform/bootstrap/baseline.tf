# Appendix A.1: CloudTrail (step 5), GuardDuty (step 6), billing alerts (step 4).

# ---------------------------------------------------------------------------------- CloudTrail

module "cloudtrail_bucket" {
  source = "../modules/secure-bucket"

  name             = "calcapp-cloudtrail-${local.account_id}"
  policy_documents = [data.aws_iam_policy_document.cloudtrail.json]
  lifecycle_rules = [{
    id                         = "audit-log-retention"
    transition_days            = 90
    transition_storage_class   = "GLACIER"
    expiration_days            = var.cloudtrail_retention_days
    noncurrent_expiration_days = 30
  }]
}

moved {
  from = aws_s3_bucket.cloudtrail
  to   = module.cloudtrail_bucket.aws_s3_bucket.this[0]
}
moved {
  from = aws_s3_bucket_ownership_controls.cloudtrail
  to   = module.cloudtrail_bucket.aws_s3_bucket_ownership_controls.this
}
moved {
  from = aws_s3_bucket_public_access_block.cloudtrail
  to   = module.cloudtrail_bucket.aws_s3_bucket_public_access_block.this
}
moved {
  from = aws_s3_bucket_versioning.cloudtrail
  to   = module.cloudtrail_bucket.aws_s3_bucket_versioning.this
}
moved {
  from = aws_s3_bucket_server_side_encryption_configuration.cloudtrail
  to   = module.cloudtrail_bucket.aws_s3_bucket_server_side_encryption_configuration.this
}
moved {
  from = aws_s3_bucket_lifecycle_configuration.cloudtrail
  to   = module.cloudtrail_bucket.aws_s3_bucket_lifecycle_configuration.this[0]
}
moved {
  from = aws_s3_bucket_policy.cloudtrail
  to   = module.cloudtrail_bucket.aws_s3_bucket_policy.this
}

locals {
  trail_name = "calcapp-account-trail"
  trail_arn  = "arn:aws:cloudtrail:${var.aws_region}:${local.account_id}:trail/${local.trail_name}"
}

data "aws_iam_policy_document" "cloudtrail" {
  statement {
    sid       = "CloudTrailChecksBucketAcl"
    actions   = ["s3:GetBucketAcl"]
    resources = ["arn:aws:s3:::calcapp-cloudtrail-${local.account_id}"]

    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceArn"
      values   = [local.trail_arn]
    }
  }

  statement {
    sid       = "CloudTrailWritesLogs"
    actions   = ["s3:PutObject"]
    resources = ["arn:aws:s3:::calcapp-cloudtrail-${local.account_id}/AWSLogs/${local.account_id}/*"]

    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "s3:x-amz-acl"
      values   = ["bucket-owner-full-control"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceArn"
      values   = [local.trail_arn]
    }
  }
}


resource "aws_cloudtrail" "account" {
  name                          = local.trail_name
  s3_bucket_name                = module.cloudtrail_bucket.id
  is_multi_region_trail         = true
  include_global_service_events = true
  enable_log_file_validation    = true

  depends_on = [module.cloudtrail_bucket]
}

# ----------------------------------------------------------------------------------- GuardDuty

resource "aws_guardduty_detector" "main" {
  enable                       = true
  finding_publishing_frequency = "FIFTEEN_MINUTES"
}

# ------------------------------------------------------------------ account-wide budget alerts

resource "aws_budgets_budget" "account" {
  for_each = { for amount in var.budget_amounts : tostring(amount) => amount }

  name         = "calcapp-account-monthly-${each.key}-usd"
  budget_type  = "COST"
  limit_amount = format("%.2f", each.value)
  limit_unit   = "USD"
  time_unit    = "MONTHLY"

  notification {
    comparison_operator        = "GREATER_THAN"
    threshold                  = 100
    threshold_type             = "PERCENTAGE"
    notification_type          = "ACTUAL"
    subscriber_email_addresses = var.billing_emails
  }

  notification {
    comparison_operator        = "GREATER_THAN"
    threshold                  = 100
    threshold_type             = "PERCENTAGE"
    notification_type          = "FORECASTED"
    subscriber_email_addresses = var.billing_emails
  }
}

# The per-environment budgets and anomaly monitors filter on these tags. AWS only accepts a tag
# here once it has seen it on a billed resource: enable after the first environment is up.
resource "aws_ce_cost_allocation_tag" "tags" {
  for_each = var.activate_cost_allocation_tags ? toset(["Project", "Environment", "CostCenter"]) : toset([])

  tag_key = each.key
  status  = "Active"
}
