# ElastiCache Redis: TLS in transit, encryption at rest, AUTH token from Secrets Manager.

resource "aws_elasticache_subnet_group" "redis" {
  name        = "${var.name}-redis"
  description = "CalcApp ${var.environment} Redis: private subnets"
  subnet_ids  = var.subnet_ids
}

resource "aws_cloudwatch_log_group" "redis_slow" {
  name              = "/calcapp/${var.name}/redis-slow-log"
  retention_in_days = var.log_retention_days
}

resource "aws_elasticache_replication_group" "main" {
  replication_group_id = var.name
  description          = "CalcApp ${var.environment}: sessions, rate limits, cache"
  engine               = "redis"
  engine_version       = var.redis_engine_version
  node_type            = var.redis_node_type
  port                 = 6379

  num_cache_clusters         = var.redis_cluster_size
  automatic_failover_enabled = var.redis_cluster_size > 1
  multi_az_enabled           = var.redis_cluster_size > 1

  subnet_group_name  = aws_elasticache_subnet_group.redis.name
  security_group_ids = [var.redis_security_group_id]

  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
  auth_token                 = data.aws_secretsmanager_secret_version.redis_auth.secret_string
  # A new token is accepted alongside the old one until the next SET (see terraform/README.md).
  auth_token_update_strategy = "ROTATE"

  snapshot_retention_limit = var.redis_snapshot_retention_days
  snapshot_window          = "05:00-06:00"
  maintenance_window       = "sun:06:30-sun:07:30"

  log_delivery_configuration {
    destination      = aws_cloudwatch_log_group.redis_slow.name
    destination_type = "cloudwatch-logs"
    log_format       = "json"
    log_type         = "slow-log"
  }

  tags = { Name = "${var.name}-redis" }
}
