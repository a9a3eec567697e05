# Forget overlay: replaces incident/assets.tf. The assets bucket leaves the configuration and,
# with destroy = false, Terraform drops it from the state without deleting it (Terraform >= 1.7).
removed {
  from = aws_s3_bucket.assets

  lifecycle {
    destroy = false
  }
}
