# Adopt an existing snapshot by its identity (Terraform 1.12+ or OpenTofu 1.12+).
# region is optional: it defaults to the provider's region.
import {
  to = baidu_bcc_snapshot.data
  identity = {
    id     = "s-6r3dam6F"
    region = "bj"
  }
}
