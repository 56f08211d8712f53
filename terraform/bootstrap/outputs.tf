output "state_bucket" {
  value = aws_s3_bucket.state.id
}

output "lock_table" {
  value = aws_dynamodb_table.lock.name
}

output "cloudtrail_bucket" {
  value = aws_s3_bucket.cloudtrail.id
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
