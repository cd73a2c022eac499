terraform {
  required_version = ">= 1.6.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.80"
    }
  }

  # Remote state in S3 with DynamoDB locking; settings per environment in
  # environments/<env>.backend.hcl (terraform init -backend-config=…).
  backend "s3" {}
}

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project     = "smartclinix"
      Environment = var.environment
      ManagedBy   = "terraform"
      DataClass   = "phi"
    }
  }
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
