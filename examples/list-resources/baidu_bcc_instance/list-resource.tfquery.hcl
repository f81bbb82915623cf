# Running web instances of the platform team in cn-bj-a, with their full
# attributes, so that `terraform query -generate-config-out=generated.tf`
# writes a resource block and an import block for each.
list "baidu_bcc_instance" "web" {
  provider         = baidu
  include_resource = true

  config {
    availability_zone = "cn-bj-a" # sent to Baidu
    status            = "Running" # sent to Baidu
    tags = {                      # sent to Baidu
      team = "platform"
    }
    name_regex = "^web-" # applied by the provider
  }
}
