variable "name" {
  description = "Name prefix for every resource, e.g. calcapp-production."
  type        = string
}

variable "environment" {
  type = string
}

variable "manifest_path" {
  description = "terraform/lambda-manifest.json, generated from app.arc by npm run arc:manifest."
  type        = string
}

variable "lambda_packages_dir" {
  description = "Directory holding <function>.zip for every Lambda in the manifest (npm run package)."
  type        = string
}

variable "subnet_ids" {
  type = list(string)
}

variable "lambda_security_group_id" {
  type = string
}

variable "secret_arns" {
  description = "Secret ARNs by key (database, session, jwt_signing_keys, stripe, sentry, redis_auth, origin_verify)."
  type        = map(string)
}

variable "secret_access" {
  description = "Which secrets each kind of Lambda may read (and gets as *_SECRET_ARN)."
  type        = map(list(string))
  default = {
    http = ["database", "session", "jwt_signing_keys", "stripe", "sentry", "redis_auth", "origin_verify"]
    # The purge and session clean-up jobs open sessions in Redis and validate SESSION_SECRET at start;
    # sync-subscriptions reads subscriptions from Stripe.
    scheduled = ["database", "sentry", "session", "redis_auth", "stripe"]
    event     = ["database", "sentry"]
  }
}

variable "environment_variables" {
  description = "Plain (non-secret) environment shared by every Lambda: NODE_ENV, LOG_LEVEL, API_BASE_URL, REDIS_URL, ..."
  type        = map(string)
}

variable "archive_bucket_arn" {
  description = "History archive bucket: scheduled Lambdas may write to it."
  type        = string
}

variable "secrets_extension_layer_arn" {
  description = "AWS Parameters and Secrets Lambda Extension layer for the region and architecture (the app reads secrets through it)."
  type        = string
}

variable "secrets_cache_ttl_seconds" {
  description = "How long the extension caches a secret: the longest a rotated value takes to reach a warm Lambda."
  type        = number
  default     = 300
}

variable "migration_function" {
  description = "The Lambda that applies prisma/migrations (app.arc @events)."
  type        = string
  default     = "migrate"
}

variable "migration_reserved_concurrency" {
  description = "Reserved concurrency of the migration Lambda (1: never two migrations at once; -1: unreserved)."
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

variable "disable_execute_api_endpoint" {
  description = "Switch off the default execute-api endpoint: true when CloudFront and the health checks reach the API through a custom domain."
  type        = bool
  default     = false
}

variable "schedules_enabled" {
  description = "Hook for dr/: whether the @scheduled jobs' EventBridge rules start enabled (false in the warm standby region; the DR scripts flip them)."
  type        = bool
  default     = true
}

variable "region_role_secret_arn" {
  description = "Hook for dr/: ARN (pattern) of the region role secret every function reads before a write; null: none."
  type        = string
  default     = null
}
