output "global_cluster_identifier" {
  value = local.primary.global_cluster_identifier
}

output "secondary_cluster_identifier" {
  value = aws_rds_cluster.secondary.cluster_identifier
}

output "secondary_cluster_endpoint" {
  value = aws_rds_cluster.secondary.endpoint
}

output "dr_database_secret_arn" {
  description = "The replica, in the DR region, of production's database secret (one credential source, rotated with alternating users)."
  value       = local.dr_secret_arns["database"]
}

output "dr_api_endpoint" {
  value = module.compute.api_endpoint
}

output "dr_functions" {
  value = module.compute.lambda_function_names
}

output "health_check_ids" {
  description = "HTTPS checks of /health per region (dr/config healthCheckId)."
  value       = { for key, check in aws_route53_health_check.region : key => check.id }
}

output "region_role_secret_name" {
  description = "Set as terraform/environments/production region_role_secret_name (dr/config regionRoleSecretId)."
  value       = aws_secretsmanager_secret.region_role.name
}

output "dr_health_url" {
  description = "dr/config regions.<dr>.healthUrl: the DR API's own /health (what Route 53 probes)."
  value       = "${module.compute.api_endpoint}${var.health_check_path}"
}

output "assets_dr_bucket" {
  value = module.assets_dr_bucket.id
}

output "assets_dr_bucket_arn" {
  description = "Set as terraform/environments/production assets_replication_destination_bucket_arn."
  value       = module.assets_dr_bucket.arn
}

output "assets_dr_bucket_regional_domain_name" {
  description = "Set as terraform/environments/production assets_failover_bucket_regional_domain_name."
  value       = module.assets_dr_bucket.bucket_regional_domain_name
}

output "global_datastore_id" {
  value = aws_elasticache_global_replication_group.sessions.global_replication_group_id
}

output "deploy_parameter_name" {
  value = aws_ssm_parameter.deploy.name
}

output "archive_dr_bucket_arn" {
  description = "Set as terraform/environments/production archive_replication_destination_bucket_arn."
  value       = module.archive_dr_bucket.arn
}

output "mail_dkim_tokens" {
  description = "This region's SES DKIM tokens: publish each as CNAME <token>._domainkey.<mail_domain> -> <token>.dkim.amazonses.com, beside the primary's (empty without mail)."
  value       = local.mail_domain == null ? [] : module.ses[0].dkim_tokens
}
