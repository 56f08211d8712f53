# The DR copy of the client assets: terraform/'s assets bucket replicates into it
# (assets_replication_destination_bucket_arn), and CloudFront's /_static/* behaviour reads an
# origin group whose secondary member is this bucket (terraform/modules/cdn
# assets_failover_bucket_regional_domain_name), used when the primary bucket answers 5xx/403/404.

resource "aws_s3_bucket" "assets_dr" {
  bucket = "${local.name}-assets-dr-${local.account_id}"
}

resource "aws_s3_bucket_ownership_controls" "assets_dr" {
  bucket = aws_s3_bucket.assets_dr.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "assets_dr" {
  bucket                  = aws_s3_bucket.assets_dr.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# Replication needs versioning on both sides; rollback needs the previous versions here too.
resource "aws_s3_bucket_versioning" "assets_dr" {
  bucket = aws_s3_bucket.assets_dr.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "assets_dr" {
  bucket = aws_s3_bucket.assets_dr.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "assets_dr" {
  bucket = aws_s3_bucket.assets_dr.id

  rule {
    id     = "noncurrent-versions"
    status = "Enabled"
    filter {}

    noncurrent_version_expiration {
      noncurrent_days           = 365
      newer_noncurrent_versions = 10
    }
  }

  depends_on = [aws_s3_bucket_versioning.assets_dr]
}

data "aws_iam_policy_document" "assets_dr" {
  statement {
    sid       = "CloudFrontReadsStaticAssets"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.assets_dr.arn}/_static/*"]

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

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.assets_dr.arn, "${aws_s3_bucket.assets_dr.arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "assets_dr" {
  bucket     = aws_s3_bucket.assets_dr.id
  policy     = data.aws_iam_policy_document.assets_dr.json
  depends_on = [aws_s3_bucket_public_access_block.assets_dr]
}
