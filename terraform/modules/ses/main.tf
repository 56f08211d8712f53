# SES (API v2) for CalcApp's mail: the sender identity (a domain, DKIM-signed) and a configuration
# set, in the region this module is instantiated in. Instantiate it once per region (primary and
# failover) so mail still goes out after a failover. Self-contained: not yet wired into the root
# module (the terraform layout is being restructured); the Lambda needs EMAIL_FROM,
# SES_CONFIGURATION_SET and ses:SendEmail on the identity and the configuration set.
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

data "aws_iam_policy_document" "send" {
  statement {
    actions = ["ses:SendEmail"]
    resources = [
      aws_sesv2_email_identity.domain.arn,
      aws_sesv2_configuration_set.this.arn,
    ]
  }
}

output "configuration_set_name" {
  value = aws_sesv2_configuration_set.this.configuration_set_name
}

output "dkim_tokens" {
  description = "Publish as CNAME <token>._domainkey.<domain> -> <token>.dkim.amazonses.com"
  value       = aws_sesv2_email_identity.domain.dkim_signing_attributes[0].tokens
}

output "send_policy_json" {
  description = "Attach to the calculator Lambda's role"
  value       = data.aws_iam_policy_document.send.json
}
