# A custom image of the web server's system disk. Baidu keeps it when the
# instance is released, and ignore_changes keeps it when Terraform replaces
# the instance.
resource "baidu_bcc_image" "golden" {
  name        = "web-golden"
  instance_id = baidu_bcc_instance.web.id

  lifecycle {
    ignore_changes = [instance_id]
  }
}

# An image made from a snapshot of the system disk.
resource "baidu_bcc_image" "before_upgrade" {
  name        = "web-before-upgrade"
  snapshot_id = baidu_bcc_snapshot.system.id
}
