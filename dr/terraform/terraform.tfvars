# The DR region of production. Apply after terraform/environments/production:
#   terraform -chdir=dr/terraform init && terraform -chdir=dr/terraform apply
hosted_zone_id          = "Z0000000000000000000"
api_origin_domain_name  = "api-origin.calcapp.com"
primary_certificate_arn = "arn:aws:acm:us-east-1:000000000000:certificate/replace-me"
dr_certificate_arn      = "arn:aws:acm:eu-west-1:000000000000:certificate/replace-me"
