variable "name" {
  description = "The bucket's name."
  type        = string
}

variable "prevent_destroy" {
  description = "Terraform refuses to destroy the bucket (Terraform state)."
  type        = bool
  default     = false
}

variable "sse_algorithm" {
  description = "AES256 (SSE-S3) or aws:kms (SSE-KMS, with a bucket key)."
  type        = string
  default     = "AES256"

  validation {
    condition     = contains(["AES256", "aws:kms"], var.sse_algorithm)
    error_message = "sse_algorithm must be AES256 or aws:kms."
  }
}

variable "kms_key_arn" {
  description = "With aws:kms: the key (null: the AWS managed aws/s3 key)."
  type        = string
  default     = null
}

variable "lifecycle_rules" {
  description = "Lifecycle rules over the whole bucket; unset fields leave that action out."
  type = list(object({
    id                                  = string
    transition_days                     = optional(number)
    transition_storage_class            = optional(string, "GLACIER")
    expiration_days                     = optional(number)
    noncurrent_transition_days          = optional(number)
    noncurrent_transition_storage_class = optional(string, "GLACIER")
    noncurrent_expiration_days          = optional(number)
    newer_noncurrent_versions           = optional(number)
    abort_multipart_days                = optional(number)
  }))
  default = []
}

variable "policy_documents" {
  description = "IAM policy documents (JSON) whose statements join the bucket policy (next to DenyInsecureTransport)."
  type        = list(string)
  default     = []
}

variable "replication" {
  description = "Replicate every new object (and delete markers) to another bucket (versioned, usually in another region); null: none."
  type = object({
    destination_bucket_arn = string
    role_name              = string
    rule_suffix            = optional(string, "dr-region")
    storage_class          = optional(string, "STANDARD")
    # With an SSE-KMS source: the key (ARN or alias ARN) of the destination region to re-encrypt with.
    replica_kms_key_id = optional(string)
  })
  default = null
}
