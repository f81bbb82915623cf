# Reads made at the same time go out as one batch call of up to 100
# instances; these are the defaults.
provider "baidu" {
  region = "bj"

  batching {
    enabled    = true   # false: one GET per read, and each wait polls on its own backoff
    send_after = "10ms" # how long a batch waits for one more read: 0s to 1s
  }
}
