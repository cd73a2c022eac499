# Secret containers only: values are written by operators with the AWS CLI (deploy/README.md,
# "Secrets"), so no secret ever lands in Terraform state. Paths match the ExternalSecrets in
# deploy/k8s (smartclinix/<env>/…).

locals {
  secret_prefix = "smartclinix/${var.environment}"
}

resource "aws_secretsmanager_secret" "app" {
  name        = "${local.secret_prefix}/app"
  description = "SmartClinix runtime secrets: APP_DATABASE_URL, JWT_SIGNING_KEY, MFA_ENCRYPTION_KEY, EPCS_ASSERTION_KEY, PHARMACY_CLIENT_KEY, ACTION_LINK_SECRET, EMAIL_FROM, Twilio, SMTP_URL"
  kms_key_id  = aws_kms_key.data.arn
}

resource "aws_secretsmanager_secret" "payload_keys" {
  name        = "${local.secret_prefix}/payload-keys"
  description = "Payload codec keys: PAYLOAD_KEYS (JSON key ID -> base64 AES-256) and PAYLOAD_ACTIVE_KEY_ID"
  kms_key_id  = aws_kms_key.payload.arn
}

resource "aws_secretsmanager_secret" "migrator" {
  name        = "${local.secret_prefix}/migrator"
  description = "Owner connection (DATABASE_URL) for migrations and the audit verifier"
  kms_key_id  = aws_kms_key.data.arn
}

resource "aws_secretsmanager_secret" "temporal_db" {
  name        = "${local.secret_prefix}/temporal-db"
  description = "Password of the temporal database user (Helm existingSecret temporal-db)"
  kms_key_id  = aws_kms_key.data.arn
}

resource "aws_secretsmanager_secret" "temporal_ui_oidc" {
  name        = "${local.secret_prefix}/temporal-ui-oidc"
  description = "TEMPORAL_AUTH_CLIENT_SECRET of the Temporal UI OIDC client"
  kms_key_id  = aws_kms_key.data.arn
}

locals {
  app_secret_arns = [
    aws_secretsmanager_secret.app.arn,
    aws_secretsmanager_secret.payload_keys.arn,
    aws_secretsmanager_secret.migrator.arn,
  ]
  temporal_secret_arns = [
    aws_secretsmanager_secret.temporal_db.arn,
    aws_secretsmanager_secret.temporal_ui_oidc.arn,
  ]
}
