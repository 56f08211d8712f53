# Production (section 2.1): live users, deployed from v* tags after the environment's approval.
# Highly available: a NAT gateway per AZ, an Aurora reader in a second AZ, a Redis replica.

environment        = "production"
aws_region         = "us-east-1"
vpc_cidr           = "10.10.0.0/16"
availability_zones = ["us-east-1a", "us-east-1b", "us-east-1c"]
single_nat_gateway = false

log_level          = "warn"
log_retention_days = 90

aurora_instance_count = 2
deletion_protection   = true
final_snapshot        = true

# An ElastiCache Global Datastore (dr/: sessions survive a region failure) accepts M and R node
# types only, not T: see terraform/README.md for the cost.
redis_node_type               = "cache.m7g.large"
redis_cluster_size            = 2
redis_snapshot_retention_days = 7

# Custom domain: uncomment once the ACM certificate (us-east-1) for it is issued; until then
# the app answers on the CloudFront name (output app_url).
# domain_names        = ["app.calcapp.com"]
# acm_certificate_arn = "arn:aws:acm:us-east-1:<account>:certificate/<id>"

alert_emails = {
  critical = ["oncall@calcapp.com"]
  high     = ["engineering@calcapp.com"]
  medium   = ["engineering@calcapp.com"]
}
budget_emails = ["billing@calcapp.com"]

# The DR region (dr/, docs/decisions/012). First time: apply this stack, then dr/terraform, then
# set the two bucket ARNs (dr/terraform outputs) and apply this stack again (terraform/README.md).
global_cluster_identifier = "calcapp-production-global"
region_role_secret_name   = "calcapp-production/dr-role"
secret_replica_regions    = ["eu-west-1"]
# assets_replication_destination_bucket_arn  = "arn:aws:s3:::calcapp-production-assets-dr-<account>"
# archive_replication_destination_bucket_arn = "arn:aws:s3:::calcapp-production-archive-dr-<account>"
# api_origin_domain_name                     = "api-origin.calcapp.com"

github_repository = "calcapp/calcapp"
