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

# shellcheck source=scripts/lib/cli.sh
. scripts/lib/cli.sh
cli_config_hygiene
# No call home, no registry lookups.
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
# Terraform if found, else OpenTofu (TF_CLI=terraform|tofu picks one).
tf="$(scripts/terraform-path.sh)"
echo "Using $(cli_version "$tf") at $tf" >&2
exec go run ./bench -terraform "$tf" "$@"
