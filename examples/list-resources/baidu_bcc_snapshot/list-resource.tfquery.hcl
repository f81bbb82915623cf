# Snapshots that outlived the disk or instance they were taken of.
list "baidu_bcc_snapshot" "orphans" {
  provider         = baidu
  include_resource = true

  config {
    source_gone = true # applied by the provider
  }
}
