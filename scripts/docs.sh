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
# the provider itself, asks the Terraform CLI from scripts/terraform-path.sh
# for the schema through a temporary dev_overrides CLI configuration (the
# user's ~/.terraformrc is never read or touched), and hands the JSON to
# tfplugindocs with --providers-schema.
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
# The registry address the provider serves under (internal/provider.Address).
provider_address="registry.terraform.io/$provider_source"

tf="$(scripts/terraform-path.sh)"
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
work="$(mktemp -d "${TMPDIR:-/tmp}/baidu-docs.XXXXXX")"
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/bin" "$work/schema-dir"
go build -o "$work/bin/terraform-provider-$provider_name" .

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
# With dev_overrides, `providers schema` needs no `terraform init`.
(cd "$work/schema-dir" && TF_CLI_CONFIG_FILE="$work/terraformrc" "$tf" providers schema -json) >"$work/schema-full.json"

# tfplugindocs looks the provider up as "baidu" or under the hashicorp
# namespace only, so rename our registry address to the short name.
key="\"$provider_address\":"
if ! grep -qF "$key" "$work/schema-full.json"; then
	echo "the schema from Terraform has no provider $provider_address:" >&2
	head -c 400 "$work/schema-full.json" >&2
	echo >&2
	exit 1
fi
sed "s#$key#\"$provider_name\":#" "$work/schema-full.json" >"$work/schema.json"

tfplugindocs() {
	# go tool runs the version pinned by the tool directive in go.mod.
	go tool tfplugindocs "$@"
}

render() { # render PROVIDER_DIR: write PROVIDER_DIR/docs
	tfplugindocs generate \
		--provider-dir "$1" \
		--provider-name "$provider_name" \
		--rendered-provider-name "Baidu AI Cloud" \
		--providers-schema "$work/schema.json" >"$work/generate.log" 2>"$work/generate.err" || {
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
		--providers-schema "$work/schema.json" >"$work/validate.log" 2>&1 || {
		cat "$work/validate.log" >&2
		echo "tfplugindocs validate failed" >&2
		exit 1
	}
}

if [ "$mode" = generate ]; then
	render "$root"
	validate "$root"
	echo "docs/ generated from the schema, templates/ and examples/"
	exit 0
fi

# check: render into a copy, so the working tree is not touched, and compare.
mkdir -p "$work/site"
cp -R templates examples "$work/site/"
render "$work/site"
if [ ! -d docs ]; then
	echo "docs/ is missing: run 'make docs' and commit the result" >&2
	exit 1
fi
if ! diff -ru docs "$work/site/docs" >"$work/docs.diff"; then
	cat "$work/docs.diff" >&2
	echo >&2
	echo "docs/ is out of date with the schema, templates/ or examples/ (diff above: - committed, + generated)." >&2
	echo "Run 'make docs' and commit the result." >&2
	exit 1
fi
validate "$root"
echo "docs/ is up to date and valid"
