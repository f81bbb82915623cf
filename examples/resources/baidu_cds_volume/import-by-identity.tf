# Adopt an existing data disk by its identity (Terraform 1.12+ or OpenTofu 1.12+).
# region is optional: it defaults to the provider's region.
import {
  to = baidu_cds_volume.data
  identity = {
    id     = "v-IgJOjBWj"
    region = "bj"
  }
}
