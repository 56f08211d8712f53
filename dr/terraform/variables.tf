# Inputs of the DR stack; values in terraform.tfvars.

variable "environment" {
  type    = string
  default = "production"

  validation {
    condition     = var.environment == "production"
    error_message = "Only production has a DR region."
  }
}

variable "primary_region" {
  type    = string
  default = "us-east-1"
}

variable "dr_region" {
  type    = string
  default = "eu-west-1"

  validation {
    condition     = var.dr_region != "us-east-1"
    error_message = "The DR region must differ from the primary region (us-east-1)."
  }
}

variable "primary_state_bucket" {
  description = "Where the primary's state is read. During a us-east-1 outage: its replica, calcapp-terraform-state-eu-west-1 (with primary_state_region = eu-west-1; dr/RUNBOOK.md)."
  type        = string
  default     = "calcapp-terraform-state"
}

variable "primary_state_region" {
  type    = string
  default = "us-east-1"
}

variable "primary_state_key" {
  type    = string
  default = "production/terraform.tfstate"
}

# --- networking ---------------------------------------------------------------------------

variable "vpc_cidr" {
  description = "Must not overlap production's 10.10.0.0/16 (peering or a transit gateway may come later)."
  type        = string
  default     = "10.20.0.0/16"
}

variable "availability_zones" {
  type    = list(string)
  default = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
}

# --- database -----------------------------------------------------------------------------

variable "global_cluster_identifier" {
  type    = string
  default = "calcapp-production-global"
}

variable "aurora_engine_version" {
  description = "Must equal the primary's (terraform/ aurora_engine_version): global databases replicate between identical versions."
  type        = string
  default     = "15.8"
}

variable "aurora_instance_count" {
  description = "Serverless v2 instances of the secondary cluster: a reader now, the writer after a failover."
  type        = number
  default     = 1
}

variable "replication_lag_alarm_ms" {
  description = "AuroraGlobalDBReplicationLag above this (3 minutes running) alarms; typical lag is < 1 s."
  type        = number
  default     = 2000
}

variable "rpo_lag_alarm_ms" {
  description = "AuroraGlobalDBRPOLag above this alarms: the data an unplanned failover would lose (target RPO 1 min; we page at 10 s)."
  type        = number
  default     = 10000
}

# --- compute ------------------------------------------------------------------------------

variable "lambda_packages_dir" {
  type    = string
  default = null
}

variable "secrets_extension_layer_arn" {
  description = "AWS Parameters and Secrets Lambda Extension layer for the DR region (x86_64)."
  type        = string
  default     = "arn:aws:lambda:eu-west-1:015030872274:layer:AWS-Parameters-and-Secrets-Lambda-Extension:12"
}


# --- redis --------------------------------------------------------------------------------

variable "redis_cluster_size" {
  type    = number
  default = 2
}

# --- DNS ----------------------------------------------------------------------------------

variable "hosted_zone_id" {
  description = "Route 53 public zone of api_origin_domain_name."
  type        = string
}

variable "api_origin_domain_name" {
  description = "The API origin host CloudFront uses (terraform/ api_origin_domain_name), e.g. api-origin.calcapp.com."
  type        = string
}

variable "primary_certificate_arn" {
  description = "Regional ACM certificate in us-east-1 for api_origin_domain_name."
  type        = string
}

variable "dr_certificate_arn" {
  description = "Regional ACM certificate in the DR region for api_origin_domain_name."
  type        = string
}

variable "health_check_path" {
  description = "What Route 53 probes (app/routes/health.ts)."
  type        = string
  default     = "/health"
}

variable "readiness_check_path" {
  description = "Each region's readiness (deep check), alarmed separately from routing."
  type        = string
  default     = "/v1/health"
}

variable "health_check_interval" {
  description = "Seconds between probes from each checker: 10 (fast) or 30."
  type        = number
  default     = 10

  validation {
    condition     = contains([10, 30], var.health_check_interval)
    error_message = "Route 53 supports 10 or 30 seconds."
  }
}

variable "health_check_failure_threshold" {
  type    = number
  default = 3

  validation {
    condition     = var.health_check_failure_threshold >= 1 && var.health_check_failure_threshold <= 10
    error_message = "Route 53 accepts 1 to 10."
  }
}

variable "failover_record_ttl" {
  description = "TTL of the failover records: how long resolvers keep the old answer after a switch."
  type        = number
  default     = 60
}
