output "app_db_endpoint" {
  description = "Application PostgreSQL endpoint (host:port) for APP_DATABASE_URL / DATABASE_URL."
  value       = module.app_db.endpoint
}

output "app_db_master_secret_arn" {
  description = "RDS-managed master credentials of the app instance (bootstrap only)."
  value       = module.app_db.master_user_secret_arn
}

output "temporal_db_endpoint" {
  description = "Temporal PostgreSQL endpoint (connectAddr in deploy/k8s/temporal/values.yaml)."
  value       = module.temporal_db.endpoint
}

output "temporal_db_master_secret_arn" {
  value = module.temporal_db.master_user_secret_arn
}

output "payload_kms_key_arn" {
  description = "CMK protecting the payload-codec keys; also used to generate new codec data keys."
  value       = aws_kms_key.payload.arn
}

output "external_secrets_role_arns" {
  description = "IRSA roles for the smartclinix-external-secrets ServiceAccounts (overlay patches)."
  value       = { for k, r in aws_iam_role.eso : k => r.arn }
}

output "secret_names" {
  description = "Secrets Manager names the ExternalSecrets read."
  value = {
    app              = aws_secretsmanager_secret.app.name
    payload_keys     = aws_secretsmanager_secret.payload_keys.name
    migrator         = aws_secretsmanager_secret.migrator.name
    temporal_db      = aws_secretsmanager_secret.temporal_db.name
    temporal_ui_oidc = aws_secretsmanager_secret.temporal_ui_oidc.name
  }
}
