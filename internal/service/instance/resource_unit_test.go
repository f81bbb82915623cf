package instance

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client/bceauth"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/wait"
)

func instanceSchema(t *testing.T) resource.SchemaResponse {
	t.Helper()
	var resp resource.SchemaResponse
	(&bccInstanceResource{}).Schema(context.Background(), resource.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	return resp
}

// stateOf builds resource state holding m.
func stateOf(t *testing.T, m bccInstanceModel) tfsdk.State {
	t.Helper()
	s := instanceSchema(t).Schema
	state := tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(context.Background()), nil)}
	if len(m.Timeouts.AttributeTypes(context.Background())) == 0 {
		m.Timeouts.Object = types.ObjectNull(map[string]attr.Type{"create": types.StringType, "update": types.StringType, "delete": types.StringType})
	}
	if d := state.Set(context.Background(), withNullCollections(m)); d.HasError() {
		t.Fatal(d)
	}
	return state
}

func withNullCollections(m bccInstanceModel) *bccInstanceModel {
	if m.Tags.ElementType(context.Background()) == nil {
		m.Tags = types.MapNull(types.StringType)
	}
	if m.SecurityGroups.ElementType(context.Background()) == nil {
		m.SecurityGroups = types.SetNull(types.StringType)
	}
	if len(m.Reservation.AttributeTypes(context.Background())) == 0 {
		m.Reservation = types.ObjectNull(reservationAttrTypes)
	}
	if len(m.OnDestroy.AttributeTypes(context.Background())) == 0 {
		m.OnDestroy = types.ObjectNull(onDestroyAttrTypes)
	}
	return &m
}

func TestModifyPlanWarnsBeforeReleasingUnexpiredPrepaid(t *testing.T) {
	now := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	s := instanceSchema(t).Schema
	nullPlan := tfsdk.Plan{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(context.Background()), nil)}
	cases := []struct {
		name     string
		timing   string
		status   string
		expires  string
		destroy  bool
		replace  bool
		wantWarn bool
	}{
		{"destroy unexpired prepaid", client.PaymentPrepaid, "Running", "2026-12-26T00:00:00Z", true, false, true},
		{"replace unexpired prepaid", client.PaymentPrepaid, "Running", "2026-12-26T00:00:00Z", false, true, true},
		{"update in place of prepaid", client.PaymentPrepaid, "Running", "2026-12-26T00:00:00Z", false, false, false},
		{"destroy prepaid past its expiry time", client.PaymentPrepaid, "Running", "2026-11-25T00:00:00Z", true, false, false},
		{"destroy prepaid that Baidu reports Expired", client.PaymentPrepaid, "Expired", "2026-12-26T00:00:00Z", true, false, false},
		{"destroy postpaid", client.PaymentPostpaid, "Running", "", true, false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			state := stateOf(t, bccInstanceModel{
				ID: types.StringValue("i-Prepaid1"), PaymentTiming: types.StringValue(tc.timing), Status: types.StringValue(tc.status),
				ExpireTime: types.StringValue(tc.expires),
			})
			plan := tfsdk.Plan{Schema: s, Raw: state.Raw}
			if tc.destroy {
				plan = nullPlan
			}
			r := &bccInstanceResource{ResourceBase: framework.ResourceBase{Data: framework.NewProviderData(nil, nil, false, wait.NewSimClock(now))}}
			resp := &resource.ModifyPlanResponse{Plan: plan}
			if tc.replace {
				resp.RequiresReplace = path.Paths{path.Root("image_id")}
			}
			r.ModifyPlan(context.Background(), resource.ModifyPlanRequest{State: state, Plan: plan}, resp)
			warnings := resp.Diagnostics.Warnings()
			if got := len(warnings) > 0; got != tc.wantWarn {
				t.Fatalf("warning = %v, want %v (%v)", got, tc.wantWarn, resp.Diagnostics)
			}
			if tc.wantWarn {
				detail := warnings[0].Detail()
				for _, want := range []string{"i-Prepaid1", tc.expires, "Instance.ReleaseNotPrepay", "removed"} {
					if !strings.Contains(detail, want) {
						t.Errorf("warning does not mention %q: %s", want, detail)
					}
				}
			}
		})
	}
}

// A destroy plan says what on_destroy will do: release_early replaces the
// refusal warning with the early-release one (the prepaid rule's text is
// Baidu's refund, not a refusal), and final_image announces the image.
func TestModifyPlanSaysWhatOnDestroyWillDo(t *testing.T) {
	now := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	s := instanceSchema(t).Schema
	nullPlan := tfsdk.Plan{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(context.Background()), nil)}
	onDestroy := func(prepaid string, image attr.Value) types.Object {
		return types.ObjectValueMust(onDestroyAttrTypes, map[string]attr.Value{"prepaid": types.StringValue(prepaid), "final_image": image})
	}
	cases := map[string]struct {
		od       types.Object
		want     []string
		dontWant string
	}{
		"refuse":        {onDestroy("refuse", types.StringNull()), []string{"cannot be released before it expires", "release_early"}, "released early"},
		"release_early": {onDestroy("release_early", types.StringNull()), []string{"prepaid instance i-Prepaid1 (expires 2026-12-26T00:00:00Z) will be released early; Baidu decides the refund"}, "cannot be released"},
		"final_image": {onDestroy("release_early", types.StringValue("web-final")),
			[]string{`custom image "web-final"`, "If it cannot be made, nothing is released", "will be released early"}, "cannot be released"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			state := stateOf(t, bccInstanceModel{
				ID: types.StringValue("i-Prepaid1"), PaymentTiming: types.StringValue(client.PaymentPrepaid), Status: types.StringValue("Running"),
				ExpireTime: types.StringValue("2026-12-26T00:00:00Z"), OnDestroy: tc.od,
			})
			r := &bccInstanceResource{ResourceBase: framework.ResourceBase{Data: framework.NewProviderData(nil, nil, false, wait.NewSimClock(now))}}
			resp := &resource.ModifyPlanResponse{Plan: nullPlan}
			r.ModifyPlan(context.Background(), resource.ModifyPlanRequest{State: state, Plan: nullPlan}, resp)
			var all strings.Builder
			for _, w := range resp.Diagnostics.Warnings() {
				all.WriteString(w.Summary() + "\n" + w.Detail() + "\n")
			}
			text := strings.Join(strings.Fields(all.String()), " ")
			for _, want := range tc.want {
				if !strings.Contains(text, want) {
					t.Errorf("warnings do not say %q: %s", want, text)
				}
			}
			if strings.Contains(text, tc.dontWant) {
				t.Errorf("warnings say %q: %s", tc.dontWant, text)
			}
		})
	}
}

// Delete treats a 404 from the release call as success: the instance is
// already gone. This is the path `terraform destroy -refresh=false` takes
// when the instance was deleted outside Terraform.
func TestDeleteOfMissingInstanceSucceeds(t *testing.T) {
	srv := bccmock.New(bccmock.Config{Credentials: []bccmock.Credential{{AccessKey: testAccessKey, SecretKey: testSecretKey}}})
	ts := httptest.NewServer(srv)
	defer ts.Close()
	c, err := client.New(client.Config{Credentials: bceauth.Credentials{AccessKey: testAccessKey, SecretKey: testSecretKey}, Endpoint: ts.URL, MaxRetries: 1})
	if err != nil {
		t.Fatal(err)
	}
	r := &bccInstanceResource{ResourceBase: framework.ResourceBase{Data: framework.NewProviderData(framework.NewConn(c, wait.Real(), framework.DefaultSchedules(), framework.Batching{}), nil, false, nil)}}
	state := stateOf(t, bccInstanceModel{ID: types.StringValue("i-Missing1")})
	resp := &resource.DeleteResponse{State: state}
	r.Delete(context.Background(), resource.DeleteRequest{State: state}, resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("delete of a missing instance failed: %v", resp.Diagnostics)
	}
	if n := srv.StatusCount("DELETE", bccmock.RouteReleaseInstance, 404); n != 1 {
		t.Fatalf("%d DELETE calls answered 404, want exactly 1", n)
	}
	if n := srv.RequestCount("GET", bccmock.RouteGetInstance); n != 0 {
		t.Fatalf("%d GET calls after a 404 release; an instance already gone needs no wait", n)
	}
}
