# The running production web servers of one zone: the zone, status and tag
# filters are applied by Baidu, the name pattern by the provider.
data "baidu_bcc_instances" "web" {
  availability_zone = "cn-bj-d"
  status            = "Running"
  name_regex        = "^web-"

  tags = {
    env = "production"
  }
}

output "web_ids" {
  value = data.baidu_bcc_instances.web.ids
}

output "web_private_ips" {
  value = { for i in data.baidu_bcc_instances.web.instances : i.name => i.internal_ip }
}
