# shellcheck shell=bash
# Sourced by the scripts in scripts/: what a Terraform or OpenTofu CLI is.
# Needs bash; defines functions only.

# cli_config_hygiene: a TF_CLI_CONFIG_FILE naming a missing file only makes
# the CLI print a warning into everything it says (OpenTofu on stdout, in
# front of `tofu version`'s own line); no script here needs the user's CLI
# configuration, so drop such a setting.
cli_config_hygiene() {
	if [ -n "${TF_CLI_CONFIG_FILE:-}" ] && [ ! -f "$TF_CLI_CONFIG_FILE" ]; then
		unset TF_CLI_CONFIG_FILE
	fi
}

# cli_version PATH: the version line of `PATH version`, such as
# "Terraform v1.11.4" or "OpenTofu v1.12.6"; empty when it prints none.
# Warnings about the CLI configuration may come first, so look for the line.
cli_version() {
	{ CHECKPOINT_DISABLE=1 "$1" version 2>/dev/null || true; } |
		sed -n '/^\(Terraform\|OpenTofu\) v[0-9]/{p;q;}'
}

# cli_kind PATH: "terraform" or "tofu", from what the binary says it is;
# fails (and prints nothing) for anything else.
cli_kind() {
	case "$(cli_version "$1")" in
	"Terraform v"*) echo terraform ;;
	"OpenTofu v"*) echo tofu ;;
	*) return 1 ;;
	esac
}

# cli_at_least PATH KIND MAJOR MINOR: true when PATH is a KIND CLI of
# version MAJOR.MINOR or later (a -dev or -beta of it counts).
cli_at_least() {
	local name v major minor
	case "$2" in
	terraform) name="Terraform" ;;
	tofu) name="OpenTofu" ;;
	*) return 1 ;;
	esac
	v="$(cli_version "$1" | sed -n "s/^$name v\([0-9][0-9]*\)\.\([0-9][0-9]*\).*/\1 \2/p")"
	[ -n "$v" ] || return 1
	read -r major minor <<<"$v"
	[ "$major" -gt "$3" ] || { [ "$major" -eq "$3" ] && [ "$minor" -ge "$4" ]; }
}

# cli_display KIND: the product name.
cli_display() {
	case "$1" in
	terraform) echo Terraform ;;
	tofu) echo OpenTofu ;;
	*) echo "$1" ;;
	esac
}

# cli_path_var KIND: the variable that names that CLI's binary.
cli_path_var() {
	case "$1" in
	terraform) echo TF_ACC_TERRAFORM_PATH ;;
	tofu) echo TOFU_PATH ;;
	esac
}

# cli_test_env KIND: the environment terraform-plugin-testing needs for the
# in-process (reattach) provider under that CLI, as NAME=VALUE lines.
# plugin-testing writes `source = "<host>/hashicorp/baidu"` into every test
# configuration and serves the provider under that address; under OpenTofu
# the host is its own registry's, as an OpenTofu user's configuration
# would resolve it. Nothing is ever downloaded from either host.
cli_test_env() {
	case "$1" in
	terraform) echo "TF_ACC_PROVIDER_HOST=registry.terraform.io" ;;
	tofu) echo "TF_ACC_PROVIDER_HOST=registry.opentofu.org" ;;
	esac
}

# cli_user_cache: the folder, outside any clone, where the CLIs that
# scripts/terraform-path.sh builds are kept, so that a fresh clone (and CI
# in one) reuses them: ${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-baidu.
cli_user_cache() {
	local base="${XDG_CACHE_HOME:-}"
	if [ -z "$base" ]; then
		[ -n "${HOME:-}" ] || { echo "neither XDG_CACHE_HOME nor HOME is set: no cache folder for the CLIs" >&2; return 1; }
		base="$HOME/.cache"
	fi
	echo "$base/terraform-provider-baidu"
}

# cli_label PATH: a name for a CLI's test logs, its kind and version, as
# "terraform-1.15.9" or "tofu-1.12.6".
cli_label() {
	local kind v
	kind="$(cli_kind "$1")" || return 1
	v="$(cli_version "$1" | sed -n 's/^[A-Za-z]* v\([^ ]*\).*/\1/p')"
	echo "$kind-$v"
}
