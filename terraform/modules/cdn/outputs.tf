output "distribution_id" {
  value = aws_cloudfront_distribution.main.id
}

output "distribution_arn" {
  value = aws_cloudfront_distribution.main.arn
}

output "distribution_domain_name" {
  value = aws_cloudfront_distribution.main.domain_name
}

output "distribution_hosted_zone_id" {
  description = "For Route 53 alias records (dr/ adds failover records)."
  value       = aws_cloudfront_distribution.main.hosted_zone_id
}

output "assets_bucket" {
  value = module.assets_bucket.id
}

output "assets_bucket_arn" {
  value = module.assets_bucket.arn
}

output "archive_bucket" {
  value = module.archive_bucket.id
}

output "archive_bucket_arn" {
  value = module.archive_bucket.arn
}

output "web_acl_arn" {
  value = aws_wafv2_web_acl.main.arn
}
