# Every alarm of section 6.2, with its threshold and period. "For N minutes" is one period of N
# minutes: the rate over the whole window must cross the threshold, which keeps low-traffic
# minutes (one error out of two requests) from paging anyone.

locals {
  topic = { for severity, topic in aws_sns_topic.alerts : severity => topic.arn }

  http_functions = { for name, fn in var.functions : name => fn if fn.kind == "http" }
  env_dimension  = { Environment = var.environment }
}

# ------------------------------------------------------------------ critical (page on-call) ---

resource "aws_cloudwatch_metric_alarm" "api_5xx_rate" {
  alarm_name          = "${var.name}-critical-api-5xx-rate"
  alarm_description   = "CRITICAL: API Gateway 5xx error rate > 5% for 5 minutes"
  comparison_operator = "GreaterThanThreshold"
  threshold           = 5
  evaluation_periods  = 1
  datapoints_to_alarm = 1
  treat_missing_data  = "notBreaching"
  alarm_actions       = [local.topic["critical"]]
  ok_actions          = [local.topic["critical"]]

  metric_query {
    id          = "rate"
    expression  = "IF(requests > 0, 100 * errors / requests, 0)"
    label       = "5xx rate (%)"
    return_data = true
  }

  metric_query {
    id = "errors"
    metric {
      namespace   = "AWS/ApiGateway"
      metric_name = "5xx"
      dimensions  = { ApiId = var.api_id }
      period      = 300
      stat        = "Sum"
    }
  }

  metric_query {
    id = "requests"
    metric {
      namespace   = "AWS/ApiGateway"
      metric_name = "Count"
      dimensions  = { ApiId = var.api_id }
      period      = 300
      stat        = "Sum"
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "lambda_error_rate" {
  for_each = var.functions

  alarm_name          = "${var.name}-critical-lambda-error-rate-${each.key}"
  alarm_description   = "CRITICAL: Lambda ${each.value.function_name} error rate > 10% for 5 minutes"
  comparison_operator = "GreaterThanThreshold"
  threshold           = 10
  evaluation_periods  = 1
  datapoints_to_alarm = 1
  treat_missing_data  = "notBreaching"
  alarm_actions       = [local.topic["critical"]]
  ok_actions          = [local.topic["critical"]]

  metric_query {
    id          = "rate"
    expression  = "IF(invocations > 0, 100 * errors / invocations, 0)"
    label       = "error rate (%)"
    return_data = true
  }

  metric_query {
    id = "errors"
    metric {
      namespace   = "AWS/Lambda"
      metric_name = "Errors"
      dimensions  = { FunctionName = each.value.function_name }
      period      = 300
      stat        = "Sum"
    }
  }

  metric_query {
    id = "invocations"
    metric {
      namespace   = "AWS/Lambda"
      metric_name = "Invocations"
      dimensions  = { FunctionName = each.value.function_name }
      period      = 300
      stat        = "Sum"
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "rds_cpu" {
  alarm_name          = "${var.name}-critical-rds-cpu"
  alarm_description   = "CRITICAL: RDS CPU > 90% for 10 minutes"
  namespace           = "AWS/RDS"
  metric_name         = "CPUUtilization"
  dimensions          = { DBClusterIdentifier = var.aurora_cluster_identifier }
  statistic           = "Average"
  period              = 600
  evaluation_periods  = 1
  datapoints_to_alarm = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 90
  treat_missing_data  = "missing"
  alarm_actions       = [local.topic["critical"]]
  ok_actions          = [local.topic["critical"]]
}

resource "aws_cloudwatch_metric_alarm" "rds_connections" {
  alarm_name          = "${var.name}-critical-rds-connections"
  alarm_description   = "CRITICAL: RDS connections > 95 (of 100 max) for 5 minutes"
  namespace           = "AWS/RDS"
  metric_name         = "DatabaseConnections"
  dimensions          = { DBClusterIdentifier = var.aurora_cluster_identifier }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  datapoints_to_alarm = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 95
  treat_missing_data  = "missing"
  alarm_actions       = [local.topic["critical"]]
  ok_actions          = [local.topic["critical"]]
}

# ------------------------------------------------------------- high (investigate in 1 hour) ---

resource "aws_cloudwatch_metric_alarm" "api_latency_p99" {
  alarm_name          = "${var.name}-high-api-latency-p99"
  alarm_description   = "HIGH: API Gateway latency p99 > 2 s for 10 minutes"
  namespace           = "AWS/ApiGateway"
  metric_name         = "Latency"
  dimensions          = { ApiId = var.api_id }
  extended_statistic  = "p99"
  period              = 600
  evaluation_periods  = 1
  datapoints_to_alarm = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 2000
  treat_missing_data  = "notBreaching"
  alarm_actions       = [local.topic["high"]]
  ok_actions          = [local.topic["high"]]
}

# Lambda publishes no cold-start metric: count REPORT lines that carry an "Init Duration".
resource "aws_cloudwatch_log_metric_filter" "cold_starts" {
  for_each = local.http_functions

  name           = "${var.name}-${each.key}-cold-starts"
  log_group_name = each.value.log_group
  pattern        = "\"REPORT RequestId\" \"Init Duration\""

  metric_transformation {
    namespace = "CalcApp/${var.environment}"
    name      = "ColdStarts-${each.key}"
    value     = "1"
    unit      = "Count"
  }
}

resource "aws_cloudwatch_metric_alarm" "lambda_cold_start_rate" {
  for_each = local.http_functions

  alarm_name          = "${var.name}-high-lambda-cold-start-rate-${each.key}"
  alarm_description   = "HIGH: Lambda ${each.value.function_name} cold start rate > 20% for 10 minutes"
  comparison_operator = "GreaterThanThreshold"
  threshold           = 20
  evaluation_periods  = 1
  datapoints_to_alarm = 1
  treat_missing_data  = "notBreaching"
  alarm_actions       = [local.topic["high"]]
  ok_actions          = [local.topic["high"]]

  metric_query {
    id          = "rate"
    expression  = "IF(invocations > 0, 100 * FILL(coldstarts, 0) / invocations, 0)"
    label       = "cold start rate (%)"
    return_data = true
  }

  metric_query {
    id = "coldstarts"
    metric {
      namespace   = "CalcApp/${var.environment}"
      metric_name = aws_cloudwatch_log_metric_filter.cold_starts[each.key].metric_transformation[0].name
      period      = 600
      stat        = "Sum"
    }
  }

  metric_query {
    id = "invocations"
    metric {
      namespace   = "AWS/Lambda"
      metric_name = "Invocations"
      dimensions  = { FunctionName = each.value.function_name }
      period      = 600
      stat        = "Sum"
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "rds_storage" {
  alarm_name          = "${var.name}-high-rds-storage"
  alarm_description   = "HIGH: RDS storage > 80% full (of the ${var.aurora_storage_capacity_gib} GiB storage budget)"
  comparison_operator = "GreaterThanThreshold"
  threshold           = 80
  evaluation_periods  = 1
  datapoints_to_alarm = 1
  treat_missing_data  = "missing"
  alarm_actions       = [local.topic["high"]]
  ok_actions          = [local.topic["high"]]

  metric_query {
    id          = "percent"
    expression  = "100 * used / ${var.aurora_storage_capacity_gib * 1073741824}"
    label       = "storage used (%)"
    return_data = true
  }

  metric_query {
    id = "used"
    metric {
      namespace   = "AWS/RDS"
      metric_name = "VolumeBytesUsed"
      dimensions  = { DBClusterIdentifier = var.aurora_cluster_identifier }
      period      = 300
      stat        = "Maximum"
    }
  }
}

# --------------------------------------------------------- medium (investigate in 4 hours) ---

# 5xx only: 4xx are the viewers' own errors (and WAF blocks are 403s), which would page on every
# scan. This catches what API Gateway's metrics cannot see: S3 and CloudFront-to-origin errors.
resource "aws_cloudwatch_metric_alarm" "cloudfront_error_rate" {
  count = var.distribution_id == null ? 0 : 1

  alarm_name          = "${var.name}-medium-cloudfront-error-rate"
  alarm_description   = "MEDIUM: CloudFront error rate > 1% for 15 minutes"
  namespace           = "AWS/CloudFront"
  metric_name         = "5xxErrorRate"
  dimensions          = { DistributionId = var.distribution_id, Region = "Global" }
  statistic           = "Average"
  period              = 900
  evaluation_periods  = 1
  datapoints_to_alarm = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  alarm_actions       = [local.topic["medium"]]
  ok_actions          = [local.topic["medium"]]
}

# From the app's metrics (EMF): PaymentFailed and PaymentSucceeded, dimension Environment.
resource "aws_cloudwatch_metric_alarm" "payment_failure_rate" {
  alarm_name          = "${var.name}-medium-payment-failure-rate"
  alarm_description   = "MEDIUM: failed payment rate > 10% for 1 hour"
  comparison_operator = "GreaterThanThreshold"
  threshold           = 10
  evaluation_periods  = 1
  datapoints_to_alarm = 1
  treat_missing_data  = "notBreaching"
  alarm_actions       = [local.topic["medium"]]
  ok_actions          = [local.topic["medium"]]

  metric_query {
    id          = "rate"
    expression  = "IF(FILL(failed, 0) + FILL(succeeded, 0) > 0, 100 * FILL(failed, 0) / (FILL(failed, 0) + FILL(succeeded, 0)), 0)"
    label       = "failed payment rate (%)"
    return_data = true
  }

  metric_query {
    id = "failed"
    metric {
      namespace   = var.business_metrics_namespace
      metric_name = "PaymentFailed"
      dimensions  = local.env_dimension
      period      = 3600
      stat        = "Sum"
    }
  }

  metric_query {
    id = "succeeded"
    metric {
      namespace   = var.business_metrics_namespace
      metric_name = "PaymentSucceeded"
      dimensions  = local.env_dimension
      period      = 3600
      stat        = "Sum"
    }
  }
}

# A Stripe event rendered in another API version than the app's: the webhook endpoint was made or
# changed outside scripts/stripe-setup.ts. Events are still applied (the handler re-reads Stripe),
# but the endpoint should be recreated: run the set-up script (README, Billing).
resource "aws_cloudwatch_metric_alarm" "stripe_api_version_mismatch" {
  alarm_name          = "${var.name}-medium-stripe-api-version-mismatch"
  alarm_description   = "MEDIUM: a Stripe webhook event arrived in another API version than the app's (recreate the endpoint with scripts/stripe-setup.ts)"
  namespace           = var.business_metrics_namespace
  metric_name         = "StripeApiVersionMismatch"
  dimensions          = local.env_dimension
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  datapoints_to_alarm = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = [local.topic["medium"]]
  ok_actions          = [local.topic["medium"]]
}
