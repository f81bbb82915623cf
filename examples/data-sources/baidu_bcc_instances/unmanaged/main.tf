# Drift hunting: the instances of a zone that this configuration does not
# manage (made in the console, by another tool, or left behind), printed as
# import blocks that adopt them.

resource "baidu_bcc_instance" "web" {
  count = 2

  name              = "web-${count.index + 1}"
  instance_spec     = "bcc.g5.c2m8"
  image_id          = "m-A4jJpFzi"
  availability_zone = "cn-bj-d"
}

# Every live instance of the zone, managed or not.
data "baidu_bcc_instances" "zone" {
  availability_zone = "cn-bj-d"
}

locals {
  unmanaged = setsubtract(data.baidu_bcc_instances.zone.ids, [for i in baidu_bcc_instance.web : i.id])
}

# Copy the blocks into the configuration and run
#   terraform plan -generate-config-out=adopted.tf
# to have Terraform write a resource block for each; review them, then apply.
output "import_blocks" {
  value = join("", [
    for id in sort(local.unmanaged) :
    format("import {\n  to = baidu_bcc_instance.%s\n  id = %q\n}\n", replace(id, "-", "_"), id)
  ])
}
