#!/usr/bin/env bash
# Runs every unit and acceptance test (TF_ACC=1) against the real Terraform
# CLI, then fails unless acceptance tests actually ran: an acceptance test
# that skipped (for example because TF_ACC or the CLI was missing) must never
# pass for green.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

TF_ACC_TERRAFORM_PATH="$(scripts/terraform-path.sh)"
export TF_ACC_TERRAFORM_PATH TF_ACC=1
# A TF_CLI_CONFIG_FILE naming a missing file only makes Terraform print a
# warning into every test's output; acceptance tests need no CLI config.
if [ -n "${TF_CLI_CONFIG_FILE:-}" ] && [ ! -f "$TF_CLI_CONFIG_FILE" ]; then
	unset TF_CLI_CONFIG_FILE
fi
# No call home, no registry lookups, no download of another Terraform.
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
echo "Using Terraform at $TF_ACC_TERRAFORM_PATH ($("$TF_ACC_TERRAFORM_PATH" version | head -n1))"

mkdir -p .cache
log=.cache/test.log
race=()
if [ "${RACE:-1}" = 1 ]; then race=(-race); fi
set +e
go test "${race[@]}" -count=1 -timeout "${TEST_TIMEOUT:-25m}" -v "$@" ./... 2>&1 | tee "$log" | grep -E '^(ok|FAIL|---|panic:|\?|=== NAME|\s+--- FAIL)|_test\.go:[0-9]+:' 
status=${PIPESTATUS[0]}
set -e

passed_acc=$(grep -cE '^\s*--- PASS: TestAcc' "$log" || true)
skipped_acc=$(grep -cE '^\s*--- SKIP: TestAcc' "$log" || true)
passed=$(grep -cE '^\s*--- PASS:' "$log" || true)
failed=$(grep -cE '^\s*--- FAIL:' "$log" || true)
skipped=$(grep -cE '^\s*--- SKIP:' "$log" || true)
echo
echo "Acceptance tests: $passed_acc passed, $skipped_acc skipped (full log: $log)"
echo "$passed passed, $failed failed, $skipped skipped"

if [ "$status" -ne 0 ]; then
	echo "FAIL: go test exited with status $status" >&2
	exit "$status"
fi
if [ "$passed_acc" -eq 0 ]; then
	echo "FAIL: no acceptance test (TestAcc*) ran" >&2
	exit 1
fi
if [ "$skipped_acc" -ne 0 ]; then
	echo "FAIL: $skipped_acc acceptance tests skipped; they must run, not skip:" >&2
	grep -E '^\s*--- SKIP: TestAcc' "$log" >&2
	exit 1
fi
