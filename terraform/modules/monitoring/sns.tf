# One SNS topic per severity of section 6.2, each with email subscriptions. (Unencrypted: alarm
# messages carry no user data, and CloudWatch cannot publish to a topic under the AWS-managed key.)

locals {
  severities = toset(["critical", "high", "medium"])
  alert_subscriptions = merge([
    for severity in local.severities : {
      for email in var.alert_emails[severity] : "${severity}:${email}" => { severity = severity, email = email }
    }
  ]...)
}

resource "aws_sns_topic" "alerts" {
  for_each = local.severities

  name         = "${var.name}-alerts-${each.key}"
  display_name = "CalcApp ${var.environment} ${each.key}"
}

resource "aws_sns_topic_subscription" "email" {
  for_each = local.alert_subscriptions

  topic_arn = aws_sns_topic.alerts[each.value.severity].arn
  protocol  = "email"
  endpoint  = each.value.email
}
