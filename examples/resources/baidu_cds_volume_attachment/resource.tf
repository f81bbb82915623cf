# Attach the data disk to the web server. Both must be in the same zone.
resource "baidu_cds_volume_attachment" "data" {
  volume_id   = baidu_cds_volume.data.id
  instance_id = baidu_bcc_instance.web.id
}
