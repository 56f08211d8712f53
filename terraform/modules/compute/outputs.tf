output "functions" {
  description = "Every Lambda by its app.arc name: function name, ARN, live alias ARN, kind, log group."
  value = {
    for name, fn in local.functions : name => {
      function_name = aws_lambda_function.function[name].function_name
      arn           = aws_lambda_function.function[name].arn
      alias_arn     = aws_lambda_alias.live[name].arn
      kind          = fn.kind
      log_group     = aws_cloudwatch_log_group.function[name].name
      role_arn      = aws_iam_role.function[name].arn
    }
  }
}

output "lambda_function_names" {
  value = { for name, fn in aws_lambda_function.function : name => fn.function_name }
}

output "migration_function_name" {
  description = "null when app.arc declares no migration Lambda."
  value       = try(aws_lambda_function.function[var.migration_function].function_name, null)
}

output "api_id" {
  value = aws_apigatewayv2_api.http.id
}

output "api_endpoint" {
  value = aws_apigatewayv2_api.http.api_endpoint
}

output "api_execution_arn" {
  value = aws_apigatewayv2_api.http.execution_arn
}

output "routes" {
  description = "API Gateway route keys and the Lambda serving each."
  value       = local.routes
}
