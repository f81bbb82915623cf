#!/usr/bin/env bash
# Prints the absolute path of a Terraform CLI (>= 1.8) for acceptance tests,
# the demo and docs generation, building a pinned one if none is usable.
#
# Order: $TF_ACC_TERRAFORM_PATH if set; else `terraform` on PATH when its
# version is at least 1.8; else `go install github.com/hashicorp/terraform@v1.8.5`
# into .cache/terraform (git-ignored). The Go module proxy is the only source
# that works here, so plugin-testing must never try to download Terraform.
set -euo pipefail

pinned_version="1.8.5"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${TERRAFORM_CACHE_DIR:-$root/.cache/terraform}"

version_ok() {
	# Reads "Terraform v1.11.4" style output; true for >= 1.8.
	local v major minor
	v="$("$1" version 2>/dev/null | head -n1 | sed -n 's/^Terraform v\([0-9][0-9]*\)\.\([0-9][0-9]*\).*/\1 \2/p')"
	[ -n "$v" ] || return 1
	read -r major minor <<<"$v"
	[ "$major" -gt 1 ] || { [ "$major" -eq 1 ] && [ "$minor" -ge 8 ]; }
}

if [ -n "${TF_ACC_TERRAFORM_PATH:-}" ]; then
	case "$TF_ACC_TERRAFORM_PATH" in
	/*) ;;
	*) echo "TF_ACC_TERRAFORM_PATH must be absolute, got '$TF_ACC_TERRAFORM_PATH'" >&2; exit 1 ;;
	esac
	[ -x "$TF_ACC_TERRAFORM_PATH" ] || { echo "TF_ACC_TERRAFORM_PATH=$TF_ACC_TERRAFORM_PATH is not an executable file" >&2; exit 1; }
	echo "$TF_ACC_TERRAFORM_PATH"
	exit 0
fi

if found="$(command -v terraform 2>/dev/null)" && version_ok "$found"; then
	# command -v can return a relative path when PATH has relative entries.
	echo "$(cd "$(dirname "$found")" && pwd)/$(basename "$found")"
	exit 0
fi

if [ -x "$cache/bin/terraform" ] && version_ok "$cache/bin/terraform"; then
	echo "$cache/bin/terraform"
	exit 0
fi

command -v go >/dev/null 2>&1 || { echo "no usable terraform (>= 1.8) on PATH and no Go toolchain to build one" >&2; exit 1; }
echo "No Terraform >= 1.8 found; building Terraform v$pinned_version from the Go module proxy into $cache (takes a few minutes, once)..." >&2
mkdir -p "$cache/bin"
GOBIN="$cache/bin" CGO_ENABLED=0 GOFLAGS=-mod=mod go install "github.com/hashicorp/terraform@v$pinned_version" >&2
version_ok "$cache/bin/terraform" || { echo "built $cache/bin/terraform but it does not report a usable version" >&2; exit 1; }
echo "Built $("$cache/bin/terraform" version | head -n1)" >&2
echo "$cache/bin/terraform"
