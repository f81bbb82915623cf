#!/usr/bin/env bash
# make test-matrix: the acceptance tests under each CLI that can be had
# here, one after the other: the newest Terraform (>= 1.14; TF_CLI=
# terraform-latest, which builds it once from a source archive when there
# is one and no such Terraform is at hand), the terraform on PATH when it is
# another one (TF_CLI=terraform-system, often older, so the oldest supported
# CLI stays covered), and OpenTofu (built once from the Go module proxy when
# there is none); then one line per CLI with its version and counts
# (scripts/cli-report.sh).
#
# Fails when a run fails, when no CLI at all can be had, or when a
# version-gated test (tfversion.SkipBelow and friends) was skipped under
# every CLI that ran. A CLI that cannot be had is named loudly, and the
# matrix passes on the others' results. Extra arguments go to go test
# (default -run TestAcc). Each CLI's output is kept in
# .cache/matrix-LABEL.out, next to scripts/test.sh's
# .cache/test-LABEL.{log,gated,summary} (LABEL: kind and version, as
# terraform-1.15.9).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=scripts/lib/cli.sh
. scripts/lib/cli.sh
cli_config_hygiene

args=("$@")
[ "${#args[@]}" -gt 0 ] || args=(-run TestAcc)

mkdir -p .cache
ran=() missing=() seen=()
failed=0
for want in terraform-latest terraform-system tofu; do
	set +e
	path="$(scripts/terraform-path.sh "$want" 2>".cache/matrix-$want.err")"
	found=$?
	set -e
	case "$found" in
	0) ;;
	3)
		missing+=("$want: $(tail -n1 ".cache/matrix-$want.err")")
		continue
		;;
	*)
		cat ".cache/matrix-$want.err" >&2
		echo "FAIL: could not resolve TF_CLI=$want (above)" >&2
		exit 1
		;;
	esac
	cat ".cache/matrix-$want.err" >&2
	# The terraform on PATH may be the newest one too: run each CLI once.
	if [ "${#seen[@]}" -gt 0 ] && printf '%s\n' "${seen[@]}" | grep -qxF "$path"; then
		continue
	fi
	seen+=("$path")
	label="$(cli_label "$path")"
	rm -f ".cache/test-$label.summary" ".cache/test-$label.gated"
	echo "== acceptance tests under $(cli_version "$path") ($path); output in .cache/matrix-$label.out"
	ran+=("$label")
	set +e
	# TF_ACC_TERRAFORM_PATH, pinned to this CLI, is what test.sh resolves.
	TF_ACC_TERRAFORM_PATH="$path" TF_CLI=auto TEST_LABEL="$label" TEST_GATED_DEFER=1 \
		scripts/test.sh "${args[@]}" >".cache/matrix-$label.out" 2>&1
	status=$?
	set -e
	if [ "$status" -ne 0 ]; then
		failed=1
		# The failing tests and test.sh's verdict, not the whole log.
		grep -E '^\s*--- FAIL|^FAIL|_test\.go:[0-9]+:|panic:' ".cache/matrix-$label.out" | head -n 60 >&2 || true
	fi
	grep -E ': acceptance tests: |^FAIL: ' ".cache/matrix-$label.out" || true
done

if [ "${#ran[@]}" -eq 0 ]; then
	echo "FAIL: neither Terraform nor OpenTofu can be had on this machine" >&2
	exit 1
fi
if [ "${#missing[@]}" -ne 0 ]; then
	echo
	echo "!!! NOT EVERY CLI: these could not be had here, so the tests ran under ${ran[*]} only:"
	printf '!!!   %s\n' "${missing[@]}"
fi
status=0
scripts/cli-report.sh "${ran[@]}" || status=$?
[ "$failed" -eq 0 ] || status=1
exit "$status"
