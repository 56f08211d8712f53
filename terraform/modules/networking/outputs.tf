output "vpc_id" {
  value = aws_vpc.main.id
}

output "vpc_cidr" {
  value = aws_vpc.main.cidr_block
}

output "private_subnet_ids" {
  description = "Private subnets (one per AZ) for Lambda, Aurora and Redis."
  value       = aws_subnet.private[*].id
}

output "public_subnet_ids" {
  value = aws_subnet.public[*].id
}

output "private_route_table_ids" {
  value = aws_route_table.private[*].id
}

output "nat_public_ips" {
  description = "Egress addresses of the Lambdas (for allow-lists at third parties)."
  value       = aws_eip.nat[*].public_ip
}

output "lambda_security_group_id" {
  value = aws_security_group.lambda.id
}

output "aurora_security_group_id" {
  value = aws_security_group.aurora.id
}

output "redis_security_group_id" {
  value = aws_security_group.redis.id
}
