# SES (API v2) for CalcApp's mail: the sender identity (a domain, DKIM-signed) and a configuration
# set, in the region this module is instantiated in. Instantiate it once per region (primary and
# failover) so mail still goes out after a failover. The primary stack (terraform/main.tf) calls it
# when mail_domain is set and passes EMAIL_FROM and SES_CONFIGURATION_SET to the Lambdas; this module
# lets the sender's role (the auth Lambda's) send through this identity and configuration set.
# dr/terraform does the same in the failover region (decision 015).
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

variable "sender_role_name" {
  type        = string
  description = "The IAM role allowed to send through this identity and configuration set (the Lambda serving the account pages)."
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

data "aws_iam_policy_document" "send" {
  statement {
    sid       = "SendAccountMail"
    actions   = ["ses:SendEmail"]
    resources = [aws_sesv2_email_identity.domain.arn, aws_sesv2_configuration_set.this.arn]
  }
}

resource "aws_iam_role_policy" "send" {
  name   = "send-account-mail"
  role   = var.sender_role_name
  policy = data.aws_iam_policy_document.send.json
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
