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

# What each failover record uses: a calculated check over the region's HTTPS check. Threshold 1
# follows /health; dr/scripts/failover.ts sets the PRIMARY one to 2 (of 1 child: always
# unhealthy) to keep traffic in the DR region while it is the writer, even once us-east-1
# answers again, and failback sets it back to 1. Inverting the HTTPS check instead would report a
# dead region healthy.
resource "aws_route53_health_check" "routing" {
  provider = aws.primary
  for_each = aws_route53_health_check.region

  type                   = "CALCULATED"
  child_healthchecks     = [each.value.id]
  child_health_threshold = 1

  tags = { Name = "${local.name}-api-${each.key}-routing" }

  lifecycle {
    # Pinned and unpinned by the DR scripts, not by Terraform.
    ignore_changes = [child_health_threshold]
  }
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
  health_check_id = aws_route53_health_check.routing[each.value.check].id

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
  for_each = toset(var.alert_emails)

  topic_arn = aws_sns_topic.health_alerts.arn
  protocol  = "email"
  endpoint  = each.value
}

resource "aws_cloudwatch_metric_alarm" "region_unhealthy" {
  provider = aws.primary
  for_each = aws_route53_health_check.region

  alarm_name          = "${local.name}-api-${each.key}-unhealthy"
  alarm_description   = "Route 53 sees the ${each.key} region's /health failing: traffic has moved (or cannot). Follow dr/RUNBOOK.md."
  namespace           = "AWS/Route53"
  metric_name         = "HealthCheckStatus"
  dimensions          = { HealthCheckId = each.value.id }
  statistic           = "Minimum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "LessThanThreshold"
  alarm_actions       = [aws_sns_topic.health_alerts.arn]
  ok_actions          = [aws_sns_topic.health_alerts.arn]
}
