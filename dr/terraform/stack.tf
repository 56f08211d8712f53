# The secondary region's stack, deployed and warm (warm standby): the same Lambdas as production,
# built from the same app.arc manifest by the same module, behind their own HTTP API, with their
# own Redis (a Global Datastore member) and secrets. deploy.yml deploys every release to both.

module "networking" {
  source = "../../terraform/modules/networking"

  name               = local.dr_name
  vpc_cidr           = var.vpc_cidr
  availability_zones = var.availability_zones
  single_nat_gateway = false
}

# --- secrets --------------------------------------------------------------------------------
# Production's secrets are replicated here (terraform/ secret_replica_regions = ["eu-west-1"]):
# same names, same values, read-only, kept current by Secrets Manager, including the database
# secret: one credential source for both regions, whose host is the Aurora global writer endpoint
# (it follows the writer) and whose login rotates with alternating users (the previous user stays
# valid), so the DR region can always log in and a failover rewrites nothing.

locals {
  replica_secret_arns = {
    for key, arn in local.primary.secret_arns : key => replace(arn, ":${var.primary_region}:", ":${var.dr_region}:")
  }
  dr_secret_arns = local.replica_secret_arns
}

# The region role (docs/decisions/012): {"writer": <region>, "epoch": n}. Its PRIMARY copy is here,
# in the DR region, replicated to the primary region: the failover writes it in the DR region only
# (nothing from us-east-1 needed), and the old region's Lambdas read the flip from their replica as
# soon as it answers again. Both regions' Lambdas read it before every write and in /health.
resource "aws_secretsmanager_secret" "region_role" {
  name                    = "calcapp-${var.environment}/dr-role"
  description             = "CalcApp ${var.environment}: which region may write (written by dr/scripts/failover.ts; read before every write and by /health)"
  recovery_window_in_days = 30

  replica {
    region = var.primary_region
  }
}

resource "aws_secretsmanager_secret_version" "region_role" {
  secret_id                = aws_secretsmanager_secret.region_role.id
  secret_string_wo         = jsonencode({ writer = var.primary_region, epoch = 1 })
  secret_string_wo_version = 1
}

# --- Redis: the DR member of an ElastiCache Global Datastore (sessions survive a failover) -----

resource "aws_elasticache_global_replication_group" "sessions" {
  provider = aws.primary

  global_replication_group_id_suffix   = "calcapp-sessions"
  primary_replication_group_id         = local.primary.redis_replication_group_id
  global_replication_group_description = "CalcApp ${var.environment}: sessions and rate limits, replicated to ${var.dr_region}"
}

resource "aws_elasticache_subnet_group" "redis" {

  name        = "${local.dr_name}-redis"
  description = "CalcApp ${var.environment} DR Redis: private subnets"
  subnet_ids  = module.networking.private_subnet_ids
}

resource "aws_elasticache_replication_group" "sessions" {

  replication_group_id        = local.dr_name
  description                 = "CalcApp ${var.environment} DR: Global Datastore secondary (read-only until promoted)"
  global_replication_group_id = aws_elasticache_global_replication_group.sessions.global_replication_group_id
  # Engine, version, node type, TLS and AUTH come from the global datastore's primary.
  num_cache_clusters         = var.redis_cluster_size
  automatic_failover_enabled = var.redis_cluster_size > 1
  multi_az_enabled           = var.redis_cluster_size > 1
  subnet_group_name          = aws_elasticache_subnet_group.redis.name
  security_group_ids         = [module.networking.redis_security_group_id]
  snapshot_retention_limit   = 7

  lifecycle {
    precondition {
      # The primary's real node type (its state), not a variable of this stack.
      condition     = can(regex(local.global_datastore_node_types, local.primary.redis_node_type))
      error_message = "Global Datastore accepts M and R node types only (${local.primary.redis_node_type} is not one): set terraform/environments/production redis_node_type to e.g. cache.m7g.large first (terraform/README.md: cost)."
    }
  }
}

# --- the Lambdas, from the same manifest, the same settings and the same modules as production --

locals {
  # ElastiCache Global Datastore: M5, M6g, M7g, R5, R6g, R6gd, R7g node families (not T).
  global_datastore_node_types = "^cache\\.(m5|m6g|m7g|r5|r6g|r6gd|r7g)\\."
}

module "app_environment" {
  source = "../../terraform/modules/app-environment"

  environment           = var.environment
  region                = var.dr_region
  app_url               = local.primary.app_url
  redis_url             = "rediss://${aws_elasticache_replication_group.sessions.primary_endpoint_address}:6379"
  archive_bucket        = module.archive_dr_bucket.id
  settings              = local.primary.app_settings
  region_role_secret_id = aws_secretsmanager_secret.region_role.name
  mail = local.mail_domain == null ? null : {
    from              = "CalcApp <no-reply@${local.mail_domain}>"
    configuration_set = module.ses[0].configuration_set_name
  }
}

# Account mail from this region too (decision 015): after a failover, sign-up, reset and
# verification mail go out through this region's SES, under the primary's domain.
locals {
  mail_domain = try(local.primary.mail_domain, null)
}

module "ses" {
  source = "../../terraform/modules/ses"
  count  = local.mail_domain == null ? 0 : 1

  domain = local.mail_domain
  name   = local.dr_name
  # sign-up, login, password reset and /account live in the auth Lambda (decision 018)
  sender_role_name = element(split("/", module.compute.functions["auth"].role_arn), 1)
}

module "compute" {
  source = "../../terraform/modules/compute"

  name                           = local.dr_name
  environment                    = var.environment
  manifest_path                  = local.manifest_path
  lambda_packages_dir            = local.lambda_packages_dir
  subnet_ids                     = module.networking.private_subnet_ids
  lambda_security_group_id       = module.networking.lambda_security_group_id
  secret_arns                    = local.dr_secret_arns
  archive_bucket_arn             = module.archive_dr_bucket.arn
  secrets_extension_layer_arn    = var.secrets_extension_layer_arn
  migration_reserved_concurrency = local.primary.regional_settings.migration_reserved_concurrency
  log_retention_days             = local.primary.regional_settings.log_retention_days
  api_throttling_burst_limit     = local.primary.regional_settings.api_throttling_burst_limit
  api_throttling_rate_limit      = local.primary.regional_settings.api_throttling_rate_limit
  region_role_secret_arn         = aws_secretsmanager_secret.region_role.arn
  # CloudFront and Route 53 reach this region's API by api_origin_domain_name (dns.tf), never by
  # the execute-api hostname, which would skip the origin check.
  disable_execute_api_endpoint = true
  # The standby's scheduled jobs stay off (its database is a reader); failover.ts enables them.
  schedules_enabled = false

  environment_variables = module.app_environment.environment_variables
}

# The same alarms and dashboards as the primary region, paged to the same people. Not here: the
# account's budgets and cost anomaly monitor (one per environment, in terraform/) and CloudFront's
# alarm (a global distribution, alarmed in us-east-1).
module "monitoring" {
  source = "../../terraform/modules/monitoring"

  name                        = local.dr_name
  environment                 = var.environment
  alert_emails                = local.primary.regional_settings.alert_emails
  budget_emails               = []
  cost_controls               = false
  functions                   = { for name, fn in module.compute.functions : name => { function_name = fn.function_name, kind = fn.kind, log_group = fn.log_group } }
  api_id                      = module.compute.api_id
  aurora_cluster_identifier   = aws_rds_cluster.secondary.cluster_identifier
  aurora_storage_capacity_gib = local.primary.regional_settings.aurora_storage_capacity_gib
  redis_replication_group_id  = aws_elasticache_replication_group.sessions.id
  distribution_id             = null
  business_metrics_namespace  = "CalcApp/${var.environment}"
}

# What deploy.yml's DR leg and dr/scripts read (the same shape as production's parameter).
resource "aws_ssm_parameter" "deploy" {

  name        = "/calcapp/${var.environment}/deploy-dr"
  description = "CalcApp ${var.environment} DR: what deploy.yml and dr/scripts act on (written by dr/terraform)"
  type        = "String"
  value = jsonencode({
    environment        = var.environment
    region             = var.dr_region
    assets_bucket      = module.assets_dr_bucket.id
    assets_prefix      = local.manifest.static.prefix
    cluster_identifier = aws_rds_cluster.secondary.cluster_identifier
    global_cluster     = local.primary.global_cluster_identifier
    database_secret    = local.dr_secret_arns["database"]
    region_role_secret = aws_secretsmanager_secret.region_role.name
    api_id             = module.compute.api_id
    api_endpoint       = module.compute.api_endpoint
    functions          = module.compute.lambda_function_names
  })
}
