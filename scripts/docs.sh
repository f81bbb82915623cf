#!/usr/bin/env bash
# Documentation for the Terraform Registry, rendered by tfplugindocs from the
# provider schema, templates/ and examples/.
#
#   scripts/docs.sh generate   rewrite docs/ (make docs)
#   scripts/docs.sh check      fail when docs/ differs from what generate
#                              would write, or tfplugindocs validate objects
#                              (make docs-check, run by CI)
#
# tfplugindocs would normally build the provider and download a Terraform
# through hc-install; neither download can work here. So this script builds
# the provider itself, asks a CLI for the schema through a temporary
# dev_overrides CLI configuration (the user's ~/.terraformrc is never read
# or touched), and hands the JSON to tfplugindocs with --providers-schema.
#
# The schema comes from Terraform when it is available, from OpenTofu
# otherwise (scripts/terraform-path.sh; TF_CLI=terraform|tofu picks one).
# check renders the docs once from each CLI at hand (OpenTofu counts when it
# is on PATH, in TOFU_PATH or already built: check never builds it), so CI,
# which has both, proves that the two schemas give the same docs.
#
# tfplugindocs is built first, at the version the tool directive in go.mod
# pins, and then run as a binary: Go's own stderr (such as "go: downloading"
# on an empty module cache) never mixes with tfplugindocs' stderr, whose
# every line is a warning that fails the run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

mode="${1:-}"
case "$mode" in
generate | check) ;;
*)
	echo "usage: $0 generate|check" >&2
	exit 2
	;;
esac

provider_name="baidu"
provider_source="terraform-baidu/baidu"
# The registry addresses the provider serves under (internal/provider.Address)
# as Terraform and OpenTofu resolve "terraform-baidu/baidu".
provider_hosts="registry.terraform.io registry.opentofu.org"

# shellcheck source=scripts/lib/cli.sh
. scripts/lib/cli.sh
cli_config_hygiene
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1

set +e
tf="$(scripts/terraform-path.sh)"
found=$?
set -e
[ "$found" -eq 0 ] || { echo "docs need a Terraform or OpenTofu CLI for the provider schema (above)" >&2; exit 1; }
work="$(mktemp -d "${TMPDIR:-/tmp}/baidu-docs.XXXXXX")"
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/bin" "$work/tools" "$work/schema-dir"
go build -o "$work/bin/terraform-provider-$provider_name" .
# go build resolves the package at the version go.mod requires, which the
# tool directive pins; its output (downloads) goes to a log of its own.
go build -o "$work/tools/tfplugindocs" github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs \
	>"$work/tools/build.log" 2>&1 || {
	cat "$work/tools/build.log" >&2
	echo "building tfplugindocs failed" >&2
	exit 1
}

cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "$provider_source" = "$work/bin"
  }
  direct {}
}
RC
cat >"$work/schema-dir/main.tf" <<TF
terraform {
  required_providers {
    $provider_name = { source = "$provider_source" }
  }
}
TF

# schema CLI OUT: the schema from CLI, with the provider under its short
# name: tfplugindocs looks it up as "baidu" or under the hashicorp namespace
# only.
schema() {
	local cli="$1" out="$2" host key
	# With dev_overrides, `providers schema` needs no init.
	(cd "$work/schema-dir" && TF_CLI_CONFIG_FILE="$work/terraformrc" "$cli" providers schema -json) >"$work/schema-full.json"
	for host in $provider_hosts; do
		key="\"$host/$provider_source\":"
		if grep -qF "$key" "$work/schema-full.json"; then
			sed "s#$key#\"$provider_name\":#" "$work/schema-full.json" >"$out"
			return
		fi
	done
	echo "the schema from $(cli_version "$cli") has no provider $provider_source under $provider_hosts:" >&2
	head -c 400 "$work/schema-full.json" >&2
	echo >&2
	exit 1
}
schema "$tf" "$work/schema.json"

# has_actions SCHEMA: whether the schema lists actions. Only Terraform 1.14
# and later report them; OpenTofu and older Terraform have none.
has_actions() { grep -qF '"action_schemas"' "$1"; }
# has_identities SCHEMA: whether the schema has resource identities
# (Terraform and OpenTofu 1.12 and later).
has_identities() { grep -qF '"resource_identity_schemas"' "$1"; }
if [ "$mode" = generate ] && [ -d templates/actions ] && ! has_actions "$work/schema.json"; then
	echo "the schema from $(cli_version "$tf") has no actions, so docs/actions/ cannot be rendered from it;" >&2
	echo "run with a Terraform 1.14 or later (TF_CLI=terraform-latest)" >&2
	exit 1
fi

tfplugindocs() {
	"$work/tools/tfplugindocs" "$@"
}

render() { # render PROVIDER_DIR [SCHEMA]: write PROVIDER_DIR/docs
	tfplugindocs generate \
		--provider-dir "$1" \
		--provider-name "$provider_name" \
		--rendered-provider-name "Baidu AI Cloud" \
		--providers-schema "${2:-$work/schema.json}" >"$work/generate.log" 2>"$work/generate.err" || {
		cat "$work/generate.log" "$work/generate.err" >&2
		echo "tfplugindocs generate failed" >&2
		exit 1
	}
	# tfplugindocs writes warnings (such as a template for a resource the
	# schema does not have) to stderr and still exits 0.
	if [ -s "$work/generate.err" ]; then
		cat "$work/generate.err" >&2
		echo "tfplugindocs warned (above); fix the templates or examples" >&2
		exit 1
	fi
}

validate() { # validate PROVIDER_DIR
	tfplugindocs validate \
		--provider-dir "$1" \
		--provider-name "$provider_name" \
		--providers-schema "${validate_schema:-$work/schema.json}" >"$work/validate.log" 2>&1 || {
		cat "$work/validate.log" >&2
		echo "tfplugindocs validate failed" >&2
		exit 1
	}
}

if [ "$mode" = generate ]; then
	if [ -d templates/list-resources ] && ! grep -q '"list_resource_schemas"' "$work/schema.json"; then
		echo "$(cli_version "$tf") has no list resources, so it cannot render docs/list-resources/: generate the docs with Terraform 1.14+ (TF_CLI=terraform-latest make docs)" >&2
		exit 1
	fi
	if ! has_identities "$work/schema.json"; then
		echo "$(cli_version "$tf") has no resource identities, so it cannot render the import-by-identity examples in docs/resources/: generate the docs with Terraform 1.14+ (TF_CLI=terraform-latest make docs)" >&2
		exit 1
	fi
	render "$root"
	validate "$root"
	echo "docs/ generated from the schema, templates/ and examples/"
	exit 0
fi

# check: render into a copy, so the working tree is not touched, and compare;
# once per CLI at hand, so both CLIs' schemas are shown to give these docs.
if [ ! -d docs ]; then
	echo "docs/ is missing: run 'make docs' and commit the result" >&2
	exit 1
fi
check_with() { # check_with CLI SCHEMA
	rm -rf "$work/site"
	mkdir -p "$work/site"
	cp -R templates examples "$work/site/"
	local skip=()
	# A CLI without list resources (OpenTofu as of 1.12) or actions (OpenTofu,
	# Terraform before 1.14) has none in its schema: those pages are checked
	# against the CLI that has them only, and the rest against both.
	if ! grep -q '"list_resource_schemas"' "$2"; then
		rm -rf "$work/site/templates/list-resources" "$work/site/examples/list-resources"
		skip+=(-x list-resources)
		echo "$(cli_version "$1") has no list resources: docs/list-resources/ not checked against its schema"
	fi
	if ! has_actions "$2"; then
		rm -rf "$work/site/templates/actions" "$work/site/examples/actions"
		skip+=(-x actions)
	fi
	# Resource identities (Terraform 1.12+, OpenTofu 1.12+): every resource
	# page shows import by identity, which tfplugindocs refuses to render
	# for a schema without identities (Terraform 1.11 and older), so the
	# resource pages are checked against the CLIs that have them only.
	if ! has_identities "$2"; then
		rm -rf "$work/site/templates/resources" "$work/site/examples/resources"
		skip+=(-x resources)
		echo "$(cli_version "$1") has no resource identities: docs/resources/ not checked against its schema"
	else
		covered_resources=1
		validate_schema="$2"
	fi
	render "$work/site" "$2"
	if ! diff -ru "${skip[@]}" docs "$work/site/docs" >"$work/docs.diff"; then
		cat "$work/docs.diff" >&2
		echo >&2
		echo "docs/ is out of date with the schema from $(cli_version "$1"), templates/ or examples/ (diff above: - committed, + generated)." >&2
		echo "Run 'make docs' and commit the result." >&2
		exit 1
	fi
	checked+=("$(cli_version "$1")")
}
checked=()
covered_resources=0
# validate checks examples against a schema: one with identities.
validate_schema=""
check_with "$tf" "$work/schema.json"

kind="$(cli_kind "$tf")"
other=tofu
[ "$kind" = tofu ] && other=terraform
set +e
other_cli="$(TOFU_BUILD=0 scripts/terraform-path.sh "$other" 2>"$work/other.err")"
found=$?
set -e
case "$found" in
0)
	schema "$other_cli" "$work/schema-other.json"
	check_with "$other_cli" "$work/schema-other.json"
	;;
3) echo "docs checked against $(cli_display "$kind")'s schema only: $(tail -n1 "$work/other.err")" ;;
*)
	cat "$work/other.err" >&2
	exit 1
	;;
esac
if [ "$covered_resources" -eq 0 ]; then
	echo "docs/resources/ was checked against no schema: no CLI at hand has resource identities (Terraform or OpenTofu 1.12+)." >&2
	echo "Put one on PATH or set TOFU_PATH, or run TF_CLI=terraform-latest make docs-check." >&2
	exit 1
fi
validate "$root"
sources="$(printf '%s, ' "${checked[@]}")"
echo "docs/ is up to date and valid (the same docs from the schema of: ${sources%, })"
