# The incident stack done right: the same database, buckets and table, configured so that one
# mistaken `terraform destroy` cannot take the data with it.
#
# - The state is remote (S3) and locked, both with a lock file next to the state (use_lockfile)
#   and, for older Terraform releases sharing this state, a DynamoDB lock table.
# - Every data-holding resource has the provider's own deletion protection and
#   lifecycle { prevent_destroy = true }, so Terraform refuses to plan its destruction.
# - The database takes a final snapshot and keeps its automated backups after deletion.
# - Both buckets are versioned.
# - Manual snapshots are NOT managed here: they belong to a separate backup stack (its own state
#   and credentials), so no destroy of this state can reach them.
#
# scripts/generate-terraform-fixtures.sh runs `terraform validate` on this file.

terraform {
  required_version = ">= 1.10.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }

  backend "s3" {
    bucket         = "example-terraform-state"
    key            = "production/app/terraform.tfstate"
    region         = "us-east-1"
    encrypt        = true
    use_lockfile   = true
    dynamodb_table = "terraform-locks"
  }
}

provider "aws" {
  region = "us-east-1"
}

resource "aws_vpc" "main" {
  cidr_block = "10.42.0.0/16"

  tags = {
    Name = "hardened-vpc"
  }
}

resource "aws_s3_bucket" "backups" {
  bucket = "hardened-backups"

  tags = {
    Purpose = "database exports"
  }

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_s3_bucket_versioning" "backups" {
  bucket = aws_s3_bucket.backups.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "assets" {
  bucket        = "hardened-assets"
  force_destroy = false

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_s3_bucket_versioning" "assets" {
  bucket = aws_s3_bucket.assets.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_db_instance" "main" {
  identifier                  = "hardened-main"
  engine                      = "postgres"
  engine_version              = "15"
  instance_class              = "db.t3.micro"
  allocated_storage           = 20
  db_name                     = "app"
  username                    = "app"
  manage_master_user_password = true
  backup_retention_period     = 7
  copy_tags_to_snapshot       = true

  deletion_protection       = true
  skip_final_snapshot       = false
  final_snapshot_identifier = "hardened-main-final"
  delete_automated_backups  = false

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_dynamodb_table" "sessions" {
  name                        = "hardened-sessions"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "id"
  deletion_protection_enabled = true

  attribute {
    name = "id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  lifecycle {
    prevent_destroy = true
  }
}
