#!/usr/bin/env bash
# Prints the absolute path of the Terraform or OpenTofu CLI that the
# acceptance tests, the demo and docs generation run.
#
#   scripts/terraform-path.sh [terraform|tofu|auto]
#
# The argument defaults to $TF_CLI, and that to auto.
#   terraform  $TF_ACC_TERRAFORM_PATH if set (it must be Terraform), else
#              `terraform` >= 1.8 on PATH.
#   tofu       $TOFU_PATH if set, else `tofu` >= 1.11 on PATH, else OpenTofu
#              v1.12.6 built once from the Go module proxy into
#              .cache/tofu/v1.12.6/tofu (git-ignored; about 3 minutes on 2
#              cores), which has write-only attributes and ephemeral
#              resources.
#   auto       $TF_ACC_TERRAFORM_PATH if set (whichever CLI it is), else
#              terraform as above, else tofu as above.
# TOFU_BUILD=0 never builds OpenTofu: without one at hand, the exit status
# is 3, as for any CLI that cannot be had.
#
# Exit status: 0 with the path on stdout; 3 when the CLI asked for cannot be
# had on this machine (no Terraform; no Go toolchain to build OpenTofu);
# 1 on any other error, such as a variable naming a missing file. The Go
# module proxy is the only source that works here, so nothing (and
# terraform-plugin-testing least of all) may try to download a CLI.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib/cli.sh
. "$root/scripts/lib/cli.sh"
cli_config_hygiene

tofu_version="1.12.6"
tofu_cache="${TOFU_CACHE_DIR:-$root/.cache/tofu}"
tofu_bin="$tofu_cache/v$tofu_version/tofu"

want="${1:-${TF_CLI:-auto}}"
case "$want" in
terraform | tofu | auto) ;;
opentofu) want=tofu ;;
*)
	echo "unknown CLI '$want': want terraform, tofu or auto (TF_CLI=terraform|tofu)" >&2
	exit 1
	;;
esac

unavailable() { # exits 3: the CLI cannot be had here
	echo "$*" >&2
	exit 3
}

# explicit VAR KIND: check the path in $VAR names an executable KIND CLI.
explicit() {
	local var="$1" kind="$2" path="${!1}" got
	case "$path" in
	/*) ;;
	*) echo "$var must be an absolute path, got '$path'" >&2; exit 1 ;;
	esac
	if [ ! -f "$path" ] || [ ! -x "$path" ]; then
		echo "$var=$path is not an executable file" >&2
		exit 1
	fi
	got="$(cli_kind "$path")" || { echo "$var=$path reports neither Terraform nor OpenTofu: '$(cli_version "$path")'" >&2; exit 1; }
	if [ -n "$kind" ] && [ "$got" != "$kind" ]; then
		if [ "$got" = tofu ]; then
			echo "$var=$path is OpenTofu, but Terraform was asked for; set TOFU_PATH and TF_CLI=tofu for OpenTofu" >&2
		else
			echo "$var=$path is Terraform, but OpenTofu was asked for; set TF_ACC_TERRAFORM_PATH and TF_CLI=terraform for Terraform" >&2
		fi
		exit 1
	fi
	echo "$path"
}

# on_path NAME KIND MAJOR MINOR: the absolute path of NAME on PATH when it
# is a KIND CLI of at least MAJOR.MINOR.
on_path() {
	local found
	found="$(command -v "$1" 2>/dev/null)" || return 1
	cli_at_least "$found" "$2" "$3" "$4" || return 1
	# command -v can return a relative path when PATH has relative entries.
	echo "$(cd "$(dirname "$found")" && pwd)/$(basename "$found")"
}

find_terraform() {
	if [ -n "${TF_ACC_TERRAFORM_PATH:-}" ]; then
		explicit TF_ACC_TERRAFORM_PATH terraform
		return
	fi
	on_path terraform terraform 1 8 && return
	if command -v terraform >/dev/null 2>&1; then
		echo "terraform on PATH ($(command -v terraform): '$(cli_version "$(command -v terraform)")') is not Terraform >= 1.8; ignoring it" >&2
	fi
	return 3
}

tofu_built_ok() {
	[ -x "$tofu_bin" ] && [ "$(cli_version "$tofu_bin")" = "OpenTofu v$tofu_version" ]
}

build_tofu() {
	[ "${TOFU_BUILD:-1}" != 0 ] || unavailable "no OpenTofu at hand: TOFU_PATH is unset, no tofu >= 1.11 on PATH, none built in $tofu_cache (TOFU_BUILD=0; make tofu builds it)"
	command -v go >/dev/null 2>&1 || unavailable "no OpenTofu: TOFU_PATH is unset, no tofu >= 1.11 on PATH, and no Go toolchain to build OpenTofu v$tofu_version"
	mkdir -p "$tofu_cache/v$tofu_version"
	# One build at a time: a second caller waits for the first one's binary.
	exec 9>"$tofu_cache/v$tofu_version/.lock"
	flock 9
	if tofu_built_ok; then
		return
	fi
	local work dir start elapsed
	work="$(mktemp -d "${TMPDIR:-/tmp}/baidu-tofu-build.XXXXXX")"
	# shellcheck disable=SC2064 # expand now: $work is local
	trap "chmod -R u+w '$work' 2>/dev/null; rm -rf '$work'" EXIT
	start=$(date +%s)
	echo "No OpenTofu found (TOFU_PATH unset, no tofu >= 1.11 on PATH): building OpenTofu v$tofu_version from the Go module proxy into $tofu_bin, once (about 3 minutes on 2 cores)..." >&2
	# `go install github.com/opentofu/opentofu/cmd/tofu@v...` is refused: the
	# module's go.mod replaces github.com/hashicorp/hcl/v2, and a replace
	# applies only when building inside the module. So build in a writable
	# copy of it, outside this repository (no VCS stamping from our .git),
	# and outside any go.work.
	if ! (cd "$work" && GOFLAGS='' GOWORK=off go mod download -json "github.com/opentofu/opentofu@v$tofu_version") >"$work/download.json"; then
		# Its errors are in the JSON, as "Error".
		cat "$work/download.json" >&2
		echo "go mod download github.com/opentofu/opentofu@v$tofu_version failed (above)" >&2
		exit 1
	fi
	dir="$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p' "$work/download.json")"
	if [ -z "$dir" ] || [ ! -f "$dir/go.mod" ]; then
		cat "$work/download.json" >&2
		echo "go mod download github.com/opentofu/opentofu@v$tofu_version gave no module folder" >&2
		exit 1
	fi
	cp -R "$dir" "$work/src"
	chmod -R u+w "$work/src"
	# version.dev=no is what OpenTofu's release builds set: the binary then
	# reports v1.12.6 rather than v1.12.6-dev.
	(cd "$work/src" && CGO_ENABLED=0 GOFLAGS=-buildvcs=false GOWORK=off \
		go build -trimpath -ldflags "-s -w -X github.com/opentofu/opentofu/version.dev=no" -o "$work/tofu" ./cmd/tofu) >&2 ||
		{ echo "building OpenTofu v$tofu_version failed (output above)" >&2; exit 1; }
	local got
	got="$(cli_version "$work/tofu")"
	[ "$got" = "OpenTofu v$tofu_version" ] || { echo "built OpenTofu, but it reports '$got', not 'OpenTofu v$tofu_version'" >&2; exit 1; }
	mv "$work/tofu" "$tofu_bin"
	elapsed=$(($(date +%s) - start))
	echo "Built $got into $tofu_bin in $((elapsed / 60))m$((elapsed % 60))s" >&2
}

find_tofu() {
	if [ -n "${TOFU_PATH:-}" ]; then
		explicit TOFU_PATH tofu
		return
	fi
	on_path tofu tofu 1 11 && return
	if command -v tofu >/dev/null 2>&1; then
		echo "tofu on PATH ($(command -v tofu): '$(cli_version "$(command -v tofu)")') is not OpenTofu >= 1.11; ignoring it" >&2
	fi
	# (Not `tofu_built_ok || build_tofu`: set -e is off on the left of ||.)
	if ! tofu_built_ok; then
		build_tofu
	fi
	echo "$tofu_bin"
}

case "$want" in
terraform)
	find_terraform || unavailable "no Terraform: TF_ACC_TERRAFORM_PATH is unset and there is no terraform >= 1.8 on PATH (TF_CLI=tofu uses OpenTofu)"
	;;
tofu)
	find_tofu
	;;
auto)
	if [ -n "${TF_ACC_TERRAFORM_PATH:-}" ]; then
		explicit TF_ACC_TERRAFORM_PATH ""
	elif ! find_terraform; then
		echo "No Terraform >= 1.8 found; using OpenTofu instead." >&2
		find_tofu
	fi
	;;
esac
