variable "db_instance_id" {
  description = "ID of the database server, as the Baidu Cloud console shows it."
  type        = string
}

# By ID: an error if the instance does not exist or has been released.
data "baidu_bcc_instance" "db" {
  id = var.db_instance_id
}

# By name: exactly one live instance must have it. When several do, the
# error lists their IDs, so that you can pick one with id instead.
data "baidu_bcc_instance" "bastion" {
  name = "bastion"
}

output "db_endpoint" {
  value = "${data.baidu_bcc_instance.db.internal_ip}:5432"
}

output "db_deletion_protected" {
  value = data.baidu_bcc_instance.db.deletion_protection
}

output "bastion_zone" {
  value = data.baidu_bcc_instance.bastion.availability_zone
}
