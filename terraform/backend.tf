# Remote state: S3 (versioned, encrypted) with a DynamoDB lock table, both created by
# terraform/bootstrap (Appendix A.1 steps 7-8).
#
# Terraform reads a backend block only in the root module it runs in, and this directory is a
# module that environments/staging and environments/production call. So the backend blocks live
# there, in environments/<env>/backend.tf, one state key per environment:
#
#   bucket         = "calcapp-terraform-state"
#   key            = "<environment>/terraform.tfstate"
#   region         = "us-east-1"
#   encrypt        = true
#   dynamodb_table = "terraform-state-lock"
#
# (A backend block here would be ignored with a warning.)
