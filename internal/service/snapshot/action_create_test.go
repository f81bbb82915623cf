package snapshot_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/acctest"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
)

const snapshotAction = "action.baidu_cds_snapshot_create.this"

func snapshotActionConfig(e *acctest.Env, volumeID, name string) string {
	return e.ProviderBlock() + fmt.Sprintf(`
action "baidu_cds_snapshot_create" "this" {
  config {
    volume_id = %q
    name      = %q
  }
}
`, volumeID, name)
}

// volumeOutsideTerraform makes a data disk through the API and waits
// until it is Available.
func volumeOutsideTerraform(t *testing.T, e *acctest.Env) string {
	t.Helper()
	c := e.Conn()
	ctx, cancel := c.Clock.WithTimeout(t.Context(), 10*time.Minute)
	defer cancel()
	ids, err := c.Client.CreateVolume(ctx, client.NewClientToken(), client.CreateVolumeRequest{
		CdsSizeInGB: 50, ZoneName: "cn-bj-a", Name: "data", Billing: &client.Billing{PaymentTiming: client.PaymentPostpaid},
	})
	if err != nil || len(ids) != 1 {
		t.Fatalf("create volume outside Terraform: %v %v", ids, err)
	}
	_, err = framework.WaitFor(ctx, c, "volume "+ids[0]+" to be Available", 10*time.Minute,
		func(ctx context.Context) (*client.Volume, error) { return c.Client.GetVolume(ctx, ids[0]) },
		func(v *client.Volume) (bool, error) { return v.Status == client.VolumeStatusAvailable, nil },
		func(v *client.Volume) string { return "last status " + v.Status })
	if err != nil {
		t.Fatal(err)
	}
	return ids[0]
}

func snapshotsOf(e *acctest.Env, volume, name string) []bccmock.Snapshot {
	var out []bccmock.Snapshot
	for _, s := range e.Mock.Snapshots() {
		if s.VolumeID == volume && s.Name == name {
			out = append(out, s)
		}
	}
	return out
}

func wantOutput(t *testing.T, out string, fragments ...string) {
	t.Helper()
	for _, f := range fragments {
		if !acctest.ExpectError(f).MatchString(out) {
			t.Errorf("the CLI output lacks %q", f)
		}
	}
}

// Invoked twice with the same disk and name, the action makes one
// snapshot, and says its id when it is Available.
func TestAccSnapshotCreateAction_invokeTwiceMakesOneSnapshot(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.WithStorageTimes(bccmock.Config{}))
	acctest.SkipWithoutActions(t)
	vol := volumeOutsideTerraform(t, e)
	for i := 1; i <= 2; i++ {
		out, err := e.Invoke(t, snapshotActionConfig(e, vol, "before-update"), snapshotAction)
		if err != nil {
			t.Fatalf("invocation %d: %v", i, err)
		}
		snaps := snapshotsOf(e, vol, "before-update")
		if len(snaps) != 1 || snaps[0].Status != "Available" {
			t.Fatalf("after invocation %d the mock holds %+v, want one Available snapshot", i, snaps)
		}
		wantOutput(t, out, fmt.Sprintf("Snapshot %s (\"before-update\") of volume %s is Available", snaps[0].ID, vol))
		if i == 1 {
			wantOutput(t, out, "Baidu is making snapshot "+snaps[0].ID, "Snapshot "+snaps[0].ID+" is Creating")
		}
	}
	if n := e.Mock.RequestCount(http.MethodPost, bccmock.RouteCreateSnapshot); n != 2 {
		t.Errorf("%d snapshot creates, want 2 (the second one answered with the first snapshot)", n)
	}
}

// Through an action_trigger of the disk: a snapshot right after it is
// created. The snapshot is kept outside Terraform; a destroy leaves it.
func TestAccSnapshotCreateAction_trigger(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.WithStorageTimes(bccmock.Config{}))
	cfg := e.ProviderBlock() + `
resource "baidu_cds_volume" "data" {
  name              = "data"
  availability_zone = "cn-bj-a"
  size_in_gb        = 50
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.baidu_cds_snapshot_create.this]
    }
  }
}

action "baidu_cds_snapshot_create" "this" {
  config {
    volume_id = baidu_cds_volume.data.id
    name      = "first"
  }
}
`
	var vol string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		TerraformVersionChecks:   acctest.ActionCLIs,
		CheckDestroy: func(*terraform.State) error {
			if _, ok := e.Mock.Volume(vol); ok {
				return fmt.Errorf("volume %s is left after destroy", vol)
			}
			if snaps := snapshotsOf(e, vol, "first"); len(snaps) != 1 {
				return fmt.Errorf("after destroy the mock holds %d snapshots first of %s, want the one kept", len(snaps), vol)
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config: cfg,
			Check: func(s *terraform.State) error {
				var err error
				if vol, err = acctest.StateAttr(s, "baidu_cds_volume.data", "id"); err != nil {
					return err
				}
				if snaps := snapshotsOf(e, vol, "first"); len(snaps) != 1 || snaps[0].Status != "Available" {
					return fmt.Errorf("the mock holds %+v, want one Available snapshot first of %s", snaps, vol)
				}
				return nil
			},
		}},
	})
}

// Bad input fails at plan time, naming the attribute, before any request:
// an instance id is not a disk id.
func TestAccSnapshotCreateAction_badInput(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{})
	cfg := func(id, name string) string {
		return snapshotActionConfig(e, id, name) + `
resource "terraform_data" "t" {
  input = 1
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.baidu_cds_snapshot_create.this]
    }
  }
}
`
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		TerraformVersionChecks:   acctest.ActionCLIs,
		Steps: []resource.TestStep{
			{Config: cfg("i-YufwpQAe", "ok"), ExpectError: acctest.ExpectError("volume_id", `a volume id is "v-"`)},
			{Config: cfg("v-IgJOjBWj", strings.Repeat("a", 66)), ExpectError: acctest.ExpectError("name", "a snapshot name")},
		},
	})
	acctest.AssertNoRequests(t, e)
}

// Baidu's refusal is reported with its code and the request id; nothing
// is made.
func TestAccSnapshotCreateAction_baiduError(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.WithStorageTimes(bccmock.Config{}))
	acctest.SkipWithoutActions(t)
	vol := volumeOutsideTerraform(t, e)
	e.Mock.Script(bccmock.RouteCreateSnapshot, 1, http.StatusBadRequest, "SnapshotQuotaExceeded")
	out, err := e.Invoke(t, snapshotActionConfig(e, vol, "refused"), snapshotAction)
	if err == nil {
		t.Fatal("a refused snapshot succeeded")
	}
	var rid string
	for _, r := range e.Mock.Requests() {
		if r.Route == bccmock.RouteCreateSnapshot && r.Status == http.StatusBadRequest {
			rid = r.RequestID
		}
	}
	if rid == "" {
		t.Fatal("the mock recorded no refused create")
	}
	wantOutput(t, out, "Snapshot not made", "SnapshotQuotaExceeded", "Request ID: "+rid)
	if snaps := snapshotsOf(e, vol, "refused"); len(snaps) != 0 {
		t.Errorf("the mock holds %+v after a refused create", snaps)
	}
}
