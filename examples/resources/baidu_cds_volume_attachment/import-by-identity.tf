# Adopt an existing attachment by its identity (Terraform 1.12+ or OpenTofu 1.12+).
# region is optional: it defaults to the provider's region.
import {
  to = baidu_cds_volume_attachment.data
  identity = {
    volume_id   = "v-IgJOjBWj"
    instance_id = "i-YufwpQAe"
    region      = "bj"
  }
}
