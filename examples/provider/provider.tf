terraform {
  required_providers {
    baidu = {
      source  = "terraform-baidu/baidu"
      version = "~> 0.1"
    }
  }
}

# Credentials come from BAIDUCLOUD_ACCESS_KEY and BAIDUCLOUD_SECRET_KEY in the
# environment, so they stay out of the configuration.
provider "baidu" {
  region = "bj"
}
