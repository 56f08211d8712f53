# State of the production environment: S3 (encrypted) + DynamoDB lock, created by terraform/bootstrap.
terraform {
  backend "s3" {
    bucket         = "calcapp-terraform-state"
    key            = "production/terraform.tfstate"
    region         = "us-east-1"
    encrypt        = true
    dynamodb_table = "terraform-state-lock"
    # Terraform 1.10+ S3-native lock as well; the DynamoDB table keeps older clients safe.
    use_lockfile = true
  }
}
