variable "name" {
  description = "Name prefix for every resource, e.g. calcapp-production."
  type        = string
}

variable "environment" {
  description = "staging or production."
  type        = string
}

variable "vpc_id" {
  type = string
}

variable "subnet_ids" {
  description = "Private subnets (three AZs) for Aurora, Redis and the rotation Lambda."
  type        = list(string)
}

variable "aurora_security_group_id" {
  type = string
}

variable "redis_security_group_id" {
  type = string
}

variable "lambda_security_group_id" {
  description = "The rotation Lambda runs in the Lambda group: the only one Aurora accepts."
  type        = string
}

variable "database_name" {
  type    = string
  default = "calcapp"
}

variable "master_username" {
  type    = string
  default = "calcapp_admin"
}

variable "aurora_engine_version" {
  description = "Aurora PostgreSQL 15.x (section 3.2). Minor upgrades are made here, on purpose, not by AWS."
  type        = string
  default     = "15.8"

  validation {
    condition     = can(regex("^15\\.[0-9]+$", var.aurora_engine_version))
    error_message = "aurora_engine_version must be a PostgreSQL 15.x version, e.g. 15.8."
  }
}

variable "aurora_instance_count" {
  description = "Serverless v2 instances: 1 (staging) or 2 (production: a reader in another AZ to fail over to)."
  type        = number
  default     = 1

  validation {
    condition     = var.aurora_instance_count >= 1 && var.aurora_instance_count <= 3
    error_message = "aurora_instance_count must be 1, 2 or 3."
  }
}

variable "deletion_protection" {
  description = "Aurora deletion protection (must be true in production)."
  type        = bool
}

variable "final_snapshot" {
  description = "Take a final snapshot when the cluster is destroyed (must be true in production)."
  type        = bool
}

variable "database_password_version" {
  description = "Bump to have Terraform set a new random master password (normally the 90-day rotation does it)."
  type        = number
  default     = 1
}

variable "password_rotation_days" {
  description = "Automatic rotation of the database password (section 8.3: 90 days)."
  type        = number
  default     = 90
}

variable "rotation_application_version" {
  description = "Version of AWS's SecretsManagerRDSPostgreSQLRotationSingleUser application; null = latest."
  type        = string
  default     = null
}

variable "redis_node_type" {
  type    = string
  default = "cache.t4g.micro"
}

variable "redis_cluster_size" {
  description = "Redis nodes: 1 (staging) or 2+ (production: a replica in another AZ with automatic failover)."
  type        = number
  default     = 1
}

variable "redis_engine_version" {
  type    = string
  default = "7.1"
}

variable "redis_snapshot_retention_days" {
  type    = number
  default = 1
}

variable "secret_recovery_window_days" {
  description = "Days a deleted secret can still be restored."
  type        = number
  default     = 30
}

variable "secret_replica_regions" {
  description = "Hook for the DR region (dr/): regions the secrets are replicated to. Empty: no replicas."
  type        = list(string)
  default     = []
}

variable "log_retention_days" {
  type    = number
  default = 30
}

variable "app_username" {
  description = "The app's database login (alternating users: the rotation clones it into <name>_clone)."
  type        = string
  default     = "calcapp_app"
}

variable "global_cluster_identifier" {
  description = "Hook for dr/: make this cluster the primary of an Aurora global database with this id (production: calcapp-production-global); null: no global database."
  type        = string
  default     = null
}
