# app.arc @scheduled jobs: one EventBridge rule each, invoking the job's `live` alias.

resource "aws_cloudwatch_event_rule" "schedule" {
  for_each = local.scheduled_functions

  name                = "${var.name}-${each.key}"
  description         = "CalcApp ${var.environment}: ${each.key} (app.arc @scheduled)"
  schedule_expression = each.value.schedule
  # Hook for dr/: the warm standby's jobs stay off until a failover enables them (dr/scripts).
  state = var.schedules_enabled ? "ENABLED" : "DISABLED"

  lifecycle {
    # Flipped by dr/scripts/failover.ts and failback.ts during a region switch.
    ignore_changes = [state]
  }
}

resource "aws_cloudwatch_event_target" "schedule" {
  for_each = local.scheduled_functions

  rule      = aws_cloudwatch_event_rule.schedule[each.key].name
  target_id = "live"
  arn       = aws_lambda_alias.live[each.key].arn

  retry_policy {
    maximum_retry_attempts       = 2
    maximum_event_age_in_seconds = 3600
  }
}

resource "aws_lambda_permission" "schedule" {
  for_each = local.scheduled_functions

  statement_id  = "AllowEventBridgeInvoke"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.function[each.key].function_name
  qualifier     = aws_lambda_alias.live[each.key].name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.schedule[each.key].arn
}
