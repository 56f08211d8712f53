# Root module of an environment: the provider (with the cost allocation tags of section 9.1 on
# every resource) and the CalcApp stack. environments/staging/main.tf and
# environments/production/main.tf are the same file (tests/infra checks it): the environments
# differ only in their inputs (terraform.tfvars) and their state (backend.tf).
#
#   npm run build && npm run package        # lambda-packages/*.zip (first apply only needs them)
#   terraform -chdir=terraform/environments/<environment> init
#   terraform -chdir=terraform/environments/<environment> plan

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
      Environment = title(var.environment)
      ManagedBy   = "Terraform"
      CostCenter  = "Engineering"
    }
  }
}

module "calcapp" {
  source = "../.."

  environment                                 = var.environment
  aws_region                                  = var.aws_region
  vpc_cidr                                    = var.vpc_cidr
  availability_zones                          = var.availability_zones
  single_nat_gateway                          = var.single_nat_gateway
  lambda_packages_dir                         = var.lambda_packages_dir
  log_level                                   = var.log_level
  stripe_price_id                             = var.stripe_price_id
  migration_reserved_concurrency              = var.migration_reserved_concurrency
  log_retention_days                          = var.log_retention_days
  aurora_instance_count                       = var.aurora_instance_count
  deletion_protection                         = var.deletion_protection
  final_snapshot                              = var.final_snapshot
  redis_node_type                             = var.redis_node_type
  redis_cluster_size                          = var.redis_cluster_size
  redis_snapshot_retention_days               = var.redis_snapshot_retention_days
  secret_replica_regions                      = var.secret_replica_regions
  domain_names                                = var.domain_names
  acm_certificate_arn                         = var.acm_certificate_arn
  assets_replication_destination_bucket_arn   = var.assets_replication_destination_bucket_arn
  archive_replication_destination_bucket_arn  = var.archive_replication_destination_bucket_arn
  api_origin_domain_name                      = var.api_origin_domain_name
  assets_failover_bucket_regional_domain_name = var.assets_failover_bucket_regional_domain_name
  global_cluster_identifier                   = var.global_cluster_identifier
  region_role_secret_name                     = var.region_role_secret_name
  alert_emails                                = var.alert_emails
  budget_emails                               = var.budget_emails
  mail_domain                                 = var.mail_domain
  github_repository                           = var.github_repository
}

# --- inputs (terraform.tfvars) -------------------------------------------------------------

variable "environment" {
  description = "staging or production."
  type        = string

  validation {
    condition     = contains(["staging", "production"], var.environment)
    error_message = "environment must be staging or production."
  }
}

variable "aws_region" {
  type    = string
  default = "us-east-1"
}

variable "vpc_cidr" {
  type = string
}

variable "availability_zones" {
  type = list(string)
}

variable "single_nat_gateway" {
  type = bool
}

variable "lambda_packages_dir" {
  description = "null: the repository's lambda-packages/ (the deploy workflow passes the release's)."
  type        = string
  default     = null
}

variable "log_level" {
  type = string
}

variable "stripe_price_id" {
  type    = string
  default = ""
}

variable "migration_reserved_concurrency" {
  type    = number
  default = 1
}

variable "log_retention_days" {
  type = number
}

variable "aurora_instance_count" {
  type = number
}

variable "deletion_protection" {
  type = bool
}

variable "final_snapshot" {
  type = bool
}

variable "redis_node_type" {
  type = string
}

variable "redis_cluster_size" {
  type = number
}

variable "redis_snapshot_retention_days" {
  type = number
}

variable "secret_replica_regions" {
  type    = list(string)
  default = []
}

variable "domain_names" {
  type    = list(string)
  default = []
}

variable "acm_certificate_arn" {
  type    = string
  default = null
}

variable "assets_replication_destination_bucket_arn" {
  type    = string
  default = null
}

variable "archive_replication_destination_bucket_arn" {
  description = "Hook for dr/: dr/terraform output archive_dr_bucket_arn."
  type        = string
  default     = null
}

variable "api_origin_domain_name" {
  description = "Hook for dr/: set once dr/terraform has created the failover records."
  type        = string
  default     = null
}

variable "assets_failover_bucket_regional_domain_name" {
  description = "Hook for dr/: dr/terraform output assets_dr_bucket_regional_domain_name."
  type        = string
  default     = null
}

variable "global_cluster_identifier" {
  description = "Hook for dr/: the Aurora global database id (production: calcapp-production-global)."
  type        = string
  default     = null
}

variable "region_role_secret_name" {
  description = "Hook for dr/: the region role secret dr/terraform creates (production: calcapp-production/dr-role)."
  type        = string
  default     = null
}

variable "alert_emails" {
  type = object({
    critical = list(string)
    high     = list(string)
    medium   = list(string)
  })
}

variable "budget_emails" {
  type = list(string)
}

variable "mail_domain" {
  description = "Domain account mail is sent from; null: no mail (see terraform/main.tf)."
  type        = string
  default     = null
}

variable "github_repository" {
  type = string
}

# --- outputs -------------------------------------------------------------------------------

output "app_url" {
  value = module.calcapp.app_url
}

output "distribution_id" {
  value = module.calcapp.distribution_id
}

output "assets_bucket" {
  value = module.calcapp.assets_bucket
}

output "functions" {
  value = module.calcapp.functions
}

output "routes" {
  value = module.calcapp.routes
}

output "aurora_cluster_identifier" {
  value = module.calcapp.aurora_cluster_identifier
}

output "aurora_cluster_arn" {
  value = module.calcapp.aurora_cluster_arn
}

output "assets_bucket_arn" {
  value = module.calcapp.assets_bucket_arn
}

output "secret_arns" {
  value = module.calcapp.secret_arns
}

output "deploy_role_arn" {
  value = module.calcapp.deploy_role_arn
}

output "deploy_parameter_name" {
  value = module.calcapp.deploy_parameter_name
}

# Read by dr/terraform (terraform_remote_state).
output "api_id" {
  value = module.calcapp.api_id
}

output "api_endpoint" {
  value = module.calcapp.api_endpoint
}

output "archive_bucket" {
  value = module.calcapp.archive_bucket
}

output "redis_replication_group_id" {
  value = module.calcapp.redis_replication_group_id
}

output "app_settings" {
  value = module.calcapp.app_settings
}

output "regional_settings" {
  value = module.calcapp.regional_settings
}

output "redis_node_type" {
  value = module.calcapp.redis_node_type
}

output "global_cluster_identifier" {
  value = module.calcapp.global_cluster_identifier
}

output "archive_bucket_arn" {
  value = module.calcapp.archive_bucket_arn
}

output "mail_domain" {
  value = module.calcapp.mail_domain
}

output "mail_dkim_tokens" {
  description = "Publish each as CNAME <token>._domainkey.<mail_domain> -> <token>.dkim.amazonses.com."
  value       = module.calcapp.mail_dkim_tokens
}
