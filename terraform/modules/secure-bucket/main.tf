# One private, hardened S3 bucket: the S3 settings every CalcApp bucket shares, in one place.
#
#   - bucket owner enforced (no ACLs), every public access blocked
#   - versioning on (rollback of assets, recovery of state and user data, replication)
#   - server-side encryption (SSE-S3, or SSE-KMS with a bucket key)
#   - a bucket policy that denies plain HTTP, plus the caller's own statements
#   - lifecycle rules given by the caller
#   - optional replication of every object (and delete markers) to a bucket in another region,
#     with its own IAM role. Replication covers new objects only: objects that existed before
#     it was enabled need a one-off S3 Batch Replication job (dr/RUNBOOK.md, "existing objects").
#
# Used by terraform/modules/cdn (assets, history archive), terraform/bootstrap (Terraform state,
# CloudTrail) and dr/terraform (the DR copies of the assets and the archive).

terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.20"
    }
  }
}

resource "aws_s3_bucket" "this" {
  count  = var.prevent_destroy ? 0 : 1
  bucket = var.name
}

# The same bucket, for the ones that must never be destroyed by Terraform (lifecycle arguments
# cannot come from a variable).
resource "aws_s3_bucket" "protected" {
  count  = var.prevent_destroy ? 1 : 0
  bucket = var.name

  lifecycle {
    prevent_destroy = true
  }
}

locals {
  bucket = var.prevent_destroy ? aws_s3_bucket.protected[0] : aws_s3_bucket.this[0]
}

resource "aws_s3_bucket_ownership_controls" "this" {
  bucket = local.bucket.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket                  = local.bucket.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = local.bucket.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = local.bucket.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = var.sse_algorithm
      kms_master_key_id = var.kms_key_arn
    }
    bucket_key_enabled = var.sse_algorithm == "aws:kms" ? true : null
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  count  = length(var.lifecycle_rules) > 0 ? 1 : 0
  bucket = local.bucket.id

  dynamic "rule" {
    for_each = var.lifecycle_rules
    content {
      id     = rule.value.id
      status = "Enabled"
      filter {}

      dynamic "transition" {
        for_each = rule.value.transition_days == null ? [] : [1]
        content {
          days          = rule.value.transition_days
          storage_class = rule.value.transition_storage_class
        }
      }

      dynamic "expiration" {
        for_each = rule.value.expiration_days == null ? [] : [1]
        content {
          days = rule.value.expiration_days
        }
      }

      dynamic "noncurrent_version_transition" {
        for_each = rule.value.noncurrent_transition_days == null ? [] : [1]
        content {
          noncurrent_days = rule.value.noncurrent_transition_days
          storage_class   = rule.value.noncurrent_transition_storage_class
        }
      }

      dynamic "noncurrent_version_expiration" {
        for_each = rule.value.noncurrent_expiration_days == null ? [] : [1]
        content {
          noncurrent_days           = rule.value.noncurrent_expiration_days
          newer_noncurrent_versions = rule.value.newer_noncurrent_versions
        }
      }

      dynamic "abort_incomplete_multipart_upload" {
        for_each = rule.value.abort_multipart_days == null ? [] : [1]
        content {
          days_after_initiation = rule.value.abort_multipart_days
        }
      }
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}

data "aws_iam_policy_document" "this" {
  source_policy_documents = var.policy_documents

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [local.bucket.arn, "${local.bucket.arn}/*"]

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

resource "aws_s3_bucket_policy" "this" {
  bucket     = local.bucket.id
  policy     = data.aws_iam_policy_document.this.json
  depends_on = [aws_s3_bucket_public_access_block.this]
}

# --- replication to another region -----------------------------------------------------------

data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "replication_assume" {
  statement {
    sid     = "S3AssumesReplicationRole"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_iam_role" "replication" {
  count              = var.replication == null ? 0 : 1
  name               = var.replication.role_name
  assume_role_policy = data.aws_iam_policy_document.replication_assume.json
}

data "aws_iam_policy_document" "replication" {
  count = var.replication == null ? 0 : 1

  statement {
    sid       = "ReadReplicationConfiguration"
    actions   = ["s3:GetReplicationConfiguration", "s3:ListBucket"]
    resources = [local.bucket.arn]
  }

  statement {
    sid = "ReadSourceVersions"
    actions = [
      "s3:GetObjectVersionForReplication",
      "s3:GetObjectVersionAcl",
      "s3:GetObjectVersionTagging",
    ]
    resources = ["${local.bucket.arn}/*"]
  }

  statement {
    sid       = "WriteReplicas"
    actions   = ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"]
    resources = ["${var.replication.destination_bucket_arn}/*"]
  }

  # SSE-KMS objects: decrypt here, encrypt with the destination region's key.
  dynamic "statement" {
    for_each = var.replication.replica_kms_key_id == null ? [] : [1]
    content {
      sid       = "DecryptSourceEncryptReplica"
      actions   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]
      resources = ["arn:aws:kms:*:${data.aws_caller_identity.current.account_id}:key/*"]
      condition {
        test     = "StringLike"
        variable = "kms:ViaService"
        values   = ["s3.*.amazonaws.com"]
      }
    }
  }
}

resource "aws_iam_role_policy" "replication" {
  count  = var.replication == null ? 0 : 1
  name   = "replicate-${var.name}"
  role   = aws_iam_role.replication[0].id
  policy = data.aws_iam_policy_document.replication[0].json
}

resource "aws_s3_bucket_replication_configuration" "this" {
  count  = var.replication == null ? 0 : 1
  bucket = local.bucket.id
  role   = aws_iam_role.replication[0].arn

  rule {
    id     = "to-${var.replication.rule_suffix}"
    status = "Enabled"
    filter {}

    delete_marker_replication {
      status = "Enabled"
    }

    # Objects encrypted with SSE-KMS are replicated only when asked to, re-encrypted there.
    dynamic "source_selection_criteria" {
      for_each = var.replication.replica_kms_key_id == null ? [] : [1]
      content {
        sse_kms_encrypted_objects {
          status = "Enabled"
        }
      }
    }

    destination {
      bucket        = var.replication.destination_bucket_arn
      storage_class = var.replication.storage_class

      dynamic "encryption_configuration" {
        for_each = var.replication.replica_kms_key_id == null ? [] : [1]
        content {
          replica_kms_key_id = var.replication.replica_kms_key_id
        }
      }
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}
