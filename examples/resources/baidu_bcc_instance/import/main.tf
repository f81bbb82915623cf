# After an import, state has no value for the arguments Baidu does not return.
# Where the configuration sets them, ignore_changes stops Terraform from
# planning a replacement of the imported instance to "apply" them.
resource "baidu_bcc_instance" "web" {
  name              = "web-1"
  description       = "nginx front end"
  instance_spec     = "bcc.g5.c2m8"
  image_id          = "m-A4jJpFzi"
  availability_zone = "cn-bj-d"
  subnet_id         = "sbn-ky7tukpfp5h8"
  security_groups   = ["g-8tkz4qhdsg5e"]
  keypair_id        = "k-3uvz6z3n"

  root_disk_size_in_gb   = 40
  root_disk_storage_type = "cloud_hp1"

  tags = {
    app = "shop"
    env = "production"
  }

  lifecycle {
    ignore_changes = [security_groups]
  }
}
