# The plain (non-secret) environment of every CalcApp Lambda, in one place, for every region:
# terraform/ (the primary region) and dr/terraform (the warm standby) both call this module with
# the same inputs (the standby reads them from the primary's state), so the two regions cannot
# drift apart. Only the region, its Redis URL and its archive bucket differ, by design; the drift test
# (tests/dr/drift.test.ts) holds both roots to that allow-list.

terraform {
  required_version = ">= 1.11"
}

variable "environment" {
  type = string
}

variable "region" {
  description = "The region the Lambdas run in (APP_REGION)."
  type        = string
}

variable "app_url" {
  description = "The public origin, e.g. https://app.calcapp.com (the same in every region: CloudFront)."
  type        = string
}

variable "redis_url" {
  description = "This region's Redis (rediss://host:6379)."
  type        = string
}

variable "settings" {
  description = "What is the same in every region: log level, JWT expiries, the Stripe price, the app name."
  type = object({
    log_level          = string
    jwt_access_expiry  = string
    jwt_refresh_expiry = string
    stripe_price_id    = string
    app_name           = string
  })
}

variable "archive_bucket" {
  description = "This region's history archive bucket (the DR region's is a replica of the primary's)."
  type        = string
}

variable "region_role_secret_id" {
  description = "The DR region role secret (name), read before every write and by /health; null: no standby."
  type        = string
  default     = null
}

variable "mail" {
  description = "Account mail through SES in this region (sender and configuration set); null: no mail is sent (sign-up and reset still answer)."
  type = object({
    from              = string
    configuration_set = string
  })
  default = null
}

output "environment_variables" {
  value = merge(
    {
      NODE_ENV               = "production"
      APP_ENV                = var.environment
      LOG_LEVEL              = var.settings.log_level
      APP_REGION             = var.region
      API_BASE_URL           = "${var.app_url}/v1"
      APP_ORIGIN             = var.app_url # the only origin allowed to post forms (CSRF check)
      REDIS_URL              = var.redis_url
      JWT_ACCESS_EXPIRY      = var.settings.jwt_access_expiry
      JWT_REFRESH_EXPIRY     = var.settings.jwt_refresh_expiry
      STRIPE_PRICE_ID        = var.settings.stripe_price_id
      HISTORY_ARCHIVE_BUCKET = var.archive_bucket
      # TLS to Aurora, verified against the Amazon RDS CAs the Node.js runtime ships.
      DATABASE_URL_PARAMS = "sslmode=verify-full"
      NODE_EXTRA_CA_CERTS = "/var/runtime/ca-cert.pem"
      ARC_ENV             = var.environment
      ARC_APP_NAME        = var.settings.app_name
    },
    var.region_role_secret_id == null ? {} : { DR_ROLE_SECRET_ID = var.region_role_secret_id },
    var.mail == null ? {} : { EMAIL_FROM = var.mail.from, SES_CONFIGURATION_SET = var.mail.configuration_set },
  )
}
