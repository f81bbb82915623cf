variable "release" {
  type        = string
  description = "The application release deployed to app-1."
  default     = "2026.12"
}

resource "baidu_bcc_instance" "app" {
  name              = "app-1"
  instance_spec     = "bcc.g5.c2m8"
  image_id          = "m-A4jJpFzi"
  availability_zone = "cn-bj-d"
}

# The release deployed to the instance (a deploy job reads it, or a
# provisioner here runs it). Before each new release, a custom image of
# the instance's system disk as it was, named after the release about to
# be deployed. The same instance and name never make a second image, so
# each release gets one. (A trigger on the instance itself could not name
# it: an action that refers to the resource triggering it before an update
# is a cycle.)
resource "terraform_data" "release" {
  input = var.release

  lifecycle {
    action_trigger {
      events  = [before_update]
      actions = [action.baidu_bcc_image_create.before_release]
    }
  }
}

action "baidu_bcc_image_create" "before_release" {
  config {
    instance_id = baidu_bcc_instance.app.id
    name        = "app-1-before-${var.release}"

    timeouts {
      invoke = "90m"
    }
  }
}
