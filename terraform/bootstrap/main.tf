# Account bootstrap and baseline (Appendix A), applied once per AWS account before the
# environments, with local state (it creates the remote state's bucket and lock table):
#
#   terraform -chdir=terraform/bootstrap init && terraform -chdir=terraform/bootstrap apply
#
# Creates: the Terraform state bucket (versioned, encrypted) and DynamoDB lock table; CloudTrail
# (all regions, validated log files); GuardDuty; the account-wide budget alerts at $100, $500
# and $1000; the GitHub OIDC provider and the role the deploy workflow runs Terraform with.
# Keep its terraform.tfstate safe (or move it into the new bucket: add a backend "s3" block with
# key "bootstrap/terraform.tfstate" and run terraform init -migrate-state).

terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.20" # nodejs24.x needs 6.20+ (decision 011)
    }
  }
}

provider "aws" {
  region = var.aws_region

  default_tags {
    tags = {
      Project     = "CalcApp"
      Environment = "Shared"
      ManagedBy   = "Terraform"
      CostCenter  = "Engineering"
    }
  }
}

# The DR region: the replica of the state bucket.
provider "aws" {
  alias  = "dr"
  region = var.state_dr_region

  default_tags {
    tags = {
      Project     = "CalcApp"
      Environment = "Shared"
      ManagedBy   = "Terraform"
      CostCenter  = "Engineering"
    }
  }
}

data "aws_caller_identity" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
}

# ------------------------------------------------------------------ Terraform remote state ---

# Replicated to a bucket in the DR region (state_dr_region): a us-east-1 outage leaves every
# state readable there, and dr/terraform keeps its own state in that bucket (its backend), so the
# DR stack can be planned and applied while us-east-1 is down (dr/RUNBOOK.md, "Terraform during
# an outage"). Locking: S3-native lock files (use_lockfile), which need no DynamoDB table.
module "state_bucket" {
  source = "../modules/secure-bucket"

  name            = var.state_bucket_name
  prevent_destroy = true
  sse_algorithm   = "aws:kms"
  lifecycle_rules = [{
    id                         = "expire-old-state-versions"
    noncurrent_expiration_days = 90
    newer_noncurrent_versions  = 20
  }]
  replication = {
    destination_bucket_arn = module.state_bucket_dr.arn
    role_name              = "calcapp-terraform-state-replication"
    rule_suffix            = "state-to-${var.state_dr_region}"
    replica_kms_key_id     = "arn:aws:kms:${var.state_dr_region}:${local.account_id}:alias/aws/s3"
  }
}

module "state_bucket_dr" {
  source    = "../modules/secure-bucket"
  providers = { aws = aws.dr }

  name            = "${var.state_bucket_name}-${var.state_dr_region}"
  prevent_destroy = true
  # SSE-KMS with this region's aws/s3 key.
  sse_algorithm = "aws:kms"
  lifecycle_rules = [{
    id                         = "expire-old-state-versions"
    noncurrent_expiration_days = 90
    newer_noncurrent_versions  = 20
  }]
}

moved {
  from = aws_s3_bucket.state
  to   = module.state_bucket.aws_s3_bucket.protected[0]
}
moved {
  from = aws_s3_bucket_ownership_controls.state
  to   = module.state_bucket.aws_s3_bucket_ownership_controls.this
}
moved {
  from = aws_s3_bucket_public_access_block.state
  to   = module.state_bucket.aws_s3_bucket_public_access_block.this
}
moved {
  from = aws_s3_bucket_versioning.state
  to   = module.state_bucket.aws_s3_bucket_versioning.this
}
moved {
  from = aws_s3_bucket_server_side_encryption_configuration.state
  to   = module.state_bucket.aws_s3_bucket_server_side_encryption_configuration.this
}
moved {
  from = aws_s3_bucket_lifecycle_configuration.state
  to   = module.state_bucket.aws_s3_bucket_lifecycle_configuration.this[0]
}
moved {
  from = aws_s3_bucket_policy.state
  to   = module.state_bucket.aws_s3_bucket_policy.this
}

resource "aws_dynamodb_table" "lock" {
  name                        = var.lock_table_name
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "LockID"
  deletion_protection_enabled = true

  attribute {
    name = "LockID"
    type = "S"
  }

  server_side_encryption {
    enabled = true
  }

  point_in_time_recovery {
    enabled = true
  }

  lifecycle {
    prevent_destroy = true
  }
}

# No bucket in this account may be made public.
resource "aws_s3_account_public_access_block" "account" {
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
