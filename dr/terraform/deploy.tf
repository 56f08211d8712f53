# What deploy.yml's DR steps need, added to production's GitHub deploy role (terraform/deploy.tf):
# read this stack's deploy parameter, publish versions of the DR Lambdas and move their aliases.
# The DR scripts (dr/scripts) run with an operator's own credentials, not this role.

locals {
  deploy_role_name = element(split("/", local.primary.deploy_role_arn), length(split("/", local.primary.deploy_role_arn)) - 1)
  dr_function_arns = [for name, fn in module.compute.functions : fn.arn]
}

data "aws_iam_policy_document" "deploy_dr" {
  statement {
    sid       = "ReadDrDeployConfig"
    actions   = ["ssm:GetParameter"]
    resources = [aws_ssm_parameter.deploy.arn]
  }

  statement {
    sid = "PublishDrVersionsAndMoveAliases"
    actions = [
      "lambda:GetFunction",
      "lambda:GetFunctionConfiguration",
      "lambda:UpdateFunctionCode",
      "lambda:PublishVersion",
      "lambda:ListVersionsByFunction",
      "lambda:GetAlias",
      "lambda:UpdateAlias",
    ]
    resources = concat(local.dr_function_arns, [for arn in local.dr_function_arns : "${arn}:*"])
  }
}

resource "aws_iam_role_policy" "deploy_dr" {
  name   = "deploy-calcapp-${var.environment}-dr"
  role   = local.deploy_role_name
  policy = data.aws_iam_policy_document.deploy_dr.json
}
