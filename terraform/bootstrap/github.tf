# GitHub Actions reaches AWS through OIDC: no long-lived keys. This role runs `terraform apply`
# in the deploy workflow, for the staging and production GitHub environments only (production's
# needs a reviewer's approval). Terraform manages IAM roles and every service of the stack, so
# this role is an administrator: the trust policy is what limits it. Each environment's stack
# creates its own least-privilege role for the rest of the deploy (terraform/deploy.tf).

resource "aws_iam_openid_connect_provider" "github" {
  url            = "https://token.actions.githubusercontent.com"
  client_id_list = ["sts.amazonaws.com"]
}

data "aws_iam_policy_document" "terraform_assume" {
  statement {
    sid     = "GitHubActionsDeployEnvironments"
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.github.arn]
    }

    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:sub"
      values   = [for environment in var.github_environments : "repo:${var.github_repository}:environment:${environment}"]
    }
  }
}

resource "aws_iam_role" "terraform" {
  name                 = "calcapp-github-terraform"
  description          = "Assumed by the deploy workflow (GitHub OIDC) to run terraform apply"
  assume_role_policy   = data.aws_iam_policy_document.terraform_assume.json
  max_session_duration = 3600
}

resource "aws_iam_role_policy_attachment" "terraform_admin" {
  role       = aws_iam_role.terraform.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
