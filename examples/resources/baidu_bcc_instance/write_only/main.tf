# The admin password never reaches the state or a saved plan: an ephemeral
# input variable (Terraform 1.10+) feeds the write-only admin_pass_wo
# (Terraform 1.11+). Give it with TF_VAR_admin_pass, or -var at both plan
# and apply. Terraform cannot see a change of a value it does not keep:
# raise admin_pass_wo_version to send a new password.
variable "admin_pass" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "baidu_bcc_instance" "app" {
  name              = "app-1"
  instance_spec     = "bcc.g5.c2m8"
  image_id          = "m-A4jJpFzi"
  availability_zone = "cn-bj-d"

  admin_pass_wo         = var.admin_pass
  admin_pass_wo_version = 1
}
