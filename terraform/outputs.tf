output "app_url" {
  value = local.app_url
}

output "api_endpoint" {
  description = "The HTTP API's own endpoint (requests without CloudFront's X-Origin-Verify header are refused by the app)."
  value       = module.compute.api_endpoint
}

output "distribution_id" {
  value = module.cdn.distribution_id
}

output "distribution_domain_name" {
  value = module.cdn.distribution_domain_name
}

output "distribution_hosted_zone_id" {
  value = module.cdn.distribution_hosted_zone_id
}

output "assets_bucket" {
  value = module.cdn.assets_bucket
}

output "assets_bucket_arn" {
  description = "Hook for dr/: the replication source."
  value       = module.cdn.assets_bucket_arn
}

output "archive_bucket" {
  value = module.cdn.archive_bucket
}

output "functions" {
  value = module.compute.functions
}

output "routes" {
  value = module.compute.routes
}

output "aurora_cluster_identifier" {
  value = module.storage.cluster_identifier
}

output "aurora_cluster_arn" {
  description = "Hook for dr/: source cluster of an Aurora global database."
  value       = module.storage.cluster_arn
}

output "aurora_endpoint" {
  value = module.storage.cluster_endpoint
}

output "secret_arns" {
  value = module.storage.secret_arns
}

output "vpc_id" {
  value = module.networking.vpc_id
}

output "nat_public_ips" {
  value = module.networking.nat_public_ips
}

output "alert_topic_arns" {
  value = module.monitoring.alert_topic_arns
}

output "deploy_role_arn" {
  description = "Set as the AWS_DEPLOY_ROLE_ARN variable of this GitHub environment."
  value       = aws_iam_role.deploy.arn
}

output "deploy_parameter_name" {
  value = aws_ssm_parameter.deploy.name
}

output "api_id" {
  description = "Hook for dr/: the HTTP API the us-east-1 custom domain of the API origin maps to."
  value       = module.compute.api_id
}

output "redis_replication_group_id" {
  description = "Hook for dr/: primary of the ElastiCache Global Datastore."
  value       = module.storage.redis_replication_group_id
}

output "app_settings" {
  description = "Hook for dr/: the Lambda settings every region shares (modules/app-environment)."
  value       = local.app_settings
}

output "regional_settings" {
  description = "Hook for dr/: what both regions' compute and monitoring modules get."
  value       = local.regional_settings
}

output "redis_node_type" {
  description = "Hook for dr/: the Global Datastore's primary node type (it must be an M or R type)."
  value       = var.redis_node_type
}

output "global_cluster_identifier" {
  description = "Hook for dr/: the Aurora global database (null without one)."
  value       = module.storage.global_cluster_identifier
}

output "archive_bucket_arn" {
  description = "Hook for dr/: the history archive bucket (user data), replicated to the DR region."
  value       = module.cdn.archive_bucket_arn
}

output "mail_domain" {
  description = "Hook for dr/: the domain account mail is sent from (null: no mail)."
  value       = var.mail_domain
}

output "mail_dkim_tokens" {
  description = "Publish each as CNAME <token>._domainkey.<mail_domain> -> <token>.dkim.amazonses.com (empty without mail_domain)."
  value       = var.mail_domain == null ? [] : module.ses[0].dkim_tokens
}
