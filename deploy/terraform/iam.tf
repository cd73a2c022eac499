# IRSA roles for the External Secrets Operator's SecretStores: one per Kubernetes namespace,
# each able to read only its own secrets, and to decrypt them only through Secrets Manager.

locals {
  oidc = var.eks_oidc_provider_url
  eso_roles = {
    app = {
      namespace   = var.app_namespace
      secrets     = local.app_secret_arns
      kms_key_ids = [aws_kms_key.data.arn, aws_kms_key.payload.arn]
    }
    temporal = {
      namespace   = var.temporal_namespace
      secrets     = local.temporal_secret_arns
      kms_key_ids = [aws_kms_key.data.arn]
    }
  }
}

data "aws_iam_policy_document" "eso_assume" {
  for_each = local.eso_roles

  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [var.eks_oidc_provider_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "${local.oidc}:sub"
      values   = ["system:serviceaccount:${each.value.namespace}:smartclinix-external-secrets"]
    }
    condition {
      test     = "StringEquals"
      variable = "${local.oidc}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "eso_read" {
  for_each = local.eso_roles

  statement {
    sid       = "ReadOwnSecrets"
    actions   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
    resources = each.value.secrets
  }

  statement {
    sid       = "DecryptViaSecretsManagerOnly"
    actions   = ["kms:Decrypt"]
    resources = each.value.kms_key_ids
    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["secretsmanager.${var.region}.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "eso" {
  for_each           = local.eso_roles
  name               = "smartclinix-${var.environment}-${each.key}-external-secrets"
  assume_role_policy = data.aws_iam_policy_document.eso_assume[each.key].json
}

resource "aws_iam_role_policy" "eso" {
  for_each = local.eso_roles
  name     = "read-secrets"
  role     = aws_iam_role.eso[each.key].id
  policy   = data.aws_iam_policy_document.eso_read[each.key].json
}
