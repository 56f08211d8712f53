# The DR copies of the buckets, each a terraform/modules/secure-bucket, in the DR region:
#
#   assets_dr   client assets: terraform/'s assets bucket replicates into it
#               (assets_replication_destination_bucket_arn), and CloudFront's /_static/* behaviour
#               reads an origin group whose secondary member is this bucket (terraform/modules/cdn
#               assets_failover_bucket_regional_domain_name), used when the primary bucket fails.
#   archive_dr  the history archive (user data): terraform/'s archive bucket replicates into it
#               (archive_replication_destination_bucket_arn); the DR Lambdas' archive bucket, so
#               CSV exports of archived months and the archive job work after a failover.
#
# Replication covers objects written after it was enabled: copy the existing ones once with S3
# Batch Replication (dr/RUNBOOK.md, "existing objects").

data "aws_iam_policy_document" "assets_dr" {
  statement {
    sid       = "CloudFrontReadsStaticAssets"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::${local.name}-assets-dr-${local.account_id}/_static/*"]

    principals {
      type        = "Service"
      identifiers = ["cloudfront.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "AWS:SourceArn"
      values   = ["arn:aws:cloudfront::${local.account_id}:distribution/${local.primary.distribution_id}"]
    }
  }
}

module "assets_dr_bucket" {
  source = "../../terraform/modules/secure-bucket"

  name             = "${local.name}-assets-dr-${local.account_id}"
  policy_documents = [data.aws_iam_policy_document.assets_dr.json]
  # Rollback needs the previous versions here too.
  lifecycle_rules = [{
    id                         = "noncurrent-versions"
    noncurrent_expiration_days = 365
    newer_noncurrent_versions  = 10
  }]
}

module "archive_dr_bucket" {
  source = "../../terraform/modules/secure-bucket"

  name = "${local.name}-history-archive-dr-${local.account_id}"
  lifecycle_rules = [{
    id                         = "archive-to-glacier"
    transition_days            = 30
    transition_storage_class   = "GLACIER_IR"
    noncurrent_expiration_days = 90
    abort_multipart_days       = 7
  }]
}

moved {
  from = aws_s3_bucket.assets_dr
  to   = module.assets_dr_bucket.aws_s3_bucket.this[0]
}
moved {
  from = aws_s3_bucket_ownership_controls.assets_dr
  to   = module.assets_dr_bucket.aws_s3_bucket_ownership_controls.this
}
moved {
  from = aws_s3_bucket_public_access_block.assets_dr
  to   = module.assets_dr_bucket.aws_s3_bucket_public_access_block.this
}
moved {
  from = aws_s3_bucket_versioning.assets_dr
  to   = module.assets_dr_bucket.aws_s3_bucket_versioning.this
}
moved {
  from = aws_s3_bucket_server_side_encryption_configuration.assets_dr
  to   = module.assets_dr_bucket.aws_s3_bucket_server_side_encryption_configuration.this
}
moved {
  from = aws_s3_bucket_lifecycle_configuration.assets_dr
  to   = module.assets_dr_bucket.aws_s3_bucket_lifecycle_configuration.this[0]
}
moved {
  from = aws_s3_bucket_policy.assets_dr
  to   = module.assets_dr_bucket.aws_s3_bucket_policy.this
}
