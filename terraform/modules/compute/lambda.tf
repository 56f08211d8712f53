# One aws_lambda_function per app.arc Lambda (per `src`, not per route), all read from
# terraform/lambda-manifest.json: a route or a Lambda added in app.arc needs no Terraform edit.
#
# Code: Terraform uploads lambda-packages/<name>.zip when it creates a function; afterwards the
# deploy workflow publishes new versions (update-function-code --publish) and moves the `live`
# alias, which is what API Gateway and EventBridge invoke and what a rollback moves back.

locals {
  manifest  = jsondecode(file(var.manifest_path))
  functions = local.manifest.functions

  http_functions      = { for name, fn in local.functions : name => fn if fn.kind == "http" }
  scheduled_functions = { for name, fn in local.functions : name => fn if fn.kind == "scheduled" }

  zip_paths = { for name, fn in local.functions : name => "${var.lambda_packages_dir}/${name}.zip" }

  secret_env_names = {
    database         = "DATABASE_URL_SECRET_ARN"
    session          = "SESSION_SECRET_ARN"
    jwt_signing_keys = "JWT_SIGNING_KEYS_ARN"
    stripe           = "STRIPE_SECRET_ARN"
    sentry           = "SENTRY_DSN_SECRET_ARN"
    redis_auth       = "REDIS_AUTH_SECRET_ARN"
    origin_verify    = "ORIGIN_VERIFY_SECRET_ARN"
  }

  # Secret keys each function may read, by its kind.
  function_secrets = { for name, fn in local.functions : name => var.secret_access[fn.kind] }

  function_environment = {
    for name, fn in local.functions : name => merge(
      var.environment_variables,
      {
        # The AWS Parameters and Secrets Lambda Extension: cache secrets, re-read after the TTL.
        PARAMETERS_SECRETS_EXTENSION_CACHE_ENABLED = "true"
        SECRETS_MANAGER_TTL                        = tostring(var.secrets_cache_ttl_seconds)
      },
      { for key in local.function_secrets[name] : local.secret_env_names[key] => var.secret_arns[key] },
    )
  }
}

resource "aws_cloudwatch_log_group" "function" {
  for_each = local.functions

  name              = "/aws/lambda/${var.name}-${each.key}"
  retention_in_days = var.log_retention_days
}

resource "aws_lambda_function" "function" {
  for_each = local.functions

  function_name = "${var.name}-${each.key}"
  description   = "CalcApp ${var.environment}: ${each.key} (${each.value.kind}, ${each.value.src} in app.arc)"
  role          = aws_iam_role.function[each.key].arn

  filename         = local.zip_paths[each.key]
  source_code_hash = fileexists(local.zip_paths[each.key]) ? filebase64sha256(local.zip_paths[each.key]) : null
  handler          = each.value.handler
  runtime          = each.value.runtime
  architectures    = [each.value.architecture]
  memory_size      = each.value.memory
  timeout          = each.value.timeout
  publish          = true
  layers           = [var.secrets_extension_layer_arn]

  reserved_concurrent_executions = each.key == var.migration_function ? var.migration_reserved_concurrency : -1

  environment {
    variables = local.function_environment[each.key]
  }

  vpc_config {
    subnet_ids         = var.subnet_ids
    security_group_ids = [var.lambda_security_group_id]
  }

  tracing_config {
    mode = "Active"
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.function[each.key].name
  }

  depends_on = [aws_iam_role_policy.function]

  lifecycle {
    # The deploy workflow ships code; Terraform only creates the first version.
    ignore_changes = [filename, source_code_hash]

    precondition {
      condition     = fileexists(local.zip_paths[each.key])
      error_message = "Missing ${local.zip_paths[each.key]}: run `npm run build && npm run package` (or set lambda_packages_dir to the release's lambda-packages) before plan/apply."
    }
  }
}

# What API Gateway and EventBridge invoke. Terraform points it at the first version only; the
# deploy workflow moves it to each new version and back on a failed deploy.
resource "aws_lambda_alias" "live" {
  for_each = local.functions

  name             = "live"
  description      = "The version serving traffic (moved by .github/workflows/deploy.yml)"
  function_name    = aws_lambda_function.function[each.key].function_name
  function_version = aws_lambda_function.function[each.key].version

  lifecycle {
    ignore_changes = [function_version]
  }
}
