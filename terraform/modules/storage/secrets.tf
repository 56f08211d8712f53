# Secrets Manager (section 8.3). The Lambdas get these ARNs, never the values, in their
# environment and read them at cold start through the AWS Parameters and Secrets Lambda
# Extension (cached for SECRETS_MANAGER_TTL), so a rotation or a DR switch needs no redeploy.
#
# Values Terraform generates are written with write-only arguments from ephemeral random
# passwords: they never reach the plan or the state, and Terraform does not overwrite what a
# rotation or an operator later puts there (bump *_version to make it write again).
#
# Formats (what the app parses):
#   database       JSON {engine, host, port, username, password, dbname, masterarn}: the app's
#                  login (calcapp_app / calcapp_app_clone), the format of AWS's RDS rotation
#                  functions; app/lib/db/secret-url.server.ts builds the URL (plus
#                  DATABASE_URL_PARAMS). host is the Aurora global writer endpoint when the
#                  cluster is in a global database (production), else the cluster endpoint. Rotated
#                  every 90 days with the ALTERNATING USERS strategy: the previous user stays valid
#                  until the next rotation, so warm containers (and the DR region, which reads the
#                  same secret's replica) keep working through a rotation (decisions 003 and 012).
#   database-master  JSON, same format: the master user, for the rotation function only
#                  (single-user rotation). No Lambda reads it.
#   session        SESSION_SECRET (cookie signing; its Secrets Manager name keeps the old
#                  "jwt-secret" so the renamed key moves without a new secret): plain string, 64
#                  random characters (comma-separated list while rotating).
#   jwt-signing-keys  JWT_SIGNING_KEYS: "<kid>:<secret>" pairs, comma-separated, newest first
#                  (decision 017: add the new key second, deploy, move it first, drop the old
#                  one after JWT_ACCESS_EXPIRY).
#   stripe         JSON {secret_key, webhook_secret}; empty strings until an operator sets them.
#   sentry         JSON {dsn}; an empty dsn leaves error reporting off.
#   redis-auth     plain string: the ElastiCache AUTH token.
#   origin-verify  plain string: the X-Origin-Verify header CloudFront adds to API requests.

locals {
  secret_names = {
    database         = "${var.name}/database"
    database_master  = "${var.name}/database-master"
    session          = "${var.name}/jwt-secret"
    jwt_signing_keys = "${var.name}/jwt-signing-keys"
    stripe           = "${var.name}/stripe"
    sentry           = "${var.name}/sentry-dsn"
    redis_auth       = "${var.name}/redis-auth"
    origin_verify    = "${var.name}/origin-verify"
  }
  secret_descriptions = {
    database         = "CalcApp ${var.environment}: the app's database login (JSON, alternating users, rotated every ${var.password_rotation_days} days)"
    database_master  = "CalcApp ${var.environment}: Aurora master credentials (JSON, rotated every ${var.password_rotation_days} days; the rotation of the app login uses it)"
    session          = "CalcApp ${var.environment}: SESSION_SECRET, signs session cookies (manual rotation)"
    jwt_signing_keys = "CalcApp ${var.environment}: JWT_SIGNING_KEYS, signs API access tokens (kid:secret list, manual rotation)"
    stripe           = "CalcApp ${var.environment}: Stripe secret_key and webhook_secret (JSON, set by an operator)"
    sentry           = "CalcApp ${var.environment}: Sentry DSN (JSON {dsn}, set by an operator)"
    redis_auth       = "CalcApp ${var.environment}: ElastiCache AUTH token"
    origin_verify    = "CalcApp ${var.environment}: X-Origin-Verify header value CloudFront sends to the API"
  }
}

resource "aws_secretsmanager_secret" "app" {
  for_each = local.secret_names

  name                    = each.value
  description             = local.secret_descriptions[each.key]
  recovery_window_in_days = var.secret_recovery_window_days

  dynamic "replica" {
    for_each = toset(var.secret_replica_regions)
    content {
      region = replica.value
    }
  }
}

ephemeral "aws_secretsmanager_random_password" "database" {
  password_length     = 40
  exclude_punctuation = true
}

ephemeral "aws_secretsmanager_random_password" "database_app" {
  password_length     = 40
  exclude_punctuation = true
}

ephemeral "aws_secretsmanager_random_password" "session" {
  password_length     = 64
  exclude_punctuation = true
}

ephemeral "aws_secretsmanager_random_password" "jwt_signing_keys" {
  password_length     = 64
  exclude_punctuation = true
}

ephemeral "aws_secretsmanager_random_password" "redis_auth" {
  password_length     = 64
  exclude_punctuation = true
}

ephemeral "aws_secretsmanager_random_password" "origin_verify" {
  password_length     = 48
  exclude_punctuation = true
}

resource "aws_secretsmanager_secret_version" "database_master" {
  secret_id = aws_secretsmanager_secret.app["database_master"].id
  secret_string_wo = jsonencode({
    engine   = "postgres"
    host     = aws_rds_cluster.main.endpoint
    port     = aws_rds_cluster.main.port
    username = var.master_username
    password = ephemeral.aws_secretsmanager_random_password.database.random_password
    dbname   = var.database_name
  })
  secret_string_wo_version = var.database_password_version
}

# The app's login. The role itself is created once from the master credentials (terraform/README.md,
# "database login"); the first rotation clones it into calcapp_app_clone.
resource "aws_secretsmanager_secret_version" "database" {
  secret_id = aws_secretsmanager_secret.app["database"].id
  secret_string_wo = jsonencode({
    engine    = "postgres"
    host      = local.database_writer_host
    port      = aws_rds_cluster.main.port
    username  = var.app_username
    password  = ephemeral.aws_secretsmanager_random_password.database_app.random_password
    dbname    = var.database_name
    masterarn = aws_secretsmanager_secret.app["database_master"].arn
  })
  secret_string_wo_version = var.database_password_version
}

resource "aws_secretsmanager_secret_version" "session" {
  secret_id                = aws_secretsmanager_secret.app["session"].id
  secret_string_wo         = ephemeral.aws_secretsmanager_random_password.session.random_password
  secret_string_wo_version = 1
}

# The key was "jwt" when the cookie secret was called JWT_SECRET: the same secret, renamed.
moved {
  from = aws_secretsmanager_secret.app["jwt"]
  to   = aws_secretsmanager_secret.app["session"]
}

moved {
  from = aws_secretsmanager_secret_version.jwt
  to   = aws_secretsmanager_secret_version.session
}

resource "aws_secretsmanager_secret_version" "jwt_signing_keys" {
  secret_id                = aws_secretsmanager_secret.app["jwt_signing_keys"].id
  secret_string_wo         = "k1:${ephemeral.aws_secretsmanager_random_password.jwt_signing_keys.random_password}"
  secret_string_wo_version = 1
}

resource "aws_secretsmanager_secret_version" "stripe" {
  secret_id                = aws_secretsmanager_secret.app["stripe"].id
  secret_string_wo         = jsonencode({ secret_key = "", webhook_secret = "" })
  secret_string_wo_version = 1
}

resource "aws_secretsmanager_secret_version" "sentry" {
  secret_id                = aws_secretsmanager_secret.app["sentry"].id
  secret_string_wo         = jsonencode({ dsn = "" })
  secret_string_wo_version = 1
}

resource "aws_secretsmanager_secret_version" "redis_auth" {
  secret_id                = aws_secretsmanager_secret.app["redis_auth"].id
  secret_string_wo         = ephemeral.aws_secretsmanager_random_password.redis_auth.random_password
  secret_string_wo_version = 1
}

resource "aws_secretsmanager_secret_version" "origin_verify" {
  secret_id                = aws_secretsmanager_secret.app["origin_verify"].id
  secret_string_wo         = ephemeral.aws_secretsmanager_random_password.origin_verify.random_password
  secret_string_wo_version = 1
}

# ElastiCache and CloudFront need the value itself (it ends up in their state, encrypted in the
# state bucket). Read back from Secrets Manager, so rotating is: put a new value, terraform apply.
data "aws_secretsmanager_secret_version" "redis_auth" {
  secret_id  = aws_secretsmanager_secret.app["redis_auth"].id
  depends_on = [aws_secretsmanager_secret_version.redis_auth]
}

data "aws_secretsmanager_secret_version" "origin_verify" {
  secret_id  = aws_secretsmanager_secret.app["origin_verify"].id
  depends_on = [aws_secretsmanager_secret_version.origin_verify]
}

# 90-day rotations by AWS's rotation functions for PostgreSQL, deployed from the Serverless
# Application Repository into the private subnets (they must reach Aurora; they reach Secrets
# Manager through NAT): single user for the master secret, alternating users for the app's login.
data "aws_region" "current" {}

locals {
  rotation_applications = {
    master = "SecretsManagerRDSPostgreSQLRotationSingleUser"
    app    = "SecretsManagerRDSPostgreSQLRotationMultiUser"
  }
}

resource "aws_serverlessapplicationrepository_cloudformation_stack" "db_rotation" {
  for_each = local.rotation_applications

  name             = "${var.name}-db-rotation-${each.key}"
  application_id   = "arn:aws:serverlessrepo:us-east-1:297356227824:applications/${each.value}"
  semantic_version = var.rotation_application_version
  capabilities     = ["CAPABILITY_IAM", "CAPABILITY_RESOURCE_POLICY"]

  parameters = merge(
    {
      functionName        = "${var.name}-db-rotation-${each.key}"
      endpoint            = "https://secretsmanager.${data.aws_region.current.name}.amazonaws.com"
      vpcSubnetIds        = join(",", var.subnet_ids)
      vpcSecurityGroupIds = var.lambda_security_group_id
    },
    # The alternating-users function reads the master secret to clone the user and set passwords.
    each.key == "app" ? { masterSecretArn = aws_secretsmanager_secret.app["database_master"].arn } : {},
  )
}

resource "aws_secretsmanager_secret_rotation" "database_master" {
  secret_id           = aws_secretsmanager_secret.app["database_master"].id
  rotation_lambda_arn = aws_serverlessapplicationrepository_cloudformation_stack.db_rotation["master"].outputs["RotationLambdaARN"]

  rotation_rules {
    automatically_after_days = var.password_rotation_days
  }

  depends_on = [aws_secretsmanager_secret_version.database_master, aws_rds_cluster_instance.main]
}

resource "aws_secretsmanager_secret_rotation" "database" {
  secret_id           = aws_secretsmanager_secret.app["database"].id
  rotation_lambda_arn = aws_serverlessapplicationrepository_cloudformation_stack.db_rotation["app"].outputs["RotationLambdaARN"]

  rotation_rules {
    automatically_after_days = var.password_rotation_days
  }

  depends_on = [aws_secretsmanager_secret_version.database, aws_rds_cluster_instance.main]
}
