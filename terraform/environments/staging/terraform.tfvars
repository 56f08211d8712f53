# Staging (section 2.1): QA, deployed from main; test data; cheaper where it does not change
# behaviour (one NAT gateway, one Aurora instance, one Redis node).

environment        = "staging"
aws_region         = "us-east-1"
vpc_cidr           = "10.20.0.0/16"
availability_zones = ["us-east-1a", "us-east-1b", "us-east-1c"]
single_nat_gateway = true

log_level          = "info"
log_retention_days = 14

aurora_instance_count = 1
deletion_protection   = false
final_snapshot        = false

redis_node_type               = "cache.t4g.micro"
redis_cluster_size            = 1
redis_snapshot_retention_days = 1

# Custom domain: uncomment once the ACM certificate (us-east-1) for it is issued; until then
# the app answers on the CloudFront name (output app_url).
# domain_names        = ["staging.calcapp.com"]
# acm_certificate_arn = "arn:aws:acm:us-east-1:<account>:certificate/<id>"

alert_emails = {
  critical = ["oncall@calcapp.com"]
  high     = ["engineering@calcapp.com"]
  medium   = ["engineering@calcapp.com"]
}
budget_emails = ["billing@calcapp.com"]

github_repository = "calcapp/calcapp"
