#!/usr/bin/env bash
# make bench / make bench-quick: measure how fast and how frugally the
# provider drives the BCC API against the ideal (see bench/main.go).
#   scripts/bench.sh          full run (about 8 minutes on 2 cores), writes bench/results/latest.md
#   scripts/bench.sh -quick   smoke test for CI (under 2 minutes), writes bench/results/quick.md
# Any other flags are passed to the harness (go run ./bench -h lists them).
# Nothing outside a temporary directory is touched (not ~/.terraformrc).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

tf="$(scripts/terraform-path.sh)"
# No call home, no registry lookups.
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
echo "Using Terraform at $tf ($("$tf" version 2>/dev/null | head -n1))" >&2
exec go run ./bench -terraform "$tf" "$@"
