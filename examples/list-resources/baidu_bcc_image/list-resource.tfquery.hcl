# Custom images whose instance has been released: Baidu keeps them.
list "baidu_bcc_image" "orphans" {
  provider         = baidu
  include_resource = true

  config {
    source_gone = true # applied by the provider
  }
}
