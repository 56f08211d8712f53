# Aurora Global Database (production only: global_cluster_identifier set). The primary stack owns
# the global cluster so that its global writer endpoint is known here and written into the app's
# database secret: Aurora moves that endpoint to the writer on every switchover and failover, so
# no credential or host is rewritten during a failover (docs/decisions/012). dr/terraform adds the
# secondary cluster in the DR region to it.

resource "aws_rds_global_cluster" "main" {
  count = var.global_cluster_identifier == null ? 0 : 1

  global_cluster_identifier    = var.global_cluster_identifier
  source_db_cluster_identifier = aws_rds_cluster.main.arn
  force_destroy                = false
  deletion_protection          = var.deletion_protection

  lifecycle {
    # After a switchover the writer is elsewhere; the membership is the DR scripts' to change.
    ignore_changes = [source_db_cluster_identifier]
  }
}

locals {
  # What the Lambdas connect to: the global writer endpoint when there is a global database.
  database_writer_host = var.global_cluster_identifier == null ? aws_rds_cluster.main.endpoint : aws_rds_global_cluster.main[0].endpoint
}
