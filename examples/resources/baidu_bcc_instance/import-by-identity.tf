# Adopt an existing instance by its identity (Terraform 1.12+ or OpenTofu 1.12+).
# region is optional: it defaults to the provider's region.
import {
  to = baidu_bcc_instance.web
  identity = {
    id     = "i-YufwpQAe"
    region = "bj"
  }
}
