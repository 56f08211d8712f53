output "global_cluster_identifier" {
  value = aws_rds_global_cluster.main.id
}

output "secondary_cluster_identifier" {
  value = aws_rds_cluster.secondary.cluster_identifier
}

output "secondary_cluster_endpoint" {
  value = aws_rds_cluster.secondary.endpoint
}

output "dr_database_secret_arn" {
  value = aws_secretsmanager_secret.database.arn
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

output "routing_health_check_ids" {
  description = "Calculated checks the failover records use (dr/config routingHealthCheckId)."
  value       = { for key, check in aws_route53_health_check.routing : key => check.id }
}

output "assets_dr_bucket" {
  value = aws_s3_bucket.assets_dr.id
}

output "assets_dr_bucket_arn" {
  description = "Set as terraform/environments/production assets_replication_destination_bucket_arn."
  value       = aws_s3_bucket.assets_dr.arn
}

output "assets_dr_bucket_regional_domain_name" {
  description = "Set as terraform/environments/production assets_failover_bucket_regional_domain_name."
  value       = aws_s3_bucket.assets_dr.bucket_regional_domain_name
}

output "global_datastore_id" {
  value = aws_elasticache_global_replication_group.sessions.global_replication_group_id
}

output "deploy_parameter_name" {
  value = aws_ssm_parameter.deploy.name
}
