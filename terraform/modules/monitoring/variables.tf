variable "name" {
  description = "Name prefix for every resource, e.g. calcapp-production."
  type        = string
}

variable "environment" {
  type = string
}

variable "alert_emails" {
  description = "Email subscribers of each severity's SNS topic (section 6.2: critical pages on-call, high within 1 hour, medium within 4 hours)."
  type = object({
    critical = list(string)
    high     = list(string)
    medium   = list(string)
  })
}

variable "budget_emails" {
  description = "Who receives budget and cost anomaly alerts."
  type        = list(string)
}

variable "budget_amounts" {
  description = "Monthly cost budgets in USD (Appendix A: 100, 500, 1000)."
  type        = list(number)
  default     = [100, 500, 1000]
}

variable "cost_anomaly_threshold" {
  description = "Alert on cost anomalies with at least this total impact in USD (section 9.1: > $50)."
  type        = number
  default     = 50
}

variable "functions" {
  description = "Lambdas by app.arc name: function_name, kind and log_group (compute module output)."
  type = map(object({
    function_name = string
    kind          = string
    log_group     = string
  }))
}

variable "api_id" {
  type = string
}

variable "aurora_cluster_identifier" {
  type = string
}

variable "aurora_storage_capacity_gib" {
  description = "Aurora storage grows on its own (up to 128 TiB): the storage alarm measures 'full' against this budget."
  type        = number
  default     = 100
}

variable "redis_replication_group_id" {
  type = string
}

variable "distribution_id" {
  description = "The CloudFront distribution (its metrics are in us-east-1); null: no CloudFront alarm here (the DR region)."
  type        = string
  default     = null
}

variable "business_metrics_namespace" {
  description = "CloudWatch namespace of the metrics the app emits (Embedded Metric Format, dimension Environment)."
  type        = string
  default     = "CalcApp"
}

variable "cost_controls" {
  description = "The environment's budgets and cost anomaly monitor (false in the DR region: one set per environment, in terraform/)."
  type        = bool
  default     = true
}
