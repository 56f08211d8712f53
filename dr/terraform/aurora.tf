# Aurora Global Database: production's cluster (terraform/modules/storage, us-east-1) is the primary
# of the global cluster production creates (global_cluster_identifier; its global writer endpoint is
# what the app's database secret names), and a secondary cluster in the DR region receives
# storage-level replication (typically < 1 s behind). Failover / switchover: dr/scripts/failover.ts.

resource "aws_db_subnet_group" "secondary" {

  name        = "${local.dr_name}-aurora"
  description = "CalcApp ${var.environment} DR Aurora: private subnets"
  subnet_ids  = module.networking.private_subnet_ids
}

resource "aws_rds_cluster_parameter_group" "secondary" {

  name        = "${local.dr_name}-aurora-pg15"
  family      = "aurora-postgresql15"
  description = "CalcApp ${var.environment} DR: same settings as the primary (TLS only, slow query log)"

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  parameter {
    name  = "log_min_duration_statement"
    value = "1000"
  }
}

resource "aws_rds_cluster" "secondary" {

  cluster_identifier        = local.dr_name
  global_cluster_identifier = local.primary.global_cluster_identifier
  engine                    = "aurora-postgresql"
  engine_mode               = "provisioned"
  engine_version            = var.aurora_engine_version
  # No master credentials and no database name: a secondary inherits them from the primary.

  db_subnet_group_name            = aws_db_subnet_group.secondary.name
  vpc_security_group_ids          = [module.networking.aurora_security_group_id]
  db_cluster_parameter_group_name = aws_rds_cluster_parameter_group.secondary.name
  port                            = 5432

  storage_encrypted = true
  kms_key_id        = aws_kms_key.aurora.arn

  backup_retention_period      = 35
  preferred_backup_window      = "03:00-04:00"
  preferred_maintenance_window = "sun:04:30-sun:05:30"
  copy_tags_to_snapshot        = true

  enabled_cloudwatch_logs_exports = ["postgresql"]

  serverlessv2_scaling_configuration {
    min_capacity = 0.5
    max_capacity = 4
  }

  deletion_protection       = true
  skip_final_snapshot       = false
  final_snapshot_identifier = "${local.dr_name}-final"

  tags = { Name = "${local.dr_name}-aurora" }

  lifecycle {
    # A failover makes this cluster the writer and may detach it (detach-and-promote): the
    # membership and the replication source are the failover scripts' to change, not Terraform's.
    ignore_changes = [global_cluster_identifier, replication_source_identifier]

    precondition {
      condition     = can(regex("^15\\.[0-9]+$", var.aurora_engine_version))
      error_message = "The secondary must run the primary's PostgreSQL 15 minor version."
    }

    precondition {
      condition     = local.primary.global_cluster_identifier != null
      error_message = "terraform/environments/production has no global database: set global_cluster_identifier there and apply it first."
    }
  }
}

# Encrypted storage in another region needs a key of that region.
resource "aws_kms_key" "aurora" {

  description             = "CalcApp ${var.environment} DR: Aurora storage"
  enable_key_rotation     = true
  deletion_window_in_days = 30
}

resource "aws_rds_cluster_instance" "secondary" {
  count = var.aurora_instance_count

  identifier                   = "${local.dr_name}-${count.index + 1}"
  cluster_identifier           = aws_rds_cluster.secondary.id
  instance_class               = "db.serverless"
  engine                       = aws_rds_cluster.secondary.engine
  engine_version               = aws_rds_cluster.secondary.engine_version
  publicly_accessible          = false
  auto_minor_version_upgrade   = false
  ca_cert_identifier           = "rds-ca-rsa2048-g1"
  performance_insights_enabled = true
  promotion_tier               = count.index

  tags = { Name = "${local.dr_name}-aurora-${count.index + 1}" }
}

# --- alarms on global replication (the metrics are emitted by the secondary cluster) ----------

resource "aws_sns_topic" "dr_alerts" {

  name         = "${local.dr_name}-alerts-critical"
  display_name = "CalcApp ${var.environment} DR critical"
}

resource "aws_sns_topic_subscription" "dr_alerts" {
  for_each = toset(local.primary.regional_settings.alert_emails.critical)

  topic_arn = aws_sns_topic.dr_alerts.arn
  protocol  = "email"
  endpoint  = each.value
}

resource "aws_cloudwatch_metric_alarm" "global_replication_lag" {

  alarm_name          = "${local.dr_name}-aurora-global-replication-lag"
  alarm_description   = "Aurora Global Database: the DR cluster is more than ${var.replication_lag_alarm_ms} ms behind the primary for 3 minutes (dr/RUNBOOK.md)."
  namespace           = "AWS/RDS"
  metric_name         = "AuroraGlobalDBReplicationLag"
  dimensions          = { DBClusterIdentifier = aws_rds_cluster.secondary.cluster_identifier }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 3
  threshold           = var.replication_lag_alarm_ms
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "breaching"
  alarm_actions       = [aws_sns_topic.dr_alerts.arn]
  ok_actions          = [aws_sns_topic.dr_alerts.arn]
}

resource "aws_cloudwatch_metric_alarm" "global_rpo_lag" {

  alarm_name          = "${local.dr_name}-aurora-global-rpo-lag"
  alarm_description   = "Aurora Global Database: an unplanned failover now would lose more than ${var.rpo_lag_alarm_ms} ms of writes (RPO target 1 min)."
  namespace           = "AWS/RDS"
  metric_name         = "AuroraGlobalDBRPOLag"
  dimensions          = { DBClusterIdentifier = aws_rds_cluster.secondary.cluster_identifier }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 2
  threshold           = var.rpo_lag_alarm_ms
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "breaching"
  alarm_actions       = [aws_sns_topic.dr_alerts.arn]
  ok_actions          = [aws_sns_topic.dr_alerts.arn]
}
