# Stop managing a prepaid instance that cannot be released yet, without
# touching it: Terraform forgets it and Baidu keeps it until its term ends.
removed {
  from = baidu_bcc_instance.db
  lifecycle {
    destroy = false
  }
}
