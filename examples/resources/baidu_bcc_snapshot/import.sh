# Import a snapshot by its ID.
terraform import baidu_bcc_snapshot.data s-6r3dam6F
