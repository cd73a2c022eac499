data "aws_iam_policy_document" "rds_monitoring_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["monitoring.rds.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "rds_monitoring" {
  name               = "smartclinix-${var.environment}-rds-monitoring"
  assume_role_policy = data.aws_iam_policy_document.rds_monitoring_assume.json
}

resource "aws_iam_role_policy_attachment" "rds_monitoring" {
  role       = aws_iam_role.rds_monitoring.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
}

module "app_db" {
  source = "./modules/postgres"

  name                       = "smartclinix-${var.environment}-app"
  database_name              = "smartclinix"
  master_username            = "smartclinix_admin"
  engine_version             = var.postgres_engine_version
  instance_class             = var.app_db.instance_class
  allocated_storage          = var.app_db.allocated_storage
  max_allocated_storage      = var.app_db.max_allocated_storage
  multi_az                   = var.app_db.multi_az
  backup_retention_days      = var.backup_retention_days
  vpc_id                     = var.vpc_id
  subnet_ids                 = var.private_subnet_ids
  allowed_security_group_ids = var.app_security_group_ids
  kms_key_arn                = aws_kms_key.data.arn
  monitoring_role_arn        = aws_iam_role.rds_monitoring.arn
}

module "temporal_db" {
  source = "./modules/postgres"

  name                       = "smartclinix-${var.environment}-temporal"
  database_name              = "temporal"
  master_username            = "temporal_admin"
  engine_version             = var.postgres_engine_version
  instance_class             = var.temporal_db.instance_class
  allocated_storage          = var.temporal_db.allocated_storage
  max_allocated_storage      = var.temporal_db.max_allocated_storage
  multi_az                   = var.temporal_db.multi_az
  backup_retention_days      = var.backup_retention_days
  vpc_id                     = var.vpc_id
  subnet_ids                 = var.private_subnet_ids
  allowed_security_group_ids = var.app_security_group_ids
  kms_key_arn                = aws_kms_key.data.arn
  monitoring_role_arn        = aws_iam_role.rds_monitoring.arn
  # Temporal keeps many short transactions open; allow the pool sizes in the Helm values.
  parameters = { max_connections = "400" }
}
