# Adopt an existing custom image by its identity (Terraform 1.12+ or OpenTofu 1.12+).
# region is optional: it defaults to the provider's region.
import {
  to = baidu_bcc_image.golden
  identity = {
    id     = "m-nky7qeom"
    region = "bj"
  }
}
