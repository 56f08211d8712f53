# Offline plan of the compute module against a mocked AWS provider (terraform test):
# tests/infra/terraform.test.ts runs it where terraform and the provider are installed.

mock_provider "aws" {
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
}

variables {
  name                        = "calcapp-test"
  environment                 = "staging"
  manifest_path               = "./tests/fixtures/lambda-manifest.json"
  lambda_packages_dir         = "./tests/fixtures/packages"
  subnet_ids                  = ["subnet-a", "subnet-b", "subnet-c"]
  lambda_security_group_id    = "sg-lambda"
  archive_bucket_arn          = "arn:aws:s3:::calcapp-test-history-archive"
  secrets_extension_layer_arn = "arn:aws:lambda:us-east-1:177933569100:layer:AWS-Parameters-and-Secrets-Lambda-Extension:12"
  environment_variables       = { NODE_ENV = "production", LOG_LEVEL = "info" }
  secret_arns = {
    database         = "arn:aws:secretsmanager:us-east-1:123456789012:secret:calcapp-test/database"
    session          = "arn:aws:secretsmanager:us-east-1:123456789012:secret:calcapp-test/jwt-secret"
    jwt_signing_keys = "arn:aws:secretsmanager:us-east-1:123456789012:secret:calcapp-test/jwt-signing-keys"
    stripe           = "arn:aws:secretsmanager:us-east-1:123456789012:secret:calcapp-test/stripe"
    sentry           = "arn:aws:secretsmanager:us-east-1:123456789012:secret:calcapp-test/sentry-dsn"
    redis_auth       = "arn:aws:secretsmanager:us-east-1:123456789012:secret:calcapp-test/redis-auth"
    origin_verify    = "arn:aws:secretsmanager:us-east-1:123456789012:secret:calcapp-test/origin-verify"
  }
}

run "one_function_per_manifest_entry" {
  command = plan

  assert {
    condition     = toset(keys(aws_lambda_function.function)) == toset(["calculator", "history", "nightly-report", "migrate"])
    error_message = "Expected one aws_lambda_function per manifest function."
  }

  assert {
    condition = alltrue([for fn in aws_lambda_function.function :
      fn.runtime == "nodejs24.x" && fn.memory_size == 512 && fn.timeout == 30 && fn.publish &&
      fn.tracing_config[0].mode == "Active" && fn.handler == "index.handler"
    ])
    error_message = "Every function: nodejs24.x, 512 MB, 30 s, published, X-Ray Active, index.handler."
  }

  assert {
    condition     = aws_lambda_function.function["migrate"].reserved_concurrent_executions == 1 && aws_lambda_function.function["calculator"].reserved_concurrent_executions == -1
    error_message = "Only the migration Lambda has reserved concurrency."
  }

  assert {
    condition     = alltrue([for alias in aws_lambda_alias.live : alias.name == "live"])
    error_message = "Every function has a live alias."
  }
}

run "routes_and_schedules_follow_the_manifest" {
  command = plan

  assert {
    condition = local.routes == {
      "$default"              = "calculator"
      "ANY /history"          = "history"
      "ANY /history/{proxy+}" = "history"
      "GET /history/{id}"     = "history"
    }
    error_message = "Routes must map to the Lambda the manifest names."
  }

  assert {
    condition     = toset(keys(aws_apigatewayv2_integration.function)) == toset(["calculator", "history"])
    error_message = "One integration per http Lambda."
  }

  assert {
    condition     = aws_apigatewayv2_route.route["GET /history/{id}"].route_key == "GET /history/{id}"
    error_message = "Route keys come from the manifest verbatim."
  }

  assert {
    condition     = keys(aws_cloudwatch_event_rule.schedule) == ["nightly-report"] && aws_cloudwatch_event_rule.schedule["nightly-report"].schedule_expression == "cron(0 3 * * ? *)"
    error_message = "Scheduled Lambdas get an EventBridge rule with the manifest's expression."
  }
}

run "secrets_by_arn_per_kind" {
  command = plan

  assert {
    condition     = aws_lambda_function.function["calculator"].environment[0].variables["STRIPE_SECRET_ARN"] == var.secret_arns.stripe
    error_message = "HTTP Lambdas get the Stripe secret's ARN."
  }

  assert {
    condition = (
      aws_lambda_function.function["migrate"].environment[0].variables["DATABASE_URL_SECRET_ARN"] == var.secret_arns.database &&
      !contains(keys(aws_lambda_function.function["migrate"].environment[0].variables), "STRIPE_SECRET_ARN")
    )
    error_message = "The migration Lambda gets the database secret's ARN and nothing it does not need."
  }

  assert {
    condition     = alltrue([for fn in aws_lambda_function.function : !contains(keys(fn.environment[0].variables), "DATABASE_URL")])
    error_message = "No secret value in any Lambda's environment."
  }
}

run "plan_without_packages_fails_clearly" {
  command = plan

  variables {
    lambda_packages_dir = "./tests/fixtures/does-not-exist"
  }

  expect_failures = [aws_lambda_function.function]
}
