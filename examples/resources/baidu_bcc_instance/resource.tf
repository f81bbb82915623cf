# A pay-as-you-go (postpaid) web server in an existing VPC subnet.
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

  # The delete timeout bounds the release retries while Baidu is still
  # creating the instance, and the wait until it is gone.
  timeouts {
    create = "15m"
    update = "15m"
    delete = "30m"
  }
}

# A prepaid database server on a one-year term. Baidu does not release a
# prepaid instance before its term ends: a destroy fails until then.
resource "baidu_bcc_instance" "db" {
  name              = "db-1"
  instance_spec     = "bcc.g5.c8m32"
  image_id          = "m-A4jJpFzi"
  availability_zone = "cn-bj-d"
  subnet_id         = "sbn-ky7tukpfp5h8"
  keypair_id        = "k-3uvz6z3n"
  payment_timing    = "Prepaid"

  reservation = {
    reservation_length = 12
  }

  root_disk_size_in_gb   = 100
  root_disk_storage_type = "enhanced_ssd_pl1"

  tags = {
    app = "shop"
    env = "production"
  }
}
