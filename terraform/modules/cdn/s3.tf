# Client assets (build/client, served at /_static/*) and the calculation history archive, each a
# terraform/modules/secure-bucket (private, versioned, encrypted, HTTPS only).

data "aws_caller_identity" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
}

# ---------------------------------------------------------------------------------------------
# Assets: versioned, private (CloudFront reads through origin access control), only superseded
# versions move to Glacier, so every live asset stays servable. Deploys never delete: pages
# rendered by the previous release keep finding their hashed files. Replicated to the DR
# region's bucket (created by dr/) when its ARN is given.
# ---------------------------------------------------------------------------------------------

data "aws_iam_policy_document" "assets" {
  statement {
    sid       = "CloudFrontReadsStaticAssets"
    effect    = "Allow"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::${local.assets_bucket_name}/_static/*"]

    principals {
      type        = "Service"
      identifiers = ["cloudfront.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "AWS:SourceArn"
      values   = [aws_cloudfront_distribution.main.arn]
    }
  }
}

locals {
  assets_bucket_name  = "${var.name}-assets-${local.account_id}"
  archive_bucket_name = "${var.name}-history-archive-${local.account_id}"
}

module "assets_bucket" {
  source = "../secure-bucket"

  name             = local.assets_bucket_name
  policy_documents = [data.aws_iam_policy_document.assets.json]
  lifecycle_rules = [{
    id                         = "noncurrent-versions-to-glacier"
    noncurrent_transition_days = var.assets_noncurrent_glacier_days
    noncurrent_expiration_days = 365
    newer_noncurrent_versions  = var.assets_noncurrent_versions_kept
    abort_multipart_days       = 7
  }]
  replication = var.replication_destination_bucket_arn == null ? null : {
    destination_bucket_arn = var.replication_destination_bucket_arn
    role_name              = "${var.name}-assets-replication"
    rule_suffix            = "assets-to-dr-region"
  }
}

# ---------------------------------------------------------------------------------------------
# History archive (user data): old calculation history written by the archive job, in Glacier
# Instant Retrieval (still Glacier pricing, but readable at once, so a Premium CSV export can
# include archived months). Replicated to the DR region's archive bucket when its ARN is given.
# ---------------------------------------------------------------------------------------------

module "archive_bucket" {
  source = "../secure-bucket"

  name = local.archive_bucket_name
  lifecycle_rules = [{
    id                         = "archive-to-glacier"
    transition_days            = var.archive_glacier_days
    transition_storage_class   = "GLACIER_IR"
    noncurrent_expiration_days = 90
    abort_multipart_days       = 7
  }]
  replication = var.archive_replication_destination_bucket_arn == null ? null : {
    destination_bucket_arn = var.archive_replication_destination_bucket_arn
    role_name              = "${var.name}-archive-replication"
    rule_suffix            = "archive-to-dr-region"
  }
}

# The resources the buckets had before secure-bucket: same objects, new addresses.
moved {
  from = aws_s3_bucket.assets
  to   = module.assets_bucket.aws_s3_bucket.this[0]
}
moved {
  from = aws_s3_bucket_ownership_controls.assets
  to   = module.assets_bucket.aws_s3_bucket_ownership_controls.this
}
moved {
  from = aws_s3_bucket_public_access_block.assets
  to   = module.assets_bucket.aws_s3_bucket_public_access_block.this
}
moved {
  from = aws_s3_bucket_versioning.assets
  to   = module.assets_bucket.aws_s3_bucket_versioning.this
}
moved {
  from = aws_s3_bucket_server_side_encryption_configuration.assets
  to   = module.assets_bucket.aws_s3_bucket_server_side_encryption_configuration.this
}
moved {
  from = aws_s3_bucket_lifecycle_configuration.assets
  to   = module.assets_bucket.aws_s3_bucket_lifecycle_configuration.this[0]
}
moved {
  from = aws_s3_bucket_policy.assets
  to   = module.assets_bucket.aws_s3_bucket_policy.this
}
moved {
  from = aws_iam_role.replication
  to   = module.assets_bucket.aws_iam_role.replication
}
moved {
  from = aws_iam_role_policy.replication
  to   = module.assets_bucket.aws_iam_role_policy.replication
}
moved {
  from = aws_s3_bucket_replication_configuration.assets
  to   = module.assets_bucket.aws_s3_bucket_replication_configuration.this
}
moved {
  from = aws_s3_bucket.archive
  to   = module.archive_bucket.aws_s3_bucket.this[0]
}
moved {
  from = aws_s3_bucket_ownership_controls.archive
  to   = module.archive_bucket.aws_s3_bucket_ownership_controls.this
}
moved {
  from = aws_s3_bucket_public_access_block.archive
  to   = module.archive_bucket.aws_s3_bucket_public_access_block.this
}
moved {
  from = aws_s3_bucket_versioning.archive
  to   = module.archive_bucket.aws_s3_bucket_versioning.this
}
moved {
  from = aws_s3_bucket_server_side_encryption_configuration.archive
  to   = module.archive_bucket.aws_s3_bucket_server_side_encryption_configuration.this
}
moved {
  from = aws_s3_bucket_lifecycle_configuration.archive
  to   = module.archive_bucket.aws_s3_bucket_lifecycle_configuration.this[0]
}
moved {
  from = aws_s3_bucket_policy.archive
  to   = module.archive_bucket.aws_s3_bucket_policy.this
}
