package instance

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
)

// The destroy plan warns what Baidu will take with the instance: both of its
// system-disk snapshots (one made outside Terraform) and the data disk it
// will detach. An instance with neither gets no warning.
func TestModifyPlanListsReleaseConsequences(t *testing.T) {
	e := newMockEnv(t, bccmock.WithStorageTimes(bccmock.Config{}))
	c := e.conn()
	ctx := context.Background()
	with := createOutsideTerraform(t, e, instanceRequest("cn-bj-a"), "")
	without := createOutsideTerraform(t, e, instanceRequest("cn-bj-a"), "")
	var snaps []string
	for _, name := range []string{"nightly", "made-in-the-console"} {
		id, err := c.Client.CreateSnapshot(ctx, client.NewClientToken(), client.CreateSnapshotRequest{VolumeID: with, SnapshotName: name})
		if err != nil {
			t.Fatal(err)
		}
		snaps = append(snaps, id)
	}
	vols, err := c.Client.CreateVolume(ctx, client.NewClientToken(), client.CreateVolumeRequest{CdsSizeInGB: 50, ZoneName: "cn-bj-a", Name: "data", Billing: &client.Billing{PaymentTiming: client.PaymentPostpaid}})
	if err != nil {
		t.Fatal(err)
	}
	e.srv.Advance(time.Minute)
	if err := c.Client.AttachVolume(ctx, vols[0], with); err != nil {
		t.Fatal(err)
	}
	e.srv.Advance(time.Minute)

	r := &bccInstanceResource{ResourceBase: framework.ResourceBase{Data: framework.NewProviderData(c, nil, false, e.clock)}}
	e.srv.ResetCounts()
	plan := func(id string) []string {
		state := stateOf(t, bccInstanceModel{ID: types.StringValue(id), PaymentTiming: types.StringValue(client.PaymentPostpaid)})
		nullPlan := tfsdk.Plan{Schema: state.Schema, Raw: tftypes.NewValue(state.Schema.Type().TerraformType(ctx), nil)}
		resp := &resource.ModifyPlanResponse{Plan: nullPlan}
		r.ModifyPlan(ctx, resource.ModifyPlanRequest{State: state, Plan: nullPlan}, resp)
		if resp.Diagnostics.HasError() {
			t.Fatalf("the destroy plan failed: %v", resp.Diagnostics)
		}
		var out []string
		for _, w := range resp.Diagnostics.Warnings() {
			out = append(out, w.Summary()+"\n"+w.Detail())
		}
		return out
	}
	warnings := plan(with)
	if len(warnings) != 1 {
		t.Fatalf("%d warnings for the instance with snapshots and a disk, want 1: %q", len(warnings), warnings)
	}
	for _, want := range append(snaps, vols[0], "nightly", "made-in-the-console", "deletes the 2 snapshots of its system disk",
		"whether or not Terraform manages them", "detaches and keeps 1 data disk") {
		if !strings.Contains(warnings[0], want) {
			t.Errorf("the warning does not mention %q:\n%s", want, warnings[0])
		}
	}
	// A replacement (a new image) releases the instance too. The framework
	// does not tell ModifyPlan about replacements; the warning must come
	// all the same.
	replaced := stateOf(t, bccInstanceModel{ID: types.StringValue(with), PaymentTiming: types.StringValue(client.PaymentPostpaid), ImageID: types.StringValue("m-acc0001")})
	newImage := stateOf(t, bccInstanceModel{ID: types.StringValue(with), PaymentTiming: types.StringValue(client.PaymentPostpaid), ImageID: types.StringValue("m-acc0002")})
	replacePlan := tfsdk.Plan{Schema: newImage.Schema, Raw: newImage.Raw}
	resp := &resource.ModifyPlanResponse{Plan: replacePlan}
	r.ModifyPlan(ctx, resource.ModifyPlanRequest{State: replaced, Plan: replacePlan}, resp)
	if ws := resp.Diagnostics.Warnings(); len(ws) != 1 || !strings.Contains(ws[0].Detail(), "This plan will replace instance "+with) {
		t.Errorf("a replacement got warnings %v, want the one that says what the release takes", resp.Diagnostics)
	}
	if w := plan(without); len(w) != 0 {
		t.Errorf("an instance with no snapshots or disks got warnings: %q", w)
	}
	// The two plans shared one listing of the account's snapshots and disks.
	if s, v := e.srv.RequestCount(http.MethodGet, bccmock.RouteListSnapshots), e.srv.RequestCount(http.MethodGet, bccmock.RouteListVolumes); s != 1 || v != 1 {
		t.Errorf("%d snapshot and %d disk listings for two destroyed instances, want 1 and 1", s, v)
	}
}
