# The incident configuration, as plain HCL.
#
# This is scripts/terraform-lab/incident/*.tf with every variable replaced by its default value
# and the provider block reduced to the one a real AWS account would use (the lab's points at the
# moto emulator). scripts/generate-terraform-fixtures.sh plans this file against the lab's
# applied state and fails unless every resource is a no-op, so the two cannot drift apart.
#
# Every posture problem of the February 2026 incident is here:
# - the state is a local file (terraform.tfstate) with no locking;
# - the database, both buckets and the table have no deletion protection and no
#   lifecycle { prevent_destroy = true };
# - the database skips its final snapshot and leaves delete_automated_backups at its default
#   (true), so a destroy also deletes every automated backup;
# - the only manual snapshot is managed in the same state as the database it protects, so the
#   same destroy deletes it too;
# - no bucket has versioning.

terraform {
  required_version = ">= 1.7.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }

  backend "local" {
    path = "terraform.tfstate"
  }
}

provider "aws" {
  region = "us-east-1"
}

resource "aws_vpc" "main" {
  cidr_block = "10.42.0.0/16"

  tags = {
    Name = "incident-vpc"
  }
}

resource "aws_s3_bucket" "backups" {
  bucket = "incident-backups"

  tags = {
    Purpose = "database exports"
  }
}

resource "aws_s3_bucket" "assets" {
  bucket        = "incident-assets"
  force_destroy = false
}

resource "aws_db_instance" "main" {
  identifier              = "incident-main"
  engine                  = "postgres"
  engine_version          = "15"
  instance_class          = "db.t3.micro"
  allocated_storage       = 20
  db_name                 = "app"
  username                = "app"
  password                = "incident-lab-password"
  backup_retention_period = 7

  deletion_protection = false
  skip_final_snapshot = true

  apply_immediately = true
}

resource "aws_db_snapshot" "main" {
  db_instance_identifier = aws_db_instance.main.identifier
  db_snapshot_identifier = "${aws_db_instance.main.identifier}-manual"
}

resource "aws_dynamodb_table" "sessions" {
  name         = "incident-sessions"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }
}
