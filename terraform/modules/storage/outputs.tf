output "cluster_identifier" {
  value = aws_rds_cluster.main.cluster_identifier
}

output "cluster_arn" {
  description = "Hook for the DR region (dr/): the source of an Aurora global database."
  value       = aws_rds_cluster.main.arn
}

output "cluster_endpoint" {
  value = aws_rds_cluster.main.endpoint
}

output "cluster_reader_endpoint" {
  value = aws_rds_cluster.main.reader_endpoint
}

output "database_name" {
  value = var.database_name
}

output "redis_replication_group_id" {
  value = aws_elasticache_replication_group.main.id
}

output "redis_url" {
  description = "rediss:// URL without credentials; the AUTH token is in the redis_auth secret."
  value       = "rediss://${aws_elasticache_replication_group.main.primary_endpoint_address}:6379"
}

output "secret_arns" {
  description = "ARNs of the app's secrets by key: database, session, jwt_signing_keys, stripe, sentry, redis_auth, origin_verify."
  value       = { for key, secret in aws_secretsmanager_secret.app : key => secret.arn }
}

output "origin_verify_value" {
  description = "The X-Origin-Verify header value, for the CloudFront origin."
  value       = data.aws_secretsmanager_secret_version.origin_verify.secret_string
  sensitive   = true
}

output "global_cluster_identifier" {
  description = "Hook for dr/: the global database the DR region's secondary cluster joins (null without one)."
  value       = var.global_cluster_identifier == null ? null : aws_rds_global_cluster.main[0].id
}

output "database_writer_host" {
  description = "What the app's database secret names: the global writer endpoint, else the cluster endpoint."
  value       = local.database_writer_host
}
