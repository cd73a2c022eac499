variable "environment" {
  description = "Environment name (dev, prod); part of every resource name and secret path."
  type        = string
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,15}$", var.environment))
    error_message = "environment must be a short lower-case name."
  }
}

variable "region" {
  description = "AWS region."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the EKS cluster; the databases live in its private subnets."
  type        = string
}

variable "private_subnet_ids" {
  description = "Private subnets (no route to an internet gateway) in at least two AZs."
  type        = list(string)
  validation {
    condition     = length(var.private_subnet_ids) >= 2
    error_message = "RDS Multi-AZ needs subnets in at least two availability zones."
  }
}

variable "app_security_group_ids" {
  description = "Security groups of the EKS nodes/pods allowed to reach PostgreSQL on 5432."
  type        = list(string)
}

variable "eks_oidc_provider_arn" {
  description = "IAM OIDC provider of the EKS cluster (for IRSA)."
  type        = string
}

variable "eks_oidc_provider_url" {
  description = "Issuer URL of the EKS OIDC provider, without https://."
  type        = string
}

variable "app_namespace" {
  description = "Kubernetes namespace of SmartClinix (matches the kustomize overlay)."
  type        = string
}

variable "temporal_namespace" {
  description = "Kubernetes namespace of the Temporal server."
  type        = string
  default     = "temporal"
}

variable "app_db" {
  description = "Application database sizing."
  type = object({
    instance_class        = string
    allocated_storage     = number
    max_allocated_storage = number
    multi_az              = bool
  })
}

variable "temporal_db" {
  description = "Temporal persistence database sizing."
  type = object({
    instance_class        = string
    allocated_storage     = number
    max_allocated_storage = number
    multi_az              = bool
  })
}

variable "postgres_engine_version" {
  description = "PostgreSQL major.minor for both instances."
  type        = string
  default     = "16.4"
}

variable "backup_retention_days" {
  description = "Automated backup (point-in-time recovery) retention."
  type        = number
  default     = 35
  validation {
    condition     = var.backup_retention_days >= 7 && var.backup_retention_days <= 35
    error_message = "Keep at least 7 days of backups (RDS allows at most 35)."
  }
}

variable "kms_admin_role_arns" {
  description = "IAM roles allowed to administer (not use) the KMS keys."
  type        = list(string)
}
