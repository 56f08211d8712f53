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
# same names, same values, read-only. The database secret is the exception: the DR stack needs its
# own, pointing at this region's cluster, and the failover script rewrites its host to the new
# writer (credentials come from the replica of the primary's, which rotation keeps current).

locals {
  replica_secret_arns = {
    for key, arn in local.primary.secret_arns : key => replace(arn, ":${var.primary_region}:", ":${var.dr_region}:")
  }
  dr_secret_arns = merge(local.replica_secret_arns, { database = aws_secretsmanager_secret.database.arn })
}

resource "aws_secretsmanager_secret" "database" {

  name                    = "${local.dr_name}/database"
  description             = "CalcApp ${var.environment} DR: database credentials (JSON) of the DR region's cluster; dr/scripts/failover.ts points it at the writer"
  recovery_window_in_days = 30
}

# The replicated primary secret, read without storing it: the DR secret starts with the same
# credentials and this region's cluster endpoint.
ephemeral "aws_secretsmanager_secret_version" "primary_database" {
  secret_id = local.replica_secret_arns["database"]
}

resource "aws_secretsmanager_secret_version" "database" {

  secret_id = aws_secretsmanager_secret.database.id
  secret_string_wo = jsonencode(merge(
    jsondecode(ephemeral.aws_secretsmanager_secret_version.primary_database.secret_string),
    { host = aws_rds_cluster.secondary.endpoint, port = aws_rds_cluster.secondary.port },
  ))
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
      condition     = can(regex("^cache\\.(m|r)[0-9]+g?d?\\.", var.redis_global_node_type))
      error_message = "Global Datastore needs M or R nodes: set terraform/environments/production redis_node_type to an M/R type first."
    }
  }
}

# --- the Lambdas, from the same manifest as production ----------------------------------------

module "compute" {
  source = "../../terraform/modules/compute"

  name                        = local.dr_name
  environment                 = var.environment
  manifest_path               = local.manifest_path
  lambda_packages_dir         = local.lambda_packages_dir
  subnet_ids                  = module.networking.private_subnet_ids
  lambda_security_group_id    = module.networking.lambda_security_group_id
  secret_arns                 = local.dr_secret_arns
  archive_bucket_arn          = "arn:aws:s3:::${local.primary.archive_bucket}"
  secrets_extension_layer_arn = var.secrets_extension_layer_arn
  log_retention_days          = var.log_retention_days
  # The standby's scheduled jobs stay off (its database is a reader); failover.ts enables them.
  schedules_enabled = false

  environment_variables = {
    NODE_ENV               = "production"
    LOG_LEVEL              = var.log_level
    APP_REGION             = var.dr_region
    API_BASE_URL           = "${local.primary.app_url}/v1"
    REDIS_URL              = "rediss://${aws_elasticache_replication_group.sessions.primary_endpoint_address}:6379"
    JWT_ACCESS_EXPIRY      = "7d"
    JWT_REFRESH_EXPIRY     = "30d"
    HISTORY_ARCHIVE_BUCKET = local.primary.archive_bucket
    DATABASE_URL_PARAMS    = "sslmode=verify-full"
    NODE_EXTRA_CA_CERTS    = "/var/runtime/ca-cert.pem"
    ARC_ENV                = var.environment
    ARC_APP_NAME           = local.manifest.app
  }
}

# What deploy.yml's DR leg and dr/scripts read (the same shape as production's parameter).
resource "aws_ssm_parameter" "deploy" {

  name        = "/calcapp/${var.environment}/deploy-dr"
  description = "CalcApp ${var.environment} DR: what deploy.yml and dr/scripts act on (written by dr/terraform)"
  type        = "String"
  value = jsonencode({
    environment        = var.environment
    region             = var.dr_region
    assets_bucket      = aws_s3_bucket.assets_dr.id
    assets_prefix      = local.manifest.static.prefix
    cluster_identifier = aws_rds_cluster.secondary.cluster_identifier
    global_cluster     = aws_rds_global_cluster.main.id
    database_secret    = aws_secretsmanager_secret.database.arn
    api_id             = module.compute.api_id
    api_endpoint       = module.compute.api_endpoint
    functions          = module.compute.lambda_function_names
  })
}
