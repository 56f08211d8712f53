# The DR region of CalcApp production (docs/decisions/009-failover-design.md): a warm
# standby in eu-west-1 of the stack terraform/ builds in us-east-1.
#
#   aurora.tf   Aurora Global Database: the production cluster (us-east-1) is the primary, a
#               secondary cluster with a Serverless v2 reader here; replication-lag alarms
#   stack.tf    the secondary region's stack, deployed and warm: VPC, the same Lambdas from the
#               same app.arc manifest (terraform/modules/compute), HTTP API, the Redis member of an
#               ElastiCache Global Datastore (sessions survive a failover), its secrets
#   dns.tf      regional API Gateway custom domains in both regions for the API origin host name
#               CloudFront uses, Route 53 HTTPS health checks on /health and failover records
#   assets.tf   the DR assets bucket (replication target of terraform/'s assets bucket), read by
#               CloudFront's origin group when the primary bucket fails
#
# It reads the primary stack from its state (terraform_remote_state), so apply terraform/ first.
# Scripts that act on all of this: dr/scripts (npm run dr:failover etc.); procedure: dr/RUNBOOK.md.

terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.20" # nodejs24.x needs 6.20+ (decision 011)
    }
  }

  # Its own state, in the DR region (terraform/bootstrap state_bucket_dr), locked with S3-native
  # lock files: the DR stack can be planned and applied while us-east-1 is down. (The primary's
  # state is replicated to the same bucket: see primary_state_bucket below.)
  backend "s3" {
    bucket       = "calcapp-terraform-state-eu-west-1"
    key          = "production-dr/terraform.tfstate"
    region       = "eu-west-1"
    encrypt      = true
    use_lockfile = true
  }
}

locals {
  default_tags = {
    Project     = "CalcApp"
    Environment = "Production"
    ManagedBy   = "Terraform"
    CostCenter  = "Engineering"
    DrRole      = "warm-standby"
  }
}

# The primary region: the global cluster, the primary's custom domain, Route 53 (global, billed and
# reported in us-east-1), health-check alarms (Route 53 metrics exist only in us-east-1).
provider "aws" {
  alias  = "primary"
  region = var.primary_region

  default_tags {
    tags = local.default_tags
  }
}

# The DR region (the default provider, so terraform/modules/* deploy here unchanged): the
# secondary cluster and the warm standby stack.
provider "aws" {
  region = var.dr_region

  default_tags {
    tags = local.default_tags
  }
}

# What terraform/environments/production created (its outputs).
data "terraform_remote_state" "primary" {
  backend = "s3"
  config = {
    bucket = var.primary_state_bucket
    key    = var.primary_state_key
    region = var.primary_state_region
  }
}

data "aws_caller_identity" "current" {
}

locals {
  name       = "calcapp-${var.environment}"
  dr_name    = "calcapp-${var.environment}-dr"
  primary    = data.terraform_remote_state.primary.outputs
  account_id = data.aws_caller_identity.current.account_id

  manifest_path       = "${path.module}/../../terraform/lambda-manifest.json"
  manifest            = jsondecode(file(local.manifest_path))
  lambda_packages_dir = coalesce(var.lambda_packages_dir, abspath("${path.module}/../../lambda-packages"))
}
