#!/usr/bin/env bash
# Reports the test runs that scripts/test.sh left in .cache/ for the CLIs
# named by their labels (as terraform-1.15.9, tofu-1.12.6,
# terraform-1.11.4: see TEST_LABEL in scripts/test.sh), and fails unless
# all of them passed and every version-gated test ran under at least one of
# them.
#
#   scripts/cli-report.sh LABEL...
#
# Prints one line per CLI (version, counts, wall time, verdict), then the
# version-gated tests that no CLI ran, and last the totals as
# "N passed, N failed, N skipped". Used by make test-matrix and .ci/run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

[ "$#" -gt 0 ] || { echo "usage: $0 LABEL... (as terraform-1.15.9 tofu-1.12.6)" >&2; exit 2; }

verdict=0
total_passed=0 total_failed=0 total_skipped=0
echo
echo "CLI               version              passed  failed  skipped  version-gated  wall time  result"
for label in "$@"; do
	summary=".cache/test-$label.summary"
	if [ ! -f "$summary" ]; then
		printf '%-17s %s\n' "$label" "no result: scripts/test.sh did not finish under it (see above)"
		verdict=1
		continue
	fi
	IFS=$'\t' read -r _ version passed failed skipped gated status elapsed <"$summary"
	result=PASS
	if [ "$status" -ne 0 ]; then result="FAIL (exit $status; log .cache/test-$label.log)"; verdict=1; fi
	printf '%-17s %-20s %6s  %6s  %7s  %13s  %8ss  %s\n' "$label" "$version" "$passed" "$failed" "$skipped" "$gated" "$elapsed" "$result"
	total_passed=$((total_passed + passed))
	total_failed=$((total_failed + failed))
	total_skipped=$((total_skipped + skipped))
done

# A version-gated test counts as tested when it passed under some CLI. One
# that was skipped under one CLI and did not pass under any other was
# skipped everywhere it could have run: its feature went untested.
untested=""
for label in "$@"; do
	gated=".cache/test-$label.gated"
	[ -f "$gated" ] || continue
	while IFS=$'\t' read -r name reason; do
		[ -n "$name" ] || continue
		ran=""
		for other in "$@"; do
			if [ -f ".cache/test-$other.log" ] &&
				awk -v n="$name" '$1 == "---" && $2 == "PASS:" && $3 == n { found = 1; exit } END { exit !found }' ".cache/test-$other.log"; then
				ran="$other"
				break
			fi
		done
		if [ -z "$ran" ]; then
			untested+="  $name: under $label, \"$reason\""$'\n'
		else
			echo "version-gated: $name skipped under $label, ran under $ran"
		fi
	done <"$gated"
done
if [ -n "$untested" ]; then
	echo
	echo "FAIL: version-gated tests that no CLI ran ($*); the feature they need went untested:" >&2
	printf '%s' "$untested" >&2
	verdict=1
fi

echo
echo "$total_passed passed, $total_failed failed, $total_skipped skipped"
exit "$verdict"
