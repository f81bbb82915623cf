package snapshot

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/validate"
)

// NewCreateAction is baidu_cds_snapshot_create: a snapshot of a disk,
// made now, by the rule of a volume's final snapshot.
func NewCreateAction() action.Action {
	return &createAction{ActionBase: framework.NewActionBase("_cds_snapshot_create")}
}

type createAction struct {
	framework.ActionBase
}

var (
	_ action.ActionWithConfigure  = (*createAction)(nil)
	_ action.ActionWithModifyPlan = (*createAction)(nil)
)

type createActionModel struct {
	VolumeID types.String   `tfsdk:"volume_id"`
	Name     types.String   `tfsdk:"name"`
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

func (a *createAction) Schema(ctx context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Makes a snapshot of a CDS disk now, for example before an update (`action_trigger` with " +
			"`before_update`), and waits until it is `Available`. Invoked again with the same disk and name, it makes no second " +
			"snapshot: the client token is derived from both, as for `final_snapshot` of `baidu_cds_volume`, so the snapshot " +
			"the first invocation made is found again (and a destroy with that final snapshot name reuses it too). A snapshot " +
			"Baidu could not make is not reused: the next invocation asks for a new one. The snapshot is not in Terraform " +
			"state; import it as `baidu_bcc_snapshot` to manage it. Needs Terraform 1.14 or later.",
		Attributes: map[string]schema.Attribute{
			"volume_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "ID of the CDS disk (`v-...`) to snapshot.",
				Validators:          []validator.String{validate.ID("a volume", validate.PrefixVolume)},
			},
			"name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Name of the snapshot: 1-65 characters, starting with a letter; letters, digits, Chinese characters, spaces and `-_/.`.",
				Validators:          []validator.String{validate.StorageName("a snapshot name")},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.BlockWithOpts(ctx, timeouts.Opts{
				InvokeDescription: "How long making the snapshot may take, as a duration such as `\"30m\"`. Default `30m`.",
			}),
		},
	}
}

func (a *createAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m createActionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c, ctx, cancel, timeout := framework.Begin(ctx, a.Data, m.Timeouts.Invoke, defaultSnapshotCreateTimeout, &resp.Diagnostics)
	defer cancel()
	if c == nil {
		return
	}
	volumeID, name := m.VolumeID.ValueString(), m.Name.ValueString()
	id, err := framework.MakeFinal(ctx, "snapshot", volumeID, name,
		func(ctx context.Context, token string) (string, error) {
			// A busy disk (attaching, detaching, resizing) is refused
			// with 409 until it settles; the token stays, so no retry
			// makes a second snapshot.
			var id string
			_, err := framework.RetryWhile(ctx, c, func(ctx context.Context) (err error) {
				id, err = c.Client.CreateSnapshot(ctx, token, client.CreateSnapshotRequest{VolumeID: volumeID, SnapshotName: name})
				return err
			}, func(err error) bool { return framework.HTTPStatusOf(err) == http.StatusConflict })
			return id, err
		},
		func(ctx context.Context, id string) error {
			framework.Progress(resp, "Baidu is making snapshot %s (%q) of volume %s.", id, name, volumeID)
			_, err := waitSnapshotWithProgress(ctx, c, resp, id, timeout)
			return err
		})
	switch {
	case err != nil && id == "":
		resp.Diagnostics.AddError("Snapshot not made",
			fmt.Sprintf("Baidu did not start snapshot %q of volume %s: %s", name, volumeID, framework.BaiduSaid(ctx, err)))
	case err != nil:
		resp.Diagnostics.AddError("Snapshot not made",
			framework.WithRequestID(fmt.Sprintf("Baidu started snapshot %q of volume %s as %s, which is not Available: %s. If it is still being made, invoking the action again "+
				"with the same name waits for it; if Baidu failed it, use another name (the same name leads to the same failed snapshots).",
				name, volumeID, id, err), err))
	default:
		framework.Progress(resp, "Snapshot %s (%q) of volume %s is Available.", id, name, volumeID)
	}
}

// waitSnapshotWithProgress is waitSnapshotAvailable, telling Terraform
// each new status it reads.
func waitSnapshotWithProgress(ctx context.Context, c *framework.Conn, resp *action.InvokeResponse, id string, timeout time.Duration) (*client.Snapshot, error) {
	last := ""
	return framework.WaitStatus(ctx, c, "snapshot "+id, timeout,
		func(ctx context.Context) (*client.Snapshot, error) {
			s, err := findSnapshotByID(ctx, c, id)
			if err == nil && s.Status != last && s.Status != client.SnapshotStatusAvailable {
				last = s.Status
				framework.Progress(resp, "Snapshot %s is %s.", id, s.Status)
			}
			return s, err
		},
		func(s *client.Snapshot) string { return s.Status },
		client.SnapshotStatusAvailable, client.SnapshotStatusCreatedFailed, client.SnapshotStatusNotAvailable)
}
