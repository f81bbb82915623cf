# A prepaid database server that a destroy releases early, with the refund
# Baidu decides, after keeping a custom image of its system disk. Terraform
# destroys from the state, so apply a change of on_destroy before the destroy.
resource "baidu_bcc_instance" "db" {
  name              = "db-1"
  instance_spec     = "bcc.g5.c8m32"
  image_id          = "m-A4jJpFzi"
  availability_zone = "cn-bj-d"
  payment_timing    = "Prepaid"
  reservation = {
    reservation_length = 1
  }

  on_destroy = {
    prepaid     = "release_early"
    final_image = "db-1-final"
  }
}
