# SES (API v2) for CalcApp's mail: the sender identity (a domain, DKIM-signed) and a configuration
# set, in the region this module is instantiated in. Instantiate it once per region (primary and
# failover) so mail still goes out after a failover. The primary stack (terraform/main.tf) calls it
# when mail_domain is set, passes EMAIL_FROM and SES_CONFIGURATION_SET to the Lambdas and lets the
# calculator Lambda's role send through identity_arn and configuration_set_arn; the DR stack must do the same (decision 015).
#
# Bounces and complaints: SES's account-level suppression list (BOUNCE and COMPLAINT), enabled
# for the configuration set too, so SES itself stops sending to such addresses; no SNS topic or
# handler (decision 015).

variable "domain" {
  type        = string
  description = "The sending domain, e.g. calcapp.example"
}

variable "name" {
  type        = string
  description = "Configuration set name, e.g. calcapp-prod"
}

resource "aws_sesv2_email_identity" "domain" {
  email_identity         = var.domain
  configuration_set_name = aws_sesv2_configuration_set.this.configuration_set_name
}

resource "aws_sesv2_configuration_set" "this" {
  configuration_set_name = var.name

  delivery_options {
    tls_policy = "REQUIRE"
  }

  reputation_options {
    reputation_metrics_enabled = true
  }

  sending_options {
    sending_enabled = true
  }

  suppression_options {
    suppressed_reasons = ["BOUNCE", "COMPLAINT"]
  }
}

resource "aws_sesv2_account_suppression_attributes" "this" {
  suppressed_reasons = ["BOUNCE", "COMPLAINT"]
}

output "configuration_set_name" {
  value = aws_sesv2_configuration_set.this.configuration_set_name
}

output "dkim_tokens" {
  description = "Publish as CNAME <token>._domainkey.<domain> -> <token>.dkim.amazonses.com"
  value       = aws_sesv2_email_identity.domain.dkim_signing_attributes[0].tokens
}

output "identity_arn" {
  value = aws_sesv2_email_identity.domain.arn
}

output "configuration_set_arn" {
  value = aws_sesv2_configuration_set.this.arn
}
