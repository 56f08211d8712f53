# Aurora PostgreSQL Serverless v2 (sections 3.2 and 7.1): 0.5-4 ACU, 35 days of continuous
# backups, backup window 03:00-04:00 UTC, encrypted, PostgreSQL log exported to CloudWatch;
# deletion protection and a final snapshot in production.

resource "aws_db_subnet_group" "aurora" {
  name        = "${var.name}-aurora"
  description = "CalcApp ${var.environment} Aurora: private subnets"
  subnet_ids  = var.subnet_ids
}

resource "aws_rds_cluster_parameter_group" "aurora" {
  name        = "${var.name}-aurora-pg15"
  family      = "aurora-postgresql15"
  description = "CalcApp ${var.environment}: TLS only, slow query log"

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  parameter {
    name  = "log_min_duration_statement"
    value = "1000"
  }
}

resource "aws_db_parameter_group" "aurora" {
  name        = "${var.name}-aurora-instance-pg15"
  family      = "aurora-postgresql15"
  description = "CalcApp ${var.environment}: 100 connections (the RDS connections alarm fires at 95)"

  parameter {
    name         = "max_connections"
    value        = "100"
    apply_method = "pending-reboot"
  }
}

resource "aws_rds_cluster" "main" {
  cluster_identifier = var.name
  engine             = "aurora-postgresql"
  engine_mode        = "provisioned"
  engine_version     = var.aurora_engine_version
  database_name      = var.database_name
  master_username    = var.master_username

  # Write-only: the password is never in the plan or the state; the rotation changes it later.
  master_password_wo         = ephemeral.aws_secretsmanager_random_password.database.random_password
  master_password_wo_version = var.database_password_version

  db_subnet_group_name            = aws_db_subnet_group.aurora.name
  vpc_security_group_ids          = [var.aurora_security_group_id]
  db_cluster_parameter_group_name = aws_rds_cluster_parameter_group.aurora.name
  port                            = 5432

  storage_encrypted = true

  backup_retention_period      = 35
  preferred_backup_window      = "03:00-04:00"
  preferred_maintenance_window = "sun:04:30-sun:05:30"
  copy_tags_to_snapshot        = true

  enabled_cloudwatch_logs_exports = ["postgresql"]

  serverlessv2_scaling_configuration {
    min_capacity = 0.5
    max_capacity = 4
  }

  deletion_protection       = var.deletion_protection
  skip_final_snapshot       = !var.final_snapshot
  final_snapshot_identifier = var.final_snapshot ? "${var.name}-final" : null

  tags = { Name = "${var.name}-aurora" }

  # The log group exists (with its retention) before Aurora starts exporting to it.
  depends_on = [aws_cloudwatch_log_group.aurora]

  lifecycle {
    # Hook for dr/: once dr/terraform makes this cluster the primary of an Aurora global database
    # (and after a failover or switchover), the membership is not this module's to change.
    ignore_changes = [global_cluster_identifier]

    precondition {
      condition     = var.environment != "production" || (var.deletion_protection && var.final_snapshot)
      error_message = "Production's Aurora cluster needs deletion_protection = true and final_snapshot = true."
    }
  }
}

resource "aws_rds_cluster_instance" "main" {
  count = var.aurora_instance_count

  identifier                   = "${var.name}-${count.index + 1}"
  cluster_identifier           = aws_rds_cluster.main.id
  instance_class               = "db.serverless"
  engine                       = aws_rds_cluster.main.engine
  engine_version               = aws_rds_cluster.main.engine_version
  db_parameter_group_name      = aws_db_parameter_group.aurora.name
  publicly_accessible          = false
  auto_minor_version_upgrade   = false
  ca_cert_identifier           = "rds-ca-rsa2048-g1"
  performance_insights_enabled = true
  promotion_tier               = count.index

  tags = { Name = "${var.name}-aurora-${count.index + 1}" }
}

# The PostgreSQL log Aurora exports (created here to set its retention).
resource "aws_cloudwatch_log_group" "aurora" {
  name              = "/aws/rds/cluster/${var.name}/postgresql"
  retention_in_days = var.log_retention_days
}
