# A 100 GB enhanced-SSD data disk, in the zone of the instance it is for.
resource "baidu_cds_volume" "data" {
  name              = "web-1-data"
  description       = "orders database files"
  availability_zone = "cn-bj-d"
  size_in_gb        = 100
  storage_type      = "enhanced_ssd_pl1"

  tags = {
    app = "shop"
  }
}
