# Offline plan of the monitoring module against a mocked AWS provider (terraform test).

mock_provider "aws" {
  mock_data "aws_region" {
    defaults = { name = "us-east-1" }
  }
}

variables {
  name        = "calcapp-test"
  environment = "production"
  alert_emails = {
    critical = ["oncall@example.com"]
    high     = ["team@example.com"]
    medium   = ["team@example.com", "lead@example.com"]
  }
  budget_emails = ["billing@example.com"]
  functions = {
    calculator = { function_name = "calcapp-test-calculator", kind = "http", log_group = "/aws/lambda/calcapp-test-calculator" }
    history    = { function_name = "calcapp-test-history", kind = "http", log_group = "/aws/lambda/calcapp-test-history" }
    archive    = { function_name = "calcapp-test-archive", kind = "scheduled", log_group = "/aws/lambda/calcapp-test-archive" }
    migrate    = { function_name = "calcapp-test-migrate", kind = "event", log_group = "/aws/lambda/calcapp-test-migrate" }
  }
  api_id                     = "abc123"
  aurora_cluster_identifier  = "calcapp-test"
  redis_replication_group_id = "calcapp-test"
  distribution_id            = "E123EXAMPLE"
}

run "alarms_topics_and_budgets" {
  command = plan

  assert {
    condition     = toset(keys(aws_sns_topic.alerts)) == toset(["critical", "high", "medium"])
    error_message = "One SNS topic per severity."
  }

  assert {
    condition     = length(aws_sns_topic_subscription.email) == 4
    error_message = "Every severity's addresses are subscribed."
  }

  assert {
    condition     = toset(keys(aws_cloudwatch_metric_alarm.lambda_error_rate)) == toset(["calculator", "history", "archive", "migrate"])
    error_message = "Every Lambda has an error-rate alarm."
  }

  assert {
    condition     = toset(keys(aws_cloudwatch_metric_alarm.lambda_cold_start_rate)) == toset(["calculator", "history"])
    error_message = "Cold-start alarms cover the HTTP Lambdas (a job invoked once a day is always cold)."
  }

  assert {
    condition     = toset(keys(aws_budgets_budget.monthly)) == toset(["100", "500", "1000"])
    error_message = "Budgets at $100, $500 and $1000."
  }

  assert {
    condition     = one([for filter in aws_budgets_budget.monthly["500"].cost_filter : filter.values[0]]) == "user:Environment$Production"
    error_message = "Budgets count this environment's costs (Environment tag)."
  }

  assert {
    condition     = one([for q in aws_cloudwatch_metric_alarm.rds_storage.metric_query : q.expression if q.id == "percent"]) == "100 * used / 107374182400"
    error_message = "RDS storage is measured against the 100 GiB budget."
  }
}
