# Baidu refuses to release a protected instance, and a plan that would
# destroy or replace it fails before anything happens. To destroy it, set
# deletion_protection = false and apply, then destroy.
resource "baidu_bcc_instance" "db" {
  name              = "db-1"
  instance_spec     = "bcc.g5.c8m32"
  image_id          = "m-A4jJpFzi"
  availability_zone = "cn-bj-d"

  deletion_protection = true
}
