#!/usr/bin/env bash
# Runs every unit and acceptance test (TF_ACC=1) under one real CLI,
# Terraform or OpenTofu, chosen by TF_CLI (see scripts/terraform-path.sh,
# which finds or builds it): by default the newest Terraform at hand (one
# >= 1.14 on PATH or already built into the user cache, else the terraform
# on PATH), else OpenTofu; TF_CLI=terraform-latest builds Terraform >= 1.14
# from a source archive when there is none, TF_CLI=terraform-system takes
# the terraform on PATH, TF_CLI=tofu OpenTofu. Extra arguments go to
# `go test` (make testacc passes -run TestAcc).
#
# It fails unless acceptance tests actually ran: an acceptance test that
# skipped (for example because TF_ACC or the CLI was missing) must never
# pass for green. The one kind of skip counted apart is a version-gated one,
# from a tfversion check (tfversion.SkipBelow and friends, whose messages
# read "Terraform CLI version X is below minimum version Y: skipping test"):
# a test that needs a CLI feature this CLI lacks. Such a skip fails this run
# too, since this is the only CLI that ran, unless TEST_GATED_DEFER=1, which
# make test-matrix and .ci/run set: they run other CLIs too and then fail
# only for a test skipped under every CLI that ran
# (scripts/cli-report.sh).
#
# Leaves in .cache/ (git-ignored), per CLI LABEL ($TEST_LABEL, by default
# the CLI's kind and version, as terraform-1.15.9 or tofu-1.12.6):
#   test-LABEL.log      the full go test -v output
#   test-LABEL.gated    the version-gated skips, "TestName<TAB>reason" lines
#   test-LABEL.summary  one line: kind, version, passed, failed, skipped,
#                       version-gated, exit status, wall time (tab-separated)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=scripts/lib/cli.sh
. scripts/lib/cli.sh

# No call home, no registry lookups, no download of another CLI; and a
# TF_CLI_CONFIG_FILE naming a missing file would only put a warning into
# every test's output (and, under OpenTofu, into JSON on stdout).
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
cli_config_hygiene

caller_path="${TF_ACC_TERRAFORM_PATH:-}"
set +e
cli="$(scripts/terraform-path.sh)"
found=$?
set -e
if [ "$found" -ne 0 ]; then
	echo "FAIL: no CLI to run the acceptance tests with (TF_CLI=${TF_CLI:-auto}); see above" >&2
	exit 1
fi
kind="$(cli_kind "$cli")"
version="$(cli_version "$cli")"
export TF_ACC_TERRAFORM_PATH="$cli" TF_ACC=1
# The address plugin-testing serves the in-process provider under (see
# cli_test_env in scripts/lib/cli.sh); a value set by the caller is kept.
if [ -z "${TF_ACC_PROVIDER_HOST:-}" ]; then
	export "$(cli_test_env "$kind")"
fi
echo "Using $(cli_display "$kind") at $TF_ACC_TERRAFORM_PATH ($version; provider address $TF_ACC_PROVIDER_HOST/hashicorp/baidu)"
# Say why this CLI, when a newer one would run more of the tests (unless
# the caller named the CLI).
case "${caller_path:+named}${TF_CLI:-auto}" in
auto | terraform)
	if [ "$kind" = terraform ] && ! cli_at_least "$cli" terraform 1 14; then
		echo "  the newest Terraform at hand: none >= 1.14 on PATH or built into $(cli_user_cache)/terraform, so the tests that need"
		echo "  Terraform 1.14+ (list resources, actions, resource identity) are version-gated here. TF_CLI=terraform-latest"
		echo "  builds Terraform from a source archive (TERRAFORM_SOURCE_ARCHIVE; 6-15 minutes, once), or see the README"
	elif [ "$kind" = terraform ]; then
		echo "  the newest Terraform at hand (>= 1.14: list resources, actions and resource identity are tested)"
	fi
	;;
esac

label="${TEST_LABEL:-$(cli_label "$cli")}"
mkdir -p .cache
log=".cache/test-$label.log"
gated_file=".cache/test-$label.gated"
summary_file=".cache/test-$label.summary"
rm -f "$gated_file" "$summary_file"
race=()
if [ "${RACE:-1}" = 1 ]; then race=(-race); fi
start=$(date +%s)
set +e
go test "${race[@]}" -count=1 -timeout "${TEST_TIMEOUT:-25m}" -v "$@" ./... 2>&1 | tee "$log" | grep -E '^(ok|FAIL|---|panic:|\?|=== NAME|\s+--- FAIL)|_test\.go:[0-9]+:'
status=${PIPESTATUS[0]}
set -e
elapsed=$(($(date +%s) - start))

# Version-gated skips: the tfversion message names no test, so follow the
# test that go test -v says is speaking (=== RUN/CONT/NAME headers), and
# take the skips whose test said such a message.
awk '
	/^=== (RUN|CONT|NAME|PAUSE) / { current = $3; next }
	/Terraform CLI version .*: skipping test/ {
		msg = $0; sub(/^[ \t]*[^ \t]*_test\.go:[0-9]+: /, "", msg); sub(/^[ \t]+/, "", msg)
		reason[current] = msg; next
	}
	/^[ \t]*--- SKIP: / { name = $3; if (name in reason) print name "\t" reason[name] }
' "$log" | sort -u >"$gated_file"

count() { grep -cE "$1" "$log" || true; }
passed_acc=$(count '^\s*--- PASS: TestAcc')
passed=$(count '^\s*--- PASS:')
failed=$(count '^\s*--- FAIL:')
skipped=$(count '^\s*--- SKIP:')
gated=$(wc -l <"$gated_file" | tr -d ' ')
# Acceptance tests that skipped for any other reason than a version check.
plain_skips="$(grep -E '^\s*--- SKIP: TestAcc' "$log" | awk '{ print $3 }' | sort -u | grep -vxF -f <(cut -f1 "$gated_file") || true)"
plain_skipped_acc=0
if [ -n "$plain_skips" ]; then plain_skipped_acc=$(wc -l <<<"$plain_skips" | tr -d ' '); fi

echo
echo "$(cli_display "$kind") ($version): acceptance tests: $passed_acc passed, $plain_skipped_acc skipped; $gated version-gated skips; wall time ${elapsed}s (full log: $log)"
if [ "$gated" -ne 0 ]; then
	echo "Version-gated skips (the test needs a newer CLI than $version):"
	sed 's/^/  /; s/\t/: /' "$gated_file"
fi
echo "$passed passed, $failed failed, $skipped skipped"

verdict=0
if [ "$status" -ne 0 ]; then
	echo "FAIL: go test exited with status $status" >&2
	verdict=$status
elif [ "$passed_acc" -eq 0 ]; then
	echo "FAIL: no acceptance test (TestAcc*) ran" >&2
	verdict=1
elif [ "$plain_skipped_acc" -ne 0 ]; then
	echo "FAIL: $plain_skipped_acc acceptance tests skipped; they must run, not skip:" >&2
	sed 's/^/  /' <<<"$plain_skips" >&2
	verdict=1
elif [ "$gated" -ne 0 ]; then
	if [ "${TEST_GATED_DEFER:-0}" = 1 ]; then
		echo "$gated version-gated skips under $version: left to the check across CLIs (TEST_GATED_DEFER=1)"
	else
		echo "FAIL: $gated tests skipped for the CLI version, and $version is the only CLI that ran;" >&2
		echo "  run them under a newer CLI (TF_CLI=terraform-latest for Terraform >= 1.14, TF_CLI=tofu for OpenTofu v1.12.6), or run make test-matrix" >&2
		verdict=1
	fi
fi
printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$kind" "$version" "$passed" "$failed" "$skipped" "$gated" "$verdict" "$elapsed" >"$summary_file"
exit "$verdict"
