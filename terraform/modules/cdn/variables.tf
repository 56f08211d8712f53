variable "name" {
  description = "Name prefix for every resource, e.g. calcapp-production."
  type        = string
}

variable "environment" {
  type = string
}

variable "api_endpoint" {
  description = "The HTTP API's default endpoint, https://<id>.execute-api.<region>.amazonaws.com."
  type        = string
}

variable "origin_verify_value" {
  description = "Value of the X-Origin-Verify header CloudFront adds to API requests (the app rejects requests without it)."
  type        = string
  sensitive   = true
}

variable "domain_names" {
  description = "Alternate domain names (e.g. app.calcapp.com); empty: the cloudfront.net name only."
  type        = list(string)
  default     = []
}

variable "acm_certificate_arn" {
  description = "ACM certificate (us-east-1) covering domain_names; required when domain_names is not empty."
  type        = string
  default     = null
}

variable "price_class" {
  type    = string
  default = "PriceClass_100"
}

variable "waf_rate_limit" {
  description = "Requests per client IP per 5 minutes before WAF blocks it."
  type        = number
  default     = 2000
}

variable "assets_noncurrent_glacier_days" {
  description = "Days before a superseded asset version moves to Glacier (live assets stay in Standard)."
  type        = number
  default     = 30
}

variable "assets_noncurrent_versions_kept" {
  description = "Superseded versions of each asset kept beyond the expiry (section 7.1: the last 10)."
  type        = number
  default     = 10
}

variable "archive_glacier_days" {
  description = "Days before archived calculation history moves to Glacier."
  type        = number
  default     = 30
}

variable "replication_destination_bucket_arn" {
  description = "Hook for the DR region (dr/): versioned bucket the assets are replicated to. null: no replication."
  type        = string
  default     = null
}

variable "archive_replication_destination_bucket_arn" {
  description = "Hook for the DR region (dr/): versioned bucket the history archive (user data) is replicated to. null: no replication."
  type        = string
  default     = null
}

variable "log_retention_days" {
  type    = number
  default = 30
}

variable "api_origin_domain_name" {
  description = "Hook for the DR region (dr/): the API origin host (a Route 53 failover name with regional API custom domains behind it). null: the HTTP API's own endpoint."
  type        = string
  default     = null
}

variable "assets_failover_bucket_regional_domain_name" {
  description = "Hook for the DR region (dr/): regional domain name of the DR assets bucket, the second member of the /_static/* origin group. null: no origin group."
  type        = string
  default     = null
}
