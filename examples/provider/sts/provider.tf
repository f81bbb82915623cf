# Temporary credentials from Baidu STS: the temporary key pair and the
# session token issued with it. Sensitive variables keep them out of plan output.
variable "sts_access_key" {
  type = string
}

variable "sts_secret_key" {
  type      = string
  sensitive = true
}

variable "sts_session_token" {
  type      = string
  sensitive = true
}

provider "baidu" {
  region        = "gz"
  access_key    = var.sts_access_key
  secret_key    = var.sts_secret_key
  session_token = var.sts_session_token
}
