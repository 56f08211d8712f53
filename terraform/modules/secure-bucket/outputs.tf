output "id" {
  value = local.bucket.id
}

output "arn" {
  value = local.bucket.arn
}

output "bucket_regional_domain_name" {
  value = local.bucket.bucket_regional_domain_name
}
