#!/usr/bin/env bash
# Prints the absolute path of the Terraform or OpenTofu CLI that the
# acceptance tests, the demo and docs generation run.
#
#   scripts/terraform-path.sh [terraform|terraform-latest|terraform-system|tofu|auto]
#
# The argument defaults to $TF_CLI, and that to auto.
#   terraform         The newest Terraform at hand, never built:
#                     $TF_ACC_TERRAFORM_PATH if set (it must be Terraform),
#                     else `terraform` >= 1.14 on PATH, else a Terraform
#                     >= 1.14 already built into the cache (below), else
#                     `terraform` >= 1.8 on PATH.
#   terraform-latest  A Terraform >= 1.14 (list resources, `terraform
#                     query`, actions; resource identity): $TF_ACC_TERRAFORM_PATH
#                     if it is one, else `terraform` >= 1.14 on PATH, else
#                     one built into the cache, else one built now, once,
#                     from a source archive (below).
#   terraform-system  `terraform` >= 1.8 on PATH, whatever its version, so
#                     that CI covers the oldest CLI the machine has
#                     ($TF_ACC_TERRAFORM_PATH is not consulted).
#   tofu              $TOFU_PATH if set, else `tofu` >= 1.11 on PATH, else
#                     OpenTofu v1.12.6 from the cache, else built once from
#                     the Go module proxy into the cache (about 3 minutes on
#                     2 cores).
#   auto              $TF_ACC_TERRAFORM_PATH if set (whichever CLI it is),
#                     else terraform as above, else tofu as above.
#
# The cache outlives the clone, so a fresh clone (and CI in one) reuses it:
#   ${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-baidu/
#     terraform/vX.Y.Z/terraform   (TERRAFORM_CACHE_DIR replaces .../terraform)
#     tofu/v1.12.6/tofu            (TOFU_CACHE_DIR replaces .../tofu)
# A build holds a lock in its version's folder (flock, or a mkdir lock where
# there is no flock): a second caller waits for the first one's binary.
#
# Terraform 1.14 and later cannot be built from the Go module proxy alone
# (go.mod replaces modules with folders the module zip leaves out), so
# terraform-latest builds from a source archive: $TERRAFORM_SOURCE_ARCHIVE,
# by default ../shared/cli/terraform-v1.15.9-src.tar.gz next to this clone
# when that file exists. The archive is named terraform-vX.Y.Z-src.tar.gz;
# its sha256 is checked first, against $TERRAFORM_SOURCE_SHA256, which is
# known for v1.15.9 and must be set for any other version. The build takes
# about 6 minutes on 2 cores with the Go modules cached, about 15 from an
# empty module cache.
#
# TOFU_BUILD=0 never builds OpenTofu, TERRAFORM_BUILD=0 never builds
# Terraform: without one at hand the exit status is 3, as for any CLI that
# cannot be had.
#
# Exit status: 0 with the path on stdout; 3 when the CLI asked for cannot be
# had on this machine (no Terraform; no source archive; no Go toolchain to
# build); 1 on any other error, such as a variable naming a missing file or
# a source archive whose sha256 does not match. The Go module proxy is the
# only download that works here, so nothing (and terraform-plugin-testing
# least of all) may try to download a CLI.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib/cli.sh
. "$root/scripts/lib/cli.sh"
cli_config_hygiene

user_cache="$(cli_user_cache)" || exit 1

tofu_version="1.12.6"
tofu_cache="${TOFU_CACHE_DIR:-$user_cache/tofu}"
tofu_bin="$tofu_cache/v$tofu_version/tofu"

terraform_cache="${TERRAFORM_CACHE_DIR:-$user_cache/terraform}"
# The archive next to the clone (see above), and the sha256 of the one
# version whose archive we know.
terraform_default_archive="$root/../shared/cli/terraform-v1.15.9-src.tar.gz"
known_terraform_sha256() {
	case "$1" in
	1.15.9) echo 1f3a8a7b02ad33cc49f1fe65b494c023ea106499732cf83bf8273c725b15d861 ;;
	esac
}
newest_need="Terraform >= 1.14 is needed for list resources, actions and identity tests"
newest_how="put one on PATH, set TF_ACC_TERRAFORM_PATH, or set TERRAFORM_SOURCE_ARCHIVE to a Terraform source archive (terraform-vX.Y.Z-src.tar.gz) to build one"

want="${1:-${TF_CLI:-auto}}"
case "$want" in
terraform | terraform-latest | terraform-system | tofu | auto) ;;
opentofu) want=tofu ;;
*)
	echo "unknown CLI '$want': want terraform, terraform-latest, terraform-system, tofu or auto (TF_CLI=...)" >&2
	exit 1
	;;
esac

unavailable() { # exits 3: the CLI cannot be had here
	echo "$*" >&2
	exit 3
}

# Run at exit: removes build folders and mkdir locks.
cleanups=()
run_cleanups() {
	local c
	for c in "${cleanups[@]}"; do eval "$c" || true; done
}
trap run_cleanups EXIT

# take_lock DIR WHAT: holds a lock in DIR until this script exits; says so
# when another process holds it and this one waits.
take_lock() {
	local dir="$1" what="$2"
	if command -v flock >/dev/null 2>&1; then
		exec 9>"$dir/.lock"
		if ! flock -n 9; then
			echo "Another process is building $what into $dir; waiting for it..." >&2
			flock 9
		fi
		return
	fi
	local said=""
	until mkdir "$dir/.lock.d" 2>/dev/null; do
		if [ -z "$said" ]; then
			echo "Another process is building $what into $dir (lock $dir/.lock.d; remove it if none is); waiting for it..." >&2
			said=1
		fi
		sleep 2
	done
	cleanups+=("rmdir '$dir/.lock.d'")
}

# elapsed_since START: "XmYs" since START (seconds since the epoch).
elapsed_since() {
	local s=$(($(date +%s) - $1))
	echo "$((s / 60))m$((s % 60))s"
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

# cached_terraform: the newest Terraform >= 1.14 built into the cache.
cached_terraform() {
	local dir
	[ -d "$terraform_cache" ] || return 1
	# Newest version first.
	while IFS= read -r dir; do
		if [ -x "$terraform_cache/$dir/terraform" ] && cli_at_least "$terraform_cache/$dir/terraform" terraform 1 14; then
			echo "$terraform_cache/$dir/terraform"
			return
		fi
	done < <(find "$terraform_cache" -mindepth 1 -maxdepth 1 -type d -name 'v[0-9]*' 2>/dev/null | sed 's|.*/||' | sort -rV)
	return 1
}

# newest_terraform_at_hand: a Terraform >= 1.14 on PATH or in the cache.
newest_terraform_at_hand() {
	on_path terraform terraform 1 14 || cached_terraform
}

# terraform_archive: the source archive to build Terraform from, if any.
terraform_archive() {
	if [ -n "${TERRAFORM_SOURCE_ARCHIVE:-}" ]; then
		echo "$(cd "$(dirname "$TERRAFORM_SOURCE_ARCHIVE")" && pwd)/$(basename "$TERRAFORM_SOURCE_ARCHIVE")"
		return
	fi
	[ -f "$terraform_default_archive" ] || return 1
	echo "$(cd "$(dirname "$terraform_default_archive")" && pwd)/$(basename "$terraform_default_archive")"
}

sha256_of() {
	if command -v sha256sum >/dev/null 2>&1; then
		sha256sum "$1" | cut -d' ' -f1
	else
		shasum -a 256 "$1" | cut -d' ' -f1
	fi
}

# build_terraform ARCHIVE: builds the Terraform in a source archive into
# the cache, once, and prints its path.
build_terraform() {
	local archive="$1" version want_sha got_sha dir bin work start got
	version="$(basename "$archive" | sed -n 's/^terraform-v\([0-9][0-9]*\.[0-9][0-9]*\.[0-9][0-9]*\)-src\.tar\.gz$/\1/p')"
	[ -n "$version" ] || { echo "$archive: a Terraform source archive must be named terraform-vX.Y.Z-src.tar.gz" >&2; exit 1; }
	dir="$terraform_cache/v$version"
	bin="$dir/terraform"
	[ "${TERRAFORM_BUILD:-1}" != 0 ] || unavailable "$newest_need: none on PATH, in TF_ACC_TERRAFORM_PATH or built into $terraform_cache, and TERRAFORM_BUILD=0 forbids building Terraform v$version from $archive"
	command -v go >/dev/null 2>&1 || unavailable "$newest_need, and there is no Go toolchain to build Terraform v$version from $archive; $newest_how"
	want_sha="${TERRAFORM_SOURCE_SHA256:-$(known_terraform_sha256 "$version")}"
	[ -n "$want_sha" ] || { echo "set TERRAFORM_SOURCE_SHA256 to the sha256 of $archive: it is known here for v1.15.9 only" >&2; exit 1; }
	mkdir -p "$dir"
	# One build at a time: a second caller waits for the first one's binary.
	take_lock "$dir" "Terraform v$version"
	if [ -x "$bin" ] && [ "$(cli_version "$bin")" = "Terraform v$version" ]; then
		echo "$bin"
		return
	fi
	got_sha="$(sha256_of "$archive")"
	if [ "$got_sha" != "$want_sha" ]; then
		echo "$archive: sha256 is $got_sha, not $want_sha; not building from it" >&2
		exit 1
	fi
	work="$(mktemp -d "${TMPDIR:-/tmp}/baidu-terraform-build.XXXXXX")"
	cleanups+=("chmod -R u+w '$work' 2>/dev/null; rm -rf '$work'")
	start=$(date +%s)
	echo "Building Terraform v$version from $archive (sha256 checked) into $bin, once: about 6 minutes on 2 cores with the Go modules cached, about 15 (and 540 MB of module downloads) from an empty module cache..." >&2
	mkdir "$work/src"
	tar -xzf "$archive" -C "$work/src"
	[ -f "$work/src/go.mod" ] || { echo "$archive has no go.mod at its top" >&2; exit 1; }
	# version.dev=no is what Terraform's release builds set: the binary then
	# reports v1.15.9 rather than v1.15.9-dev. Outside any go.work, with no
	# VCS stamping (the tree is no repository), with the local toolchain.
	(cd "$work/src" && CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS=-buildvcs=false GOWORK=off \
		go build -trimpath -ldflags "-w -s -X 'github.com/hashicorp/terraform/version.dev=no'" -o "$work/terraform" .) >&2 ||
		{ echo "building Terraform v$version failed (output above)" >&2; exit 1; }
	got="$(cli_version "$work/terraform")"
	[ "$got" = "Terraform v$version" ] || { echo "built Terraform, but it reports '$got', not 'Terraform v$version'" >&2; exit 1; }
	mv "$work/terraform" "$bin"
	echo "Built $got into $bin in $(elapsed_since "$start")" >&2
	echo "$bin"
}

# find_terraform_latest: a Terraform >= 1.14, built if need be.
find_terraform_latest() {
	if [ -n "${TF_ACC_TERRAFORM_PATH:-}" ]; then
		local p
		p="$(explicit TF_ACC_TERRAFORM_PATH terraform)"
		if cli_at_least "$p" terraform 1 14; then
			echo "$p"
			return
		fi
		echo "TF_ACC_TERRAFORM_PATH=$p is $(cli_version "$p"), older than 1.14; looking further for Terraform >= 1.14" >&2
	fi
	newest_terraform_at_hand && return
	if [ -n "${TERRAFORM_SOURCE_ARCHIVE:-}" ] && [ ! -f "$TERRAFORM_SOURCE_ARCHIVE" ]; then
		echo "TERRAFORM_SOURCE_ARCHIVE=$TERRAFORM_SOURCE_ARCHIVE is not a file" >&2
		exit 1
	fi
	local archive
	archive="$(terraform_archive)" || unavailable "$newest_need: $newest_how (none on PATH, none built into $terraform_cache, no $terraform_default_archive)"
	build_terraform "$archive"
}

# find_terraform: the newest Terraform at hand, never built.
find_terraform() {
	if [ -n "${TF_ACC_TERRAFORM_PATH:-}" ]; then
		explicit TF_ACC_TERRAFORM_PATH terraform
		return
	fi
	newest_terraform_at_hand && return
	find_terraform_system
}

# find_terraform_system: terraform >= 1.8 on PATH.
find_terraform_system() {
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
	take_lock "$tofu_cache/v$tofu_version" "OpenTofu v$tofu_version"
	if tofu_built_ok; then
		return
	fi
	# A clone from before the cache moved out of it may hold one already.
	if [ -z "${TOFU_CACHE_DIR:-}" ] && [ -x "$root/.cache/tofu/v$tofu_version/tofu" ] &&
		[ "$(cli_version "$root/.cache/tofu/v$tofu_version/tofu")" = "OpenTofu v$tofu_version" ]; then
		cp "$root/.cache/tofu/v$tofu_version/tofu" "$tofu_bin.tmp" && mv "$tofu_bin.tmp" "$tofu_bin"
		echo "Copied the OpenTofu v$tofu_version built in $root/.cache/tofu into $tofu_bin" >&2
		return
	fi
	local work dir start
	work="$(mktemp -d "${TMPDIR:-/tmp}/baidu-tofu-build.XXXXXX")"
	cleanups+=("chmod -R u+w '$work' 2>/dev/null; rm -rf '$work'")
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
	echo "Built $got into $tofu_bin in $(elapsed_since "$start")" >&2
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

# (Each finder runs in this shell, not in $(...): its exit, its lock and its
# cleanups are this script's.)
case "$want" in
terraform)
	find_terraform || unavailable "no Terraform: TF_ACC_TERRAFORM_PATH is unset, there is no terraform >= 1.8 on PATH and none built into $terraform_cache (TF_CLI=tofu uses OpenTofu; TF_CLI=terraform-latest builds Terraform from a source archive)"
	;;
terraform-latest)
	find_terraform_latest
	;;
terraform-system)
	find_terraform_system || unavailable "no Terraform on PATH: no terraform >= 1.8 there"
	;;
tofu)
	find_tofu
	;;
auto)
	if [ -n "${TF_ACC_TERRAFORM_PATH:-}" ]; then
		explicit TF_ACC_TERRAFORM_PATH ""
	elif ! find_terraform; then
		echo "No Terraform found (none >= 1.8 on PATH, none built into $terraform_cache); using OpenTofu instead." >&2
		find_tofu
	fi
	;;
esac
