output "alert_topic_arns" {
  description = "SNS topics by severity: critical, high, medium."
  value       = { for severity, topic in aws_sns_topic.alerts : severity => topic.arn }
}

output "dashboard_names" {
  value = [aws_cloudwatch_dashboard.overview.dashboard_name, aws_cloudwatch_dashboard.business.dashboard_name]
}

output "alarm_names" {
  value = concat(
    [
      aws_cloudwatch_metric_alarm.api_5xx_rate.alarm_name,
      aws_cloudwatch_metric_alarm.rds_cpu.alarm_name,
      aws_cloudwatch_metric_alarm.rds_connections.alarm_name,
      aws_cloudwatch_metric_alarm.api_latency_p99.alarm_name,
      aws_cloudwatch_metric_alarm.rds_storage.alarm_name,
      aws_cloudwatch_metric_alarm.payment_failure_rate.alarm_name,
    ],
    [for alarm in aws_cloudwatch_metric_alarm.cloudfront_error_rate : alarm.alarm_name],
    [for alarm in aws_cloudwatch_metric_alarm.lambda_error_rate : alarm.alarm_name],
    [for alarm in aws_cloudwatch_metric_alarm.lambda_cold_start_rate : alarm.alarm_name],
  )
}
