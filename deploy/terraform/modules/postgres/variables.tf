variable "name" {
  description = "Instance identifier, e.g. smartclinix-prod-app."
  type        = string
}

variable "database_name" {
  description = "Initial database created by RDS."
  type        = string
}

variable "master_username" {
  description = "Master user; its password is generated and rotated by RDS in Secrets Manager."
  type        = string
}

variable "engine_version" {
  type = string
}

variable "instance_class" {
  type = string
}

variable "allocated_storage" {
  type = number
}

variable "max_allocated_storage" {
  type = number
}

variable "multi_az" {
  type = bool
}

variable "backup_retention_days" {
  type = number
}

variable "vpc_id" {
  type = string
}

variable "subnet_ids" {
  type = list(string)
}

variable "allowed_security_group_ids" {
  description = "Only these security groups reach the instance, on 5432."
  type        = list(string)
}

variable "kms_key_arn" {
  description = "CMK for storage, Performance Insights and the master-user secret."
  type        = string
}

variable "monitoring_role_arn" {
  description = "Role for Enhanced Monitoring."
  type        = string
}

variable "parameters" {
  description = "Extra parameter-group settings (name => value), applied on reboot when static."
  type        = map(string)
  default     = {}
}
