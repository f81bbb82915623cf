#!/usr/bin/env bash
# make test-matrix: the acceptance tests under each CLI that can be had here,
# Terraform and OpenTofu, one after the other (building OpenTofu v1.12.6
# once when there is none), then one line per CLI with its version and
# counts (scripts/cli-report.sh).
#
# Fails when a run fails, when no CLI at all can be had, or when a
# version-gated test (tfversion.SkipBelow and friends) was skipped under
# every CLI that ran. When only one CLI can be had it says so loudly, and
# passes on that one's result. Extra arguments go to go test (default
# -run TestAcc). Each CLI's output is kept in .cache/matrix-KIND.out, next
# to scripts/test.sh's .cache/test-KIND.{log,gated,summary}.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=scripts/lib/cli.sh
. scripts/lib/cli.sh
cli_config_hygiene

args=("$@")
[ "${#args[@]}" -gt 0 ] || args=(-run TestAcc)

mkdir -p .cache
ran=() missing=()
failed=0
for kind in terraform tofu; do
	rm -f ".cache/test-$kind.summary" ".cache/test-$kind.gated"
	set +e
	path="$(scripts/terraform-path.sh "$kind")"
	found=$?
	set -e
	case "$found" in
	0) ;;
	3)
		missing+=("$kind")
		continue
		;;
	*)
		echo "FAIL: could not resolve $(cli_display "$kind") (above)" >&2
		exit 1
		;;
	esac
	echo "== acceptance tests under $(cli_version "$path") ($path); output in .cache/matrix-$kind.out"
	ran+=("$kind")
	set +e
	# TF_ACC_TERRAFORM_PATH is the Terraform choice; under OpenTofu,
	# test.sh sets it to the OpenTofu it resolves.
	TF_CLI="$kind" TEST_GATED_DEFER=1 scripts/test.sh "${args[@]}" >".cache/matrix-$kind.out" 2>&1
	status=$?
	set -e
	if [ "$status" -ne 0 ]; then
		failed=1
		# The failing tests and test.sh's verdict, not the whole log.
		grep -E '^\s*--- FAIL|^FAIL|_test\.go:[0-9]+:|panic:' ".cache/matrix-$kind.out" | head -n 60 >&2 || true
	fi
	grep -E ': acceptance tests: |^FAIL: ' ".cache/matrix-$kind.out" || true
done

if [ "${#ran[@]}" -eq 0 ]; then
	echo "FAIL: neither Terraform nor OpenTofu can be had on this machine" >&2
	exit 1
fi
if [ "${#missing[@]}" -ne 0 ]; then
	echo
	echo "!!! ONLY ONE CLI: $(cli_display "${missing[0]}") is not available here, so the tests ran under $(cli_display "${ran[0]}") alone."
	echo "!!! Put it on PATH, or set $(cli_path_var "${missing[0]}") to it, to test under both."
fi
status=0
scripts/cli-report.sh "${ran[@]}" || status=$?
[ "$failed" -eq 0 ] || status=1
exit "$status"
