# Import overlay: added beside incident/*.tf. A bucket created outside Terraform (the generator
# makes it with the aws CLI first) is brought under management by an import block.
resource "aws_s3_bucket" "legacy" {
  bucket = "${var.name}-legacy-exports"
}

import {
  to = aws_s3_bucket.legacy
  id = "${var.name}-legacy-exports"
}
