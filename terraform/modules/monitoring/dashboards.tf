# The two dashboards of section 6.1.

data "aws_region" "current" {}

locals {
  region = data.aws_region.current.name
  env    = var.environment

  function_names = [for name, fn in var.functions : fn.function_name]

  lambda_metric = { for metric in ["Invocations", "Errors"] : metric => [
    for fn in local.function_names : ["AWS/Lambda", metric, "FunctionName", fn]
  ] }

  lambda_duration = flatten([
    for fn in local.function_names : [
      for stat in ["p50", "p95", "p99"] : ["AWS/Lambda", "Duration", "FunctionName", fn, { stat = stat, label = "${fn} ${stat}" }]
    ]
  ])

  business = var.business_metrics_namespace

  widget = {
    width  = 12
    height = 6
  }
}

resource "aws_cloudwatch_dashboard" "overview" {
  dashboard_name = "${var.name}-application-overview"

  dashboard_body = jsonencode({
    widgets = [
      {
        type = "metric", x = 0, y = 0, width = local.widget.width, height = local.widget.height
        properties = {
          title  = "API Gateway requests per endpoint"
          region = local.region
          view   = "timeSeries"
          stat   = "Sum"
          period = 300
          metrics = [
            [{ expression = "SEARCH('{AWS/ApiGateway,ApiId,Resource,Method,Stage} ApiId=\"${var.api_id}\" MetricName=\"Count\"', 'Sum', 300)", id = "routes", label = "" }],
            ["AWS/ApiGateway", "Count", "ApiId", var.api_id, { label = "all routes" }],
          ]
        }
      },
      {
        type = "metric", x = 12, y = 0, width = local.widget.width, height = local.widget.height
        properties = {
          title   = "Lambda invocations per function"
          region  = local.region
          view    = "timeSeries"
          stat    = "Sum"
          period  = 300
          metrics = local.lambda_metric["Invocations"]
        }
      },
      {
        type = "metric", x = 0, y = 6, width = local.widget.width, height = local.widget.height
        properties = {
          title   = "Lambda errors per function"
          region  = local.region
          view    = "timeSeries"
          stat    = "Sum"
          period  = 300
          metrics = local.lambda_metric["Errors"]
        }
      },
      {
        type = "metric", x = 12, y = 6, width = local.widget.width, height = local.widget.height
        properties = {
          title   = "Lambda duration p50 / p95 / p99 (ms)"
          region  = local.region
          view    = "timeSeries"
          period  = 300
          metrics = local.lambda_duration
        }
      },
      {
        type = "metric", x = 0, y = 12, width = 8, height = local.widget.height
        properties = {
          title   = "RDS CPU utilization (%)"
          region  = local.region
          view    = "timeSeries"
          stat    = "Average"
          period  = 300
          metrics = [["AWS/RDS", "CPUUtilization", "DBClusterIdentifier", var.aurora_cluster_identifier]]
          annotations = {
            horizontal = [{ label = "critical", value = 90 }]
          }
        }
      },
      {
        type = "metric", x = 8, y = 12, width = 8, height = local.widget.height
        properties = {
          title   = "RDS database connections"
          region  = local.region
          view    = "timeSeries"
          stat    = "Maximum"
          period  = 300
          metrics = [["AWS/RDS", "DatabaseConnections", "DBClusterIdentifier", var.aurora_cluster_identifier]]
          annotations = {
            horizontal = [{ label = "critical", value = 95 }]
          }
        }
      },
      {
        type = "metric", x = 16, y = 12, width = 8, height = local.widget.height
        properties = {
          title  = "ElastiCache hit rate (%)"
          region = local.region
          view   = "timeSeries"
          period = 300
          metrics = [
            [{ expression = "SEARCH('{AWS/ElastiCache,CacheClusterId} CacheClusterId=\"${var.redis_replication_group_id}\" MetricName=\"CacheHitRate\"', 'Average', 300)", id = "hitrate", label = "" }],
          ]
        }
      },
    ]
  })
}

resource "aws_cloudwatch_dashboard" "business" {
  dashboard_name = "${var.name}-business-metrics"

  dashboard_body = jsonencode({
    widgets = [
      {
        type = "metric", x = 0, y = 0, width = 8, height = local.widget.height
        properties = {
          title   = "Daily active users"
          region  = local.region
          view    = "timeSeries"
          stat    = "Maximum"
          period  = 86400
          metrics = [[local.business, "DailyActiveUsers", "Environment", local.env]]
        }
      },
      {
        type = "metric", x = 8, y = 0, width = 8, height = local.widget.height
        properties = {
          title   = "New user registrations"
          region  = local.region
          view    = "timeSeries"
          stat    = "Sum"
          period  = 86400
          metrics = [[local.business, "UserRegistered", "Environment", local.env]]
        }
      },
      {
        type = "metric", x = 16, y = 0, width = 8, height = local.widget.height
        properties = {
          title  = "Premium subscriptions: new and canceled"
          region = local.region
          view   = "timeSeries"
          stat   = "Sum"
          period = 86400
          metrics = [
            [local.business, "SubscriptionCreated", "Environment", local.env, { label = "new" }],
            [local.business, "SubscriptionCanceled", "Environment", local.env, { label = "canceled" }],
          ]
        }
      },
      {
        type = "metric", x = 0, y = 6, width = local.widget.width, height = local.widget.height
        properties = {
          title   = "Calculations per day"
          region  = local.region
          view    = "timeSeries"
          stat    = "Sum"
          period  = 86400
          metrics = [[local.business, "CalculationPerformed", "Environment", local.env]]
        }
      },
      {
        type = "metric", x = 12, y = 6, width = local.widget.width, height = local.widget.height
        properties = {
          title   = "API response time p95 (ms)"
          region  = local.region
          view    = "timeSeries"
          period  = 300
          metrics = [["AWS/ApiGateway", "Latency", "ApiId", var.api_id, { stat = "p95" }]]
          annotations = {
            horizontal = [{ label = "target", value = 2000 }]
          }
        }
      },
    ]
  })
}
