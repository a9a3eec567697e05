# Moved overlay: replaces incident/assets.tf. The same bucket under a new resource name; the
# moved block tells Terraform to move the existing object instead of destroying and recreating it.
resource "aws_s3_bucket" "static_assets" {
  bucket        = "${var.name}-assets"
  force_destroy = var.assets_force_destroy
}

moved {
  from = aws_s3_bucket.assets
  to   = aws_s3_bucket.static_assets
}
