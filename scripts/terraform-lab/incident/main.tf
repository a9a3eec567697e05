# The incident stack, pointed at the moto AWS emulator.
#
# One live database, the snapshot of it managed in the same state, two buckets, a table and a
# VPC, with the posture of the February 2026 incident: nothing protects the data-holding
# resources from a destroy, the final snapshot is skipped, automated backups are deleted with the
# instance, and the state sits in a local file with no locking.
#
# scripts/generate-terraform-fixtures.sh switches scenarios with -var flags; the defaults below
# are the incident itself. Tests/Fixtures/terraform/incident/main.tf is this configuration with
# the defaults written in as literals, for readers that do not evaluate variables.

terraform {
  required_version = ">= 1.7.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }

  # State in a local file, no locking: the incident's posture.
  backend "local" {
    path = "terraform.tfstate"
  }
}

variable "aws_endpoint" {
  description = "URL of the moto server standing in for AWS."
  type        = string
  default     = "http://127.0.0.1:5055"
}

variable "name" {
  description = "Prefix of every resource name."
  type        = string
  default     = "incident"
}

variable "db_identifier" {
  description = "RDS instance identifier; changing it renames the instance in place."
  type        = string
  default     = "incident-main"
}

variable "db_username" {
  description = "Master user name; changing it forces the instance to be replaced."
  type        = string
  default     = "app"
}

variable "deletion_protection" {
  type    = bool
  default = false
}

variable "skip_final_snapshot" {
  type    = bool
  default = true
}

variable "final_snapshot_identifier" {
  description = "Only meaningful when skip_final_snapshot is false."
  type        = string
  default     = null
}

variable "backup_retention_period" {
  type    = number
  default = 7
}

variable "backups_bucket_tags" {
  description = "Extra tags on the backups bucket (the benign in-place update)."
  type        = map(string)
  default     = {}
}

variable "assets_force_destroy" {
  type    = bool
  default = false
}

variable "backups_versioning" {
  description = "\"\" manages no versioning resource (the incident); otherwise Enabled or Suspended."
  type        = string
  default     = ""
}

provider "aws" {
  region                      = "us-east-1"
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_requesting_account_id  = true
  s3_use_path_style           = true

  endpoints {
    dynamodb = var.aws_endpoint
    ec2      = var.aws_endpoint
    rds      = var.aws_endpoint
    s3       = var.aws_endpoint
    sts      = var.aws_endpoint
  }
}

resource "aws_vpc" "main" {
  cidr_block = "10.42.0.0/16"

  tags = {
    Name = "${var.name}-vpc"
  }
}

resource "aws_s3_bucket" "backups" {
  bucket = "${var.name}-backups"

  tags = merge({ Purpose = "database exports" }, var.backups_bucket_tags)
}

resource "aws_s3_bucket_versioning" "backups" {
  count  = var.backups_versioning == "" ? 0 : 1
  bucket = aws_s3_bucket.backups.id

  versioning_configuration {
    status = var.backups_versioning
  }
}

resource "aws_db_instance" "main" {
  identifier              = var.db_identifier
  engine                  = "postgres"
  engine_version          = "15"
  instance_class          = "db.t3.micro"
  allocated_storage       = 20
  db_name                 = "app"
  username                = var.db_username
  password                = "incident-lab-password"
  backup_retention_period = var.backup_retention_period

  # No deletion_protection, the final snapshot skipped, and delete_automated_backups left at its
  # default (true): a destroy takes the instance and every automated backup with it.
  deletion_protection       = var.deletion_protection
  skip_final_snapshot       = var.skip_final_snapshot
  final_snapshot_identifier = var.final_snapshot_identifier

  apply_immediately = true
}

# The manual snapshot lives in the same state as the instance, so the same destroy deletes it.
resource "aws_db_snapshot" "main" {
  db_instance_identifier = aws_db_instance.main.identifier
  db_snapshot_identifier = "${aws_db_instance.main.identifier}-manual"
}

resource "aws_dynamodb_table" "sessions" {
  name         = "${var.name}-sessions"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }
}
