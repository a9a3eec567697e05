# The assets bucket lives in its own file so that the forget and moved overlays
# (scripts/terraform-lab/overlays/) can replace it with a removed or moved block.
resource "aws_s3_bucket" "assets" {
  bucket        = "${var.name}-assets"
  force_destroy = var.assets_force_destroy
}
