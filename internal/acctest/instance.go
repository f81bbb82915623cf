package acctest

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
)

// InstanceAddress is the instance InstanceConfig declares.
const InstanceAddress = "baidu_bcc_instance.test"

// InstanceConfig is the provider block and one instance in the mock's
// zone, from its image; body adds the instance's other arguments.
func InstanceConfig(e *Env, body string) string {
	return e.ProviderBlock() + fmt.Sprintf(`
resource "baidu_bcc_instance" "test" {
  image_id          = "m-acc0001"
  availability_zone = "cn-bj-a"
%s
}
`, body)
}

// InstanceRequest is a postpaid instance for creating outside Terraform.
func InstanceRequest(zone string) client.CreateInstanceBySpecRequest {
	return client.CreateInstanceBySpecRequest{
		Spec: "bcc.g5.c2m8", ImageID: "m-acc0001", ZoneName: zone, PurchaseCount: 1,
		Billing: client.Billing{PaymentTiming: client.PaymentPostpaid},
	}
}

// NamedInstanceRequest is a postpaid instance named name, from the image
// the data source tests and examples use, for creating outside Terraform.
func NamedInstanceRequest(name string) client.CreateInstanceBySpecRequest {
	return client.CreateInstanceBySpecRequest{
		Spec: "bcc.g5.c2m8", ImageID: "m-A4jJpFzi", ZoneName: "cn-bj-a", Name: name,
		Billing: client.Billing{PaymentTiming: client.PaymentPostpaid},
	}
}

// CreateOutsideTerraform creates an instance through the API, as the
// console would, waits until it runs, and gives it the description desc.
func CreateOutsideTerraform(t *testing.T, e *Env, req client.CreateInstanceBySpecRequest, desc string) string {
	t.Helper()
	c := e.Conn()
	ctx, cancel := c.Clock.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	res, err := c.Client.CreateInstanceBySpec(ctx, client.NewClientToken(), req)
	if err != nil || len(res.InstanceIDs) != 1 {
		t.Fatalf("create outside Terraform: %v %v", res, err)
	}
	id := res.InstanceIDs[0]
	_, err = framework.WaitFor(ctx, c, "instance "+id+" created outside Terraform to run", time.Minute,
		func(ctx context.Context) (*client.Instance, error) { return c.Client.GetInstance(ctx, id) },
		func(in *client.Instance) (bool, error) { return in.Status == bccmock.StatusRunning, nil },
		func(in *client.Instance) string { return "last status " + in.Status })
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Client.UpdateInstanceDesc(ctx, id, desc); err != nil {
		t.Fatal(err)
	}
	return id
}

// InstanceReads counts the instance reads the mock served: single GETs and
// batch (listByInstanceId) calls.
func InstanceReads(srv *bccmock.Server) (gets, batches int) {
	return srv.RequestCount(http.MethodGet, bccmock.RouteGetInstance), srv.RequestCount(http.MethodPost, bccmock.RouteListInstancesByIDs)
}

// SortedIDs is a sorted copy of ids.
func SortedIDs(ids ...string) []string {
	out := slices.Clone(ids)
	sort.Strings(out)
	return out
}

// WithInstance is the provider block and one running instance,
// baidu_bcc_instance.test, with extra (the resources under test) after it.
func WithInstance(e *Env, extra string) string {
	return e.ProviderBlock() + `
resource "baidu_bcc_instance" "test" {
  instance_spec     = "bcc.g5.c2m8"
  image_id          = "m-acc0001"
  availability_zone = "cn-bj-a"
}
` + extra
}
