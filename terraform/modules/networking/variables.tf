variable "name" {
  description = "Name prefix for every resource, e.g. calcapp-production."
  type        = string
}

variable "vpc_cidr" {
  description = "The VPC's IPv4 range; each of the three AZs gets a /20 private and a /24 public subnet from it."
  type        = string
  default     = "10.0.0.0/16"

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0)) && tonumber(split("/", var.vpc_cidr)[1]) <= 16
    error_message = "vpc_cidr must be a valid IPv4 CIDR of /16 or larger."
  }
}

variable "availability_zones" {
  description = "Exactly three availability zones (section 8.1: Aurora, Redis and Lambda spread over them)."
  type        = list(string)

  validation {
    condition     = length(var.availability_zones) == 3 && length(distinct(var.availability_zones)) == 3
    error_message = "Give exactly three distinct availability zones."
  }
}

variable "single_nat_gateway" {
  description = "One NAT gateway for all AZs (cheaper, staging) instead of one per AZ (production: an AZ outage cannot cut the others off)."
  type        = bool
  default     = false
}

variable "flow_log_retention_days" {
  description = "Retention of the VPC flow logs (rejected traffic only)."
  type        = number
  default     = 30
}
