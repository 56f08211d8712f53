# Section 9.1 / Appendix A: monthly budgets at $100, $500 and $1000 for this environment (its
# Environment cost allocation tag; terraform/bootstrap holds the account-wide ones), and cost
# anomaly detection for impacts over $50.

locals {
  environment_tag = title(var.environment)
}

resource "aws_budgets_budget" "monthly" {
  for_each = var.cost_controls ? { for amount in var.budget_amounts : tostring(amount) => amount } : {}

  name         = "${var.name}-monthly-${each.key}-usd"
  budget_type  = "COST"
  limit_amount = format("%.2f", each.value)
  limit_unit   = "USD"
  time_unit    = "MONTHLY"

  cost_filter {
    name   = "TagKeyValue"
    values = [format("user:Environment$%s", local.environment_tag)]
  }

  notification {
    comparison_operator        = "GREATER_THAN"
    threshold                  = 100
    threshold_type             = "PERCENTAGE"
    notification_type          = "ACTUAL"
    subscriber_email_addresses = var.budget_emails
  }

  notification {
    comparison_operator        = "GREATER_THAN"
    threshold                  = 100
    threshold_type             = "PERCENTAGE"
    notification_type          = "FORECASTED"
    subscriber_email_addresses = var.budget_emails
  }
}

resource "aws_ce_anomaly_monitor" "environment" {
  count = var.cost_controls ? 1 : 0

  name         = "${var.name}-costs"
  monitor_type = "CUSTOM"

  monitor_specification = jsonencode({
    And            = null
    CostCategories = null
    Dimensions     = null
    Not            = null
    Or             = null
    Tags = {
      Key          = "Environment"
      MatchOptions = null
      Values       = [local.environment_tag]
    }
  })
}

resource "aws_ce_anomaly_subscription" "environment" {
  count = var.cost_controls ? 1 : 0

  name             = "${var.name}-cost-anomalies"
  frequency        = "DAILY"
  monitor_arn_list = [aws_ce_anomaly_monitor.environment[0].arn]

  dynamic "subscriber" {
    for_each = toset(var.budget_emails)
    content {
      type    = "EMAIL"
      address = subscriber.value
    }
  }

  threshold_expression {
    dimension {
      key           = "ANOMALY_TOTAL_IMPACT_ABSOLUTE"
      match_options = ["GREATER_THAN_OR_EQUAL"]
      values        = [tostring(var.cost_anomaly_threshold)]
    }
  }
}
