# The API origin CloudFront uses (terraform/ api_origin_domain_name, e.g. api-origin.calcapp.com)
# is a Route 53 failover name: PRIMARY -> the us-east-1 HTTP API, SECONDARY -> the DR one, each
# through a regional API Gateway custom domain (so both answer TLS for that one host name).
# CloudFront is global and keeps its single origin; Route 53 moves it between regions.

locals {
  # Each region's own API endpoint host, probed directly (not through the failover name).
  primary_api_host = replace(replace(local.primary.api_endpoint, "https://", ""), "/", "")
  dr_api_host      = replace(replace(module.compute.api_endpoint, "https://", ""), "/", "")
}

resource "aws_apigatewayv2_domain_name" "primary" {
  provider    = aws.primary
  domain_name = var.api_origin_domain_name

  domain_name_configuration {
    certificate_arn = var.primary_certificate_arn
    endpoint_type   = "REGIONAL"
    security_policy = "TLS_1_2"
  }
}

resource "aws_apigatewayv2_api_mapping" "primary" {
  provider    = aws.primary
  api_id      = local.primary.api_id
  domain_name = aws_apigatewayv2_domain_name.primary.id
  stage       = "$default"
}

resource "aws_apigatewayv2_domain_name" "dr" {
  domain_name = var.api_origin_domain_name

  domain_name_configuration {
    certificate_arn = var.dr_certificate_arn
    endpoint_type   = "REGIONAL"
    security_policy = "TLS_1_2"
  }
}

resource "aws_apigatewayv2_api_mapping" "dr" {
  api_id      = module.compute.api_id
  domain_name = aws_apigatewayv2_domain_name.dr.id
  stage       = "$default"
}

# HTTPS health checks of each region's /health (app/routes/health.ts), from Route 53's checkers:
# a region is unhealthy after 3 failed probes 10 s apart (~30 s), healthy again after 3 good ones.
# /health passes only where the database is the writer AND the region role (the secret below)
# names the region: a standby never takes traffic before its promotion, an in-region blip of the
# primary leaves both unhealthy (Route 53 then answers the primary), and a fenced old region never
# takes traffic back. The failover moves traffic by flipping that role in the DR region and
# promoting; it calls no Route 53 API (its control plane is in us-east-1). Health checks and DNS
# answers are Route 53's data plane. Decision: docs/decisions/012.
resource "aws_route53_health_check" "region" {
  provider = aws.primary
  for_each = {
    primary = { region = var.primary_region, host = local.primary_api_host }
    dr      = { region = var.dr_region, host = local.dr_api_host }
  }

  type              = "HTTPS"
  fqdn              = each.value.host
  port              = 443
  resource_path     = var.health_check_path
  enable_sni        = true
  request_interval  = var.health_check_interval
  failure_threshold = var.health_check_failure_threshold
  measure_latency   = true
  regions           = ["us-east-1", "us-west-2", "eu-west-1"]

  tags = { Name = "${local.name}-api-${each.value.region}" }

}

resource "aws_route53_record" "api_origin" {
  provider = aws.primary
  for_each = {
    PRIMARY   = { region = var.primary_region, target = aws_apigatewayv2_domain_name.primary.domain_name_configuration[0].target_domain_name, check = "primary" }
    SECONDARY = { region = var.dr_region, target = aws_apigatewayv2_domain_name.dr.domain_name_configuration[0].target_domain_name, check = "dr" }
  }

  zone_id         = var.hosted_zone_id
  name            = var.api_origin_domain_name
  type            = "CNAME"
  ttl             = var.failover_record_ttl
  records         = [each.value.target]
  set_identifier  = "${local.name}-api-${each.value.region}"
  health_check_id = aws_route53_health_check.region[each.value.check].id

  failover_routing_policy {
    type = each.key
  }
}

# Route 53 health-check metrics exist in us-east-1 only.
resource "aws_sns_topic" "health_alerts" {
  provider = aws.primary

  name         = "${local.dr_name}-health-alerts"
  display_name = "CalcApp ${var.environment} regional health"
}

resource "aws_sns_topic_subscription" "health_alerts" {
  provider = aws.primary
  for_each = toset(local.primary.regional_settings.alert_emails.critical)

  topic_arn = aws_sns_topic.health_alerts.arn
  protocol  = "email"
  endpoint  = each.value
}

# Each region's readiness, separately from routing: /v1/health (database, Redis, migrations)
# passes on the standby too, so a broken standby pages before anyone needs it. (Its /health fails
# by design while it is not the writer: alarming on that would page all the time.)
resource "aws_route53_health_check" "ready" {
  provider = aws.primary
  for_each = aws_route53_health_check.region

  type              = "HTTPS"
  fqdn              = each.value.fqdn
  port              = 443
  resource_path     = var.readiness_check_path
  enable_sni        = true
  request_interval  = 30
  failure_threshold = 3
  regions           = ["us-east-1", "us-west-2", "eu-west-1"]

  tags = { Name = "${local.name}-api-${each.key}-ready" }
}

resource "aws_cloudwatch_metric_alarm" "region_not_ready" {
  provider = aws.primary
  for_each = aws_route53_health_check.ready

  alarm_name          = "${local.name}-api-${each.key}-not-ready"
  alarm_description   = "The ${each.key} region's /v1/health fails (database, Redis or migrations): it cannot serve, or take over. dr/RUNBOOK.md."
  namespace           = "AWS/Route53"
  metric_name         = "HealthCheckStatus"
  dimensions          = { HealthCheckId = each.value.id }
  statistic           = "Minimum"
  period              = 60
  evaluation_periods  = 3
  threshold           = 1
  comparison_operator = "LessThanThreshold"
  alarm_actions       = [aws_sns_topic.health_alerts.arn]
  ok_actions          = [aws_sns_topic.health_alerts.arn]
}

# Nobody serves: neither region's /health passes (the writer is down, or a failover is under way).
# This is the page that starts section 1 of dr/RUNBOOK.md.
resource "aws_cloudwatch_metric_alarm" "no_region_serving" {
  provider = aws.primary

  alarm_name          = "${local.name}-api-no-region-serving"
  alarm_description   = "No region's /health passes: the writer region is failing. Decide within 10 minutes (dr/RUNBOOK.md, section 1)."
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "LessThanThreshold"
  alarm_actions       = [aws_sns_topic.health_alerts.arn]
  ok_actions          = [aws_sns_topic.health_alerts.arn]

  metric_query {
    id          = "serving"
    expression  = "MAX([${join(", ", [for key in keys(aws_route53_health_check.region) : key])}])"
    label       = "Regions serving"
    return_data = true
  }

  dynamic "metric_query" {
    for_each = aws_route53_health_check.region
    content {
      id = metric_query.key
      metric {
        namespace   = "AWS/Route53"
        metric_name = "HealthCheckStatus"
        dimensions  = { HealthCheckId = metric_query.value.id }
        stat        = "Minimum"
        period      = 60
      }
    }
  }
}
