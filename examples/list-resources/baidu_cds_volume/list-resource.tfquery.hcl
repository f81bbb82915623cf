# Data disks that no instance uses any more, such as those Baidu detached
# and kept when it released their instance.
list "baidu_cds_volume" "left_behind" {
  provider         = baidu
  include_resource = true

  config {
    availability_zone = "cn-bj-a" # sent to Baidu
    attached          = false     # applied by the provider
  }
}
