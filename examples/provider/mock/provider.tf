# The mock BCC API of this repository (go run ./cmd/bccmock), with the demo
# key pair it accepts by default. Plain http is used only because it is
# written here; the real endpoints are always https.
provider "baidu" {
  access_key = "mock-access-key"
  secret_key = "mock-secret-key-0123456789abcdef"

  endpoints {
    bcc = "http://127.0.0.1:8080"
  }
}
