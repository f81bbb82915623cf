# A build server that runs only while it is needed: Terraform stops it
# after every create or update, and a build starts it by hand with
#   terraform apply -invoke=action.baidu_bcc_instance_power.start_builder
resource "baidu_bcc_instance" "builder" {
  name              = "builder-1"
  instance_spec     = "bcc.g5.c2m8"
  image_id          = "m-A4jJpFzi"
  availability_zone = "cn-bj-d"

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.baidu_bcc_instance_power.stop_builder]
    }
  }
}

action "baidu_bcc_instance_power" "stop_builder" {
  config {
    instance_id = baidu_bcc_instance.builder.id
    operation   = "stop"
    force_stop  = false # let the guest shut down cleanly

    timeouts {
      invoke = "15m"
    }
  }
}

action "baidu_bcc_instance_power" "start_builder" {
  config {
    instance_id = baidu_bcc_instance.builder.id
    operation   = "start"
  }
}
