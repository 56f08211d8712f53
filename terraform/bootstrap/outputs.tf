output "state_bucket" {
  value = module.state_bucket.id
}

output "lock_table" {
  value = aws_dynamodb_table.lock.name
}

output "cloudtrail_bucket" {
  value = module.cloudtrail_bucket.id
}

output "guardduty_detector_id" {
  value = aws_guardduty_detector.main.id
}

output "github_oidc_provider_arn" {
  value = aws_iam_openid_connect_provider.github.arn
}

output "terraform_role_arn" {
  description = "Set as the AWS_TERRAFORM_ROLE_ARN variable of the staging and production GitHub environments."
  value       = aws_iam_role.terraform.arn
}

output "state_bucket_dr" {
  description = "The replica of the state bucket in the DR region; dr/terraform's own state lives there."
  value       = module.state_bucket_dr.id
}
