# HTTP API: one integration per http Lambda (its `live` alias), one route per app.arc route.

locals {
  routes = merge([
    for name, fn in local.http_functions : { for key in fn.routes : key => name }
  ]...)
}

resource "aws_apigatewayv2_api" "http" {
  name          = var.name
  description   = "CalcApp ${var.environment}: routes from app.arc (terraform/lambda-manifest.json)"
  protocol_type = "HTTP"
  # Only CloudFront may reach the API (WAF sits there). Once CloudFront and the Route 53 health
  # checks use a custom domain (api_origin_domain_name), the public execute-api hostname is
  # switched off; until then the app itself refuses requests without X-Origin-Verify (403).
  disable_execute_api_endpoint = var.disable_execute_api_endpoint
}

resource "aws_cloudwatch_log_group" "api_access" {
  name              = "/calcapp/${var.name}/api-access"
  retention_in_days = var.log_retention_days
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.http.id
  name        = "$default"
  auto_deploy = true

  default_route_settings {
    detailed_metrics_enabled = true
    throttling_burst_limit   = var.api_throttling_burst_limit
    throttling_rate_limit    = var.api_throttling_rate_limit
  }

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api_access.arn
    format = jsonencode({
      requestId          = "$context.requestId"
      requestTime        = "$context.requestTime"
      routeKey           = "$context.routeKey"
      method             = "$context.httpMethod"
      path               = "$context.path"
      status             = "$context.status"
      latencyMs          = "$context.responseLatency"
      integrationLatency = "$context.integrationLatency"
      integrationError   = "$context.integrationErrorMessage"
      sourceIp           = "$context.identity.sourceIp"
      userAgent          = "$context.identity.userAgent"
    })
  }
}

resource "aws_apigatewayv2_integration" "function" {
  for_each = local.http_functions

  api_id                 = aws_apigatewayv2_api.http.id
  description            = "${each.key} Lambda, live alias"
  integration_type       = "AWS_PROXY"
  integration_method     = "POST"
  integration_uri        = aws_lambda_alias.live[each.key].invoke_arn
  payload_format_version = "2.0"
  timeout_milliseconds   = 30000
}

resource "aws_apigatewayv2_route" "route" {
  for_each = local.routes

  api_id    = aws_apigatewayv2_api.http.id
  route_key = each.key
  target    = "integrations/${aws_apigatewayv2_integration.function[each.value].id}"
}

resource "aws_lambda_permission" "api" {
  for_each = local.http_functions

  statement_id  = "AllowHttpApiInvoke"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.function[each.key].function_name
  qualifier     = aws_lambda_alias.live[each.key].name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.http.execution_arn}/*"
}
