#!/usr/bin/env bash
# make demo: build the provider and the mock BCC API, then run a real
# `terraform apply` and `terraform destroy` (or `tofu apply` and `tofu
# destroy`: TF_CLI=terraform|tofu, as for make test) against the mock, showing the
# two release rules the provider is built around:
#   - Instance.ReleaseWhileCreating: retried with backoff until it succeeds;
#   - Instance.ReleaseNotPrepay: a hard error at once, announced in the plan;
# and what a release takes with it: the plan names the system-disk snapshot
# Baidu deletes and the data disk it detaches and keeps, and the disk is
# still there, Available, after the destroy.
# Nothing outside a temporary directory is touched (not ~/.terraformrc), and
# the mock is stopped on exit, also on Ctrl-C.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

# shellcheck source=scripts/lib/cli.sh
. scripts/lib/cli.sh
cli_config_hygiene
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
tf="$(scripts/terraform-path.sh)"
# The command as a user types it: terraform or tofu.
cli="$(cli_kind "$tf")"
work="$(mktemp -d "${TMPDIR:-/tmp}/baidu-demo.XXXXXX")"
mock_pid=""
cleanup() {
	if [ -n "$mock_pid" ] && kill -0 "$mock_pid" 2>/dev/null; then
		kill "$mock_pid" 2>/dev/null || true
		wait "$mock_pid" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT
trap 'echo; echo "interrupted"; exit 130' INT TERM

echo "Using $(cli_version "$tf") at $tf"
say "Building the provider and the mock API"
mkdir -p "$work/bin" "$work/tf" "$work/disks"
go build -o "$work/bin/terraform-provider-baidu" .
go build -o "$work/bin/bccmock" ./cmd/bccmock

say "Starting the mock BCC API on a free loopback port"
# A 15 s creating window outlasts the 2 s boot, so the destroy right after
# the apply meets Instance.ReleaseWhileCreating and has to retry.
"$work/bin/bccmock" -addr 127.0.0.1:0 -boot-time 2s -creating-window 15s -deleted-phase 1s \
	-volume-create-time 1s -attach-time 1s -detach-time 1s -snapshot-time 1s -admin \
	>"$work/mock.out" 2>"$work/mock.log" &
mock_pid=$!
url=""
for _ in $(seq 1 100); do
	url="$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$work/mock.out" | head -n1)"
	[ -n "$url" ] && break
	kill -0 "$mock_pid" 2>/dev/null || { cat "$work/mock.log" >&2; echo "the mock did not start" >&2; exit 1; }
	sleep 0.1
done
[ -n "$url" ] || { echo "the mock did not print its URL" >&2; exit 1; }
echo "mock API at $url (request log: each line below marked 'mock:')"
hostport="${url#http://}"

# admin METHOD PATH: an unsigned request to the mock's /_mock/ endpoints,
# with bash's /dev/tcp so the demo needs no curl.
admin() {
	local host="${hostport%:*}" port="${hostport##*:}" response
	exec 3<>"/dev/tcp/$host/$port"
	printf '%s %s HTTP/1.0\r\nHost: %s\r\nContent-Length: 0\r\n\r\n' "$1" "$2" "$hostport" >&3
	response="$(cat <&3)"
	exec 3<&-
	printf '%s\n' "${response#*$'\r\n\r\n'}"
}

# A CLI configuration of our own: dev_overrides point the CLI at the
# binary just built, so no registry is asked.
cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "terraform-baidu/baidu" = "$work/bin"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$work/terraformrc"
export BAIDUCLOUD_ACCESS_KEY=mock-access-key BAIDUCLOUD_SECRET_KEY=mock-secret-key-0123456789abcdef
export BAIDUCLOUD_BCC_ENDPOINT="$url"

# The data disk lives in a configuration of its own, as a platform team's
# disks often do, so that destroying the servers leaves it alone.
cat >"$work/disks/main.tf" <<'TF'
terraform {
  required_providers {
    baidu = { source = "terraform-baidu/baidu" }
  }
}

provider "baidu" {
  region = "bj"
}

resource "baidu_cds_volume" "data" {
  name              = "demo-data"
  availability_zone = "cn-bj-a"
  size_in_gb        = 50
}

output "volume_id" {
  value = baidu_cds_volume.data.id
}
TF

cat >"$work/tf/main.tf" <<'TF'
terraform {
  required_providers {
    baidu = { source = "terraform-baidu/baidu" }
  }
}

provider "baidu" {
  region = "bj"
  # access_key, secret_key and endpoints.bcc come from BAIDUCLOUD_* variables.
}

variable "data_volume_id" {
  type = string
}

resource "baidu_bcc_instance" "web" {
  count             = 2
  name              = "demo-web-${count.index}"
  instance_spec     = "bcc.g5.c2m8"
  image_id          = "m-DemoUbnt"
  availability_zone = "cn-bj-a"
  tags              = { app = "demo", role = "web" }
  # The first web server leaves a custom image of its system disk behind.
  on_destroy = {
    final_image = count.index == 0 ? "demo-web-0-final" : null
  }
}

# The first web server gets the data disk, and a snapshot of its system disk.
resource "baidu_cds_volume_attachment" "data" {
  volume_id   = var.data_volume_id
  instance_id = baidu_bcc_instance.web[0].id
}

resource "baidu_bcc_snapshot" "system" {
  name        = "demo-web-0-system"
  instance_id = baidu_bcc_instance.web[0].id
}

resource "baidu_bcc_instance" "db" {
  name              = "demo-db"
  instance_spec     = "bcc.g5.c4m16"
  image_id          = "m-DemoUbnt"
  availability_zone = "cn-bj-a"
  payment_timing    = "Prepaid"
  reservation = {
    reservation_length = 1
  }
}
TF

tfrun() { (cd "$work/tf" && "$tf" "$@"); }
disksrun() { (cd "$work/disks" && "$tf" "$@"); }
# Drops the CLI's "development overrides are in effect" warning box, which
# is expected here and would bury what the demo is showing.
quiet_overrides() {
	# With -no-color the box is plain paragraphs: skip from the heading to
	# the paragraph ending in "published releases.".
	awk '/Warning: Provider development overrides are in effect/ { skip = 1; next }
	     skip && /releases\.$/ { skip = 0; getline; next }
	     !skip { print }'
}
show_mock() { sed -n "$1"',$p' "$work/mock.log" | grep -E "$2" | sed 's/^/  mock: /' || true; }

say "$cli apply, in its own configuration: a 50 GB data disk"
disksrun apply -auto-approve -no-color 2>&1 | quiet_overrides | grep -E '^(baidu_|Apply complete)'
TF_VAR_data_volume_id="$(disksrun output -raw volume_id)"
export TF_VAR_data_volume_id

say "$cli apply: two postpaid web servers (the first with the data disk and a system-disk snapshot) and one prepaid database server"
tfrun apply -auto-approve -no-color 2>&1 | quiet_overrides
tfrun state list >/dev/null
# disk_status prints the data disk's status and instance as the mock has it.
disk_status() {
	admin GET /_mock/volumes | tr -d '\n' | sed -n 's/.*"ID": "'"$TF_VAR_data_volume_id"'"[^}]*"Status": "\([A-Za-z]*\)"[^}]*"InstanceID": "\([^"]*\)".*/\1 \2/p'
}

log_mark=$(($(wc -l <"$work/mock.log") + 1))
say "$cli destroy, right away (Baidu is still 'creating' the instances for 15 s)"
echo "Expect: the plan warns about the prepaid instance, and that releasing demo-web-0 deletes its"
echo "system-disk snapshot and detaches (and keeps) the data disk; the two postpaid instances are"
echo "refused with Instance.ReleaseWhileCreating and retried with backoff until released; the"
echo "prepaid instance fails at once with Instance.ReleaseNotPrepay (its on_destroy says \"refuse\", the default);"
echo "demo-web-0 is imaged (demo-web-0-final) before its release, and the image is kept."
set +e
TF_LOG_PROVIDER=INFO TF_LOG_PATH="$work/provider.log" tfrun destroy -auto-approve -no-color >"$work/destroy1.out" 2>"$work/destroy1.err"
status=$?
set -e
quiet_overrides <"$work/destroy1.out" | sed -n '/^Plan:/,$p'
echo
read -r disk_state disk_instance <<<"$(disk_status) -"
echo "The data disk $TF_VAR_data_volume_id after the destroy, on the mock: $disk_state, attached to ${disk_instance/#-/no instance}: kept."
if [ "$disk_state" != Available ] || [ "$disk_instance" != - ]; then
	echo "expected the data disk to be kept, Available and detached, after the destroy" >&2
	exit 1
fi
grep -q "also changes its snapshots and disks" "$work/destroy1.out" "$work/destroy1.err" ||
	{ echo "the destroy plan did not warn about the snapshot and the disk" >&2; exit 1; }
echo
echo "Errors reported by $cli destroy:"
quiet_overrides <"$work/destroy1.err" | sed 's/^/  /'
echo
echo "Provider log (INFO), release retries:"
grep 'instance is still being created; retrying release' "$work/provider.log" | while read -r line; do
	field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $line"; }
	printf '  %s: attempt %s refused after %s, next attempt in %s\n' \
		"$(field instance_id)" "$(field attempt)" "$(field elapsed)" "$(field next_attempt_in)"
done
echo
echo "Mock request log, release calls:"
show_mock "$log_mark" 'DELETE'
if [ "$status" -eq 0 ]; then
	echo "expected the first destroy to fail on the prepaid instance, but it succeeded" >&2
	exit 1
fi
echo
echo "$cli destroy exited $status, as expected: the prepaid instance is still in state:"
tfrun state list | sed 's/^/  /'

final_image="$(admin GET /_mock/images | tr -d '\n' | sed -n 's/.*"Name": "demo-web-0-final"[^}]*"Status": "\([A-Za-z]*\)".*/\1/p')"
echo "The final image demo-web-0-final on the mock: ${final_image:-missing}"
[ "$final_image" = Available ] || { echo "expected demo-web-0's final image, Available, after its release" >&2; exit 1; }

say "The database server's configuration now asks for an early release: on_destroy = { prepaid = \"release_early\" }"
sed -i 's/^  payment_timing    = "Prepaid"$/&\n  on_destroy        = { prepaid = "release_early" }/' "$work/tf/main.tf"
log_mark=$(($(wc -l <"$work/mock.log") + 1))
# Only the database server is left in state; -target keeps the apply from
# creating the destroyed web servers again.
tfrun apply -auto-approve -no-color -target=baidu_bcc_instance.db 2>&1 | quiet_overrides | grep -E '^(  # baidu_|Apply complete)'
writes="$(sed -n "$log_mark"',$p' "$work/mock.log" | grep -E '(POST|PUT|DELETE) ' | grep -vc listByInstanceId || true)"
echo "Calls that change anything on the mock during that apply: $writes"
[ "$writes" -eq 0 ] || { echo "changing on_destroy must not call the API" >&2; exit 1; }
log_mark=$(($(wc -l <"$work/mock.log") + 1))

say "$cli destroy again: the prepaid instance is released early, through POST /v2/instance/delete"
tfrun destroy -auto-approve -no-color 2>&1 | quiet_overrides | sed -n '/^Plan:/,$p'
show_mock "$log_mark" 'DELETE|/v2/instance/delete'

say "$cli destroy of the disk's own configuration"
disksrun destroy -auto-approve -no-color 2>&1 | quiet_overrides | grep -E '^(baidu_|Destroy complete)'

left="$(($(tfrun state list | wc -l) + $(disksrun state list | wc -l)))"
live="$(admin GET /_mock/instances | grep -c '"Status": "\(Starting\|Running\|Stopped\|Expired\)"' || true)"
say "Done"
echo "Resources left in state: $left; live instances left on the mock: $live"
echo "Kept on the mock, as a release keeps custom images: $(admin GET /_mock/images | tr -d '\n' | grep -o '"Name": "demo-web-0-final"[^}]*"Status": "[A-Za-z]*"' | sed 's/"Name": "\([^"]*\)".*"Status": "\([A-Za-z]*\)"/\1 (\2)/')"
[ "$live" -eq 0 ] || { echo "the mock still holds live instances" >&2; exit 1; }
[ "$left" -eq 0 ] || { echo "state is not empty" >&2; exit 1; }
