package instance

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	tfresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
)

// The destroy names the final image it kept, with the way to import it:
// the image is outside state, and a warning is the only place a pipeline's
// log says where the data went. Terraform shows it, but the test harness
// cannot read a destroy's warnings, so Delete is called directly.
func TestDeleteNamesTheFinalImage(t *testing.T) {
	e := newMockEnv(t, bccmock.WithStorageTimes(bccmock.Config{}))
	id := createOutsideTerraform(t, e, instanceRequest("cn-bj-a"), "")
	r := &bccInstanceResource{ResourceBase: framework.ResourceBase{Data: framework.NewProviderData(e.conn(), nil, false, e.clock)}}
	state := stateOf(t, bccInstanceModel{
		ID: types.StringValue(id), PaymentTiming: types.StringValue(client.PaymentPostpaid), Status: types.StringValue("Running"),
		OnDestroy: types.ObjectValueMust(onDestroyAttrTypes, map[string]attr.Value{
			"prepaid": types.StringValue("refuse"), "final_image": types.StringValue("web-final"),
		}),
	})
	resp := &tfresource.DeleteResponse{State: state}
	r.Delete(t.Context(), tfresource.DeleteRequest{State: state}, resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("delete failed: %v", resp.Diagnostics)
	}
	var image bccmock.Image
	for _, im := range e.srv.Images() {
		if im.Name == "web-final" {
			image = im
		}
	}
	if image.ID == "" {
		t.Fatal("no final image on the mock")
	}
	ws := resp.Diagnostics.Warnings()
	if len(ws) != 1 {
		t.Fatalf("warnings %v, want the one naming the final image", resp.Diagnostics)
	}
	for _, want := range []string{image.ID, `"web-final"`, id, "import", "baidu_bcc_image"} {
		if !strings.Contains(ws[0].Summary()+ws[0].Detail(), want) {
			t.Errorf("the warning does not say %q: %s\n%s", want, ws[0].Summary(), ws[0].Detail())
		}
	}
}
