variable "schema_version" {
  type        = number
  description = "The database schema version the migrations bring the data disk to."
  default     = 41
}

resource "baidu_cds_volume" "db" {
  name              = "db-data"
  availability_zone = "cn-bj-d"
  size_in_gb        = 100
}

# The schema migration of the database on the disk. Before each one, a
# snapshot of the disk as it was, named after the version about to be
# applied. The same disk and name never make a second snapshot, so each
# migration gets one.
resource "terraform_data" "schema" {
  input = var.schema_version

  lifecycle {
    action_trigger {
      events  = [before_update]
      actions = [action.baidu_cds_snapshot_create.before_migration]
    }
  }
}

action "baidu_cds_snapshot_create" "before_migration" {
  config {
    volume_id = baidu_cds_volume.db.id
    name      = "db-data-before-schema-${var.schema_version}"
  }
}
