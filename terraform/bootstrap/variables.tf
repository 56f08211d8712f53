variable "aws_region" {
  type    = string
  default = "us-east-1"
}

variable "state_bucket_name" {
  description = "Must match the backend blocks in environments/*/backend.tf."
  type        = string
  default     = "calcapp-terraform-state"
}

variable "lock_table_name" {
  description = "Must match the backend blocks in environments/*/backend.tf."
  type        = string
  default     = "terraform-state-lock"
}

variable "cloudtrail_retention_days" {
  type    = number
  default = 2555
}

variable "budget_amounts" {
  description = "Account-wide monthly budgets in USD (Appendix A.1 step 4)."
  type        = list(number)
  default     = [100, 500, 1000]
}

variable "billing_emails" {
  type = list(string)
}

variable "activate_cost_allocation_tags" {
  description = "Activate Project/Environment/CostCenter as cost allocation tags (only once AWS has seen them)."
  type        = bool
  default     = false
}

variable "github_repository" {
  description = "owner/name of the repository whose workflows may assume the Terraform role."
  type        = string
}

variable "github_environments" {
  type    = list(string)
  default = ["staging", "production"]
}

variable "state_dr_region" {
  description = "Where the state bucket is replicated (and dr/terraform keeps its state): the DR region."
  type        = string
  default     = "eu-west-1"
}
