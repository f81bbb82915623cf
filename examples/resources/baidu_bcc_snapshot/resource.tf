# A snapshot of the data disk, kept for a week. Baidu keeps it when the
# instance is released.
resource "baidu_bcc_snapshot" "data" {
  name              = "web-1-data-nightly"
  volume_id         = baidu_cds_volume.data.id
  retention_in_days = 7
}

# A snapshot of the web server's system disk. Baidu deletes it when it
# releases the instance.
resource "baidu_bcc_snapshot" "system" {
  name        = "web-1-system"
  description = "before the upgrade"
  instance_id = baidu_bcc_instance.web.id
}
