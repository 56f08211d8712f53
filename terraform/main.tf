# The CalcApp stack (section 3): one environment's networking, storage, compute, CDN and
# monitoring. environments/staging and environments/production are the root modules that call
# it, each with its own state (see backend.tf).

terraform {
  # Write-only arguments and ephemeral resources (secrets never in plan or state) need 1.11.
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.20" # nodejs24.x needs 6.20+ (decision 011)
    }
  }
}

data "aws_caller_identity" "current" {}

locals {
  name          = "calcapp-${var.environment}"
  manifest_path = "${path.module}/lambda-manifest.json"
  manifest      = jsondecode(file(local.manifest_path))

  lambda_packages_dir = coalesce(var.lambda_packages_dir, abspath("${path.module}/../lambda-packages"))

  # The public origin: the first custom domain, else CloudFront's own name.
  public_host = length(var.domain_names) > 0 ? var.domain_names[0] : module.cdn.distribution_domain_name
  app_url     = "https://${local.public_host}"
}

module "networking" {
  source = "./modules/networking"

  name               = local.name
  vpc_cidr           = var.vpc_cidr
  availability_zones = var.availability_zones
  single_nat_gateway = var.single_nat_gateway
}

module "storage" {
  source = "./modules/storage"

  name                          = local.name
  environment                   = var.environment
  vpc_id                        = module.networking.vpc_id
  subnet_ids                    = module.networking.private_subnet_ids
  aurora_security_group_id      = module.networking.aurora_security_group_id
  redis_security_group_id       = module.networking.redis_security_group_id
  lambda_security_group_id      = module.networking.lambda_security_group_id
  aurora_engine_version         = var.aurora_engine_version
  aurora_instance_count         = var.aurora_instance_count
  deletion_protection           = var.deletion_protection
  final_snapshot                = var.final_snapshot
  redis_node_type               = var.redis_node_type
  redis_cluster_size            = var.redis_cluster_size
  redis_snapshot_retention_days = var.redis_snapshot_retention_days
  secret_replica_regions        = var.secret_replica_regions
  log_retention_days            = var.log_retention_days
  global_cluster_identifier     = var.global_cluster_identifier
}

# What every region's Lambdas get (the DR region calls the same module with the same settings,
# read from this stack's `app_settings` output).
locals {
  app_settings = {
    log_level          = var.log_level
    jwt_access_expiry  = var.jwt_access_expiry
    jwt_refresh_expiry = var.jwt_refresh_expiry
    stripe_price_id    = var.stripe_price_id
    app_name           = local.manifest.app
  }
  # The rest of what both regions' compute and monitoring get (dr/terraform reads it).
  regional_settings = {
    migration_reserved_concurrency = var.migration_reserved_concurrency
    api_throttling_burst_limit     = var.api_throttling_burst_limit
    api_throttling_rate_limit      = var.api_throttling_rate_limit
    log_retention_days             = var.log_retention_days
    aurora_storage_capacity_gib    = var.aurora_storage_capacity_gib
    alert_emails                   = var.alert_emails
  }
}

module "app_environment" {
  source = "./modules/app-environment"

  environment           = var.environment
  region                = var.aws_region
  app_url               = local.app_url
  redis_url             = module.storage.redis_url
  archive_bucket        = module.cdn.archive_bucket
  settings              = local.app_settings
  region_role_secret_id = var.region_role_secret_name
  mail = var.mail_domain == null ? null : {
    from              = "CalcApp <no-reply@${var.mail_domain}>"
    configuration_set = module.ses[0].configuration_set_name
  }
}

module "compute" {
  source = "./modules/compute"

  name                           = local.name
  environment                    = var.environment
  manifest_path                  = local.manifest_path
  lambda_packages_dir            = local.lambda_packages_dir
  subnet_ids                     = module.networking.private_subnet_ids
  lambda_security_group_id       = module.networking.lambda_security_group_id
  secret_arns                    = module.storage.secret_arns
  archive_bucket_arn             = module.cdn.archive_bucket_arn
  secrets_extension_layer_arn    = var.secrets_extension_layer_arn
  migration_reserved_concurrency = var.migration_reserved_concurrency
  log_retention_days             = var.log_retention_days
  api_throttling_burst_limit     = var.api_throttling_burst_limit
  api_throttling_rate_limit      = var.api_throttling_rate_limit
  # CloudFront and Route 53 reach the API by api_origin_domain_name once dr/ set it up.
  disable_execute_api_endpoint = var.api_origin_domain_name != null

  region_role_secret_arn = var.region_role_secret_name == null ? null : "arn:aws:secretsmanager:${var.aws_region}:${data.aws_caller_identity.current.account_id}:secret:${var.region_role_secret_name}-*"

  # Plain configuration (section 2.2), the same in every region; secrets arrive as *_SECRET_ARN.
  environment_variables = module.app_environment.environment_variables
}

# Account mail (decision 015): the SES identity and configuration set in this stack's region, and
# the right to send through them for the auth Lambda, which serves sign-up, login, password
# reset and /account. Without mail_domain no mail can be sent (sign-up and reset still answer).
module "ses" {
  source = "./modules/ses"
  count  = var.mail_domain == null ? 0 : 1

  domain = var.mail_domain
  name   = local.name
  # sign-up, login, password reset and /account live in the auth Lambda (decision 018)
  sender_role_name = element(split("/", module.compute.functions["auth"].role_arn), 1)
}

module "cdn" {
  source = "./modules/cdn"

  name                                        = local.name
  environment                                 = var.environment
  api_endpoint                                = module.compute.api_endpoint
  origin_verify_value                         = module.storage.origin_verify_value
  domain_names                                = var.domain_names
  acm_certificate_arn                         = var.acm_certificate_arn
  waf_rate_limit                              = var.waf_rate_limit
  replication_destination_bucket_arn          = var.assets_replication_destination_bucket_arn
  archive_replication_destination_bucket_arn  = var.archive_replication_destination_bucket_arn
  api_origin_domain_name                      = var.api_origin_domain_name
  assets_failover_bucket_regional_domain_name = var.assets_failover_bucket_regional_domain_name
  log_retention_days                          = var.log_retention_days
}

module "monitoring" {
  source = "./modules/monitoring"

  name                        = local.name
  environment                 = var.environment
  alert_emails                = var.alert_emails
  budget_emails               = var.budget_emails
  functions                   = { for name, fn in module.compute.functions : name => { function_name = fn.function_name, kind = fn.kind, log_group = fn.log_group } }
  api_id                      = module.compute.api_id
  aurora_cluster_identifier   = module.storage.cluster_identifier
  aurora_storage_capacity_gib = var.aurora_storage_capacity_gib
  redis_replication_group_id  = module.storage.redis_replication_group_id
  distribution_id             = module.cdn.distribution_id
  # The app emits business metrics (EMF) to CalcApp/<APP_ENV>.
  business_metrics_namespace = "CalcApp/${var.environment}"
}
