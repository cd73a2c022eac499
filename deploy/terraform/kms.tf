# Customer-managed keys, each with automatic yearly rotation of the key material (old material
# is kept by KMS, so everything encrypted earlier still decrypts).
#  - data:    RDS storage, snapshots, Performance Insights and Secrets Manager secrets
#  - payload: the secret that holds the payload-codec keys (PAYLOAD_KEYS). Only the External
#             Secrets role may decrypt it, through Secrets Manager. New codec key IDs are
#             generated as KMS data keys (deploy/README.md, "Payload-codec key rotation").

data "aws_iam_policy_document" "kms" {
  statement {
    sid       = "AccountRoot"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }

  statement {
    sid = "KeyAdministrators"
    actions = [
      "kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*",
      "kms:Revoke*", "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource",
      "kms:UntagResource", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:RotateKeyOnDemand",
    ]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = var.kms_admin_role_arns
    }
  }
}

resource "aws_kms_key" "data" {
  description             = "smartclinix-${var.environment}: RDS and Secrets Manager encryption at rest"
  enable_key_rotation     = true
  rotation_period_in_days = 365
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.kms.json
}

resource "aws_kms_alias" "data" {
  name          = "alias/smartclinix-${var.environment}-data"
  target_key_id = aws_kms_key.data.key_id
}

resource "aws_kms_key" "payload" {
  description             = "smartclinix-${var.environment}: Temporal payload-codec keys"
  enable_key_rotation     = true
  rotation_period_in_days = 365
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.kms.json
}

resource "aws_kms_alias" "payload" {
  name          = "alias/smartclinix-${var.environment}-payload"
  target_key_id = aws_kms_key.payload.key_id
}
