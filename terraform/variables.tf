# Inputs of the CalcApp stack. environments/<env>/terraform.tfvars sets them per environment.

variable "environment" {
  description = "staging or production."
  type        = string

  validation {
    condition     = contains(["staging", "production"], var.environment)
    error_message = "environment must be staging or production."
  }
}

variable "aws_region" {
  description = "Primary region. CloudFront's WAF, its metrics and its certificates live in us-east-1, so this stack does too; the DR region gets its own (dr/)."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = var.aws_region == "us-east-1"
    error_message = "The primary stack runs in us-east-1 (CloudFront-scoped WAF and CloudFront alarms must be there)."
  }
}

# --- networking ---------------------------------------------------------------------------

variable "vpc_cidr" {
  type    = string
  default = "10.0.0.0/16"
}

variable "availability_zones" {
  type    = list(string)
  default = ["us-east-1a", "us-east-1b", "us-east-1c"]
}

variable "single_nat_gateway" {
  description = "true: one NAT gateway (staging); false: one per AZ (production)."
  type        = bool
}

# --- compute ------------------------------------------------------------------------------

variable "lambda_packages_dir" {
  description = "Directory with lambda-packages/<name>.zip (npm run package); null: the repository's lambda-packages/."
  type        = string
  default     = null
}

variable "log_level" {
  description = "LOG_LEVEL of the Lambdas (section 2.2: info, warn in production)."
  type        = string

  validation {
    condition     = contains(["debug", "info", "warn", "error"], var.log_level)
    error_message = "log_level must be debug, info, warn or error."
  }
}

variable "jwt_access_expiry" {
  type    = string
  default = "7d"
}

variable "jwt_refresh_expiry" {
  type    = string
  default = "30d"
}

variable "stripe_price_id" {
  description = "STRIPE_PRICE_ID of the Premium plan (not a secret)."
  type        = string
  default     = ""
}

variable "secrets_extension_layer_arn" {
  description = "AWS Parameters and Secrets Lambda Extension layer (x86_64, us-east-1). Check the current version in the Secrets Manager user guide."
  type        = string
  default     = "arn:aws:lambda:us-east-1:177933569100:layer:AWS-Parameters-and-Secrets-Lambda-Extension:12"
}

variable "migration_reserved_concurrency" {
  description = "Reserved concurrency of the migration Lambda (1; -1 in accounts whose concurrency quota is still 10)."
  type        = number
  default     = 1
}

variable "log_retention_days" {
  type    = number
  default = 30
}

variable "api_throttling_burst_limit" {
  type    = number
  default = 500
}

variable "api_throttling_rate_limit" {
  type    = number
  default = 1000
}

# --- storage ------------------------------------------------------------------------------

variable "aurora_engine_version" {
  type    = string
  default = "15.8"
}

variable "aurora_instance_count" {
  type = number
}

variable "deletion_protection" {
  description = "Aurora deletion protection (true in production)."
  type        = bool
}

variable "final_snapshot" {
  description = "Final Aurora snapshot on destroy (true in production)."
  type        = bool
}

variable "redis_node_type" {
  type    = string
  default = "cache.t4g.micro"
}

variable "redis_cluster_size" {
  type = number
}

variable "redis_snapshot_retention_days" {
  type    = number
  default = 1
}

variable "secret_replica_regions" {
  description = "Hook for dr/: regions the app's secrets are replicated to."
  type        = list(string)
  default     = []
}

# --- cdn ----------------------------------------------------------------------------------

variable "domain_names" {
  description = "Public host names (e.g. [\"app.calcapp.com\"]); empty: the CloudFront name only."
  type        = list(string)
  default     = []
}

variable "acm_certificate_arn" {
  description = "ACM certificate in us-east-1 for domain_names."
  type        = string
  default     = null
}

variable "waf_rate_limit" {
  type    = number
  default = 2000
}

variable "assets_replication_destination_bucket_arn" {
  description = "Hook for dr/: the DR region's assets bucket. null: no replication yet."
  type        = string
  default     = null
}

variable "archive_replication_destination_bucket_arn" {
  description = "Hook for dr/: the DR region's history archive bucket (dr/terraform output archive_dr_bucket_arn); null: the archive is not replicated."
  type        = string
  default     = null
}

variable "api_origin_domain_name" {
  description = "Hook for dr/: the Route 53 failover name CloudFront uses as the API origin. null: the HTTP API's own endpoint."
  type        = string
  default     = null
}

variable "assets_failover_bucket_regional_domain_name" {
  description = "Hook for dr/: the DR assets bucket's regional domain name (CloudFront origin group). null: no origin group."
  type        = string
  default     = null
}

# --- monitoring ---------------------------------------------------------------------------

variable "alert_emails" {
  description = "Email subscribers per severity topic."
  type = object({
    critical = list(string)
    high     = list(string)
    medium   = list(string)
  })
}

variable "budget_emails" {
  type = list(string)
}

variable "aurora_storage_capacity_gib" {
  type    = number
  default = 100
}

# --- deployment ---------------------------------------------------------------------------

variable "github_repository" {
  description = "owner/name of the GitHub repository whose deploy workflow may assume the deploy role."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.github_repository))
    error_message = "github_repository must look like owner/name."
  }
}

# --- mail ---------------------------------------------------------------------------------

variable "mail_domain" {
  description = "The domain account mail is sent from (SES identity, DKIM records to publish: output mail_dkim_tokens); null: no mail."
  type        = string
  default     = null
}

# --- DR hooks (dr/, docs/decisions/012) ------------------------------------------------------

variable "global_cluster_identifier" {
  description = "Make the Aurora cluster the primary of a global database with this id (production: calcapp-production-global); the app's secret then names its global writer endpoint."
  type        = string
  default     = null
}

variable "region_role_secret_name" {
  description = "The DR region role secret (created by dr/terraform, primary copy in the DR region, replicated here); null: no standby."
  type        = string
  default     = null
}
