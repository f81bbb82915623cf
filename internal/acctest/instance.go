package acctest

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
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

// CreateInstances creates count instances through the API, outside
// Terraform, up to 100 per call (Baidu's purchaseCount limit), so that
// thousands cost tens of calls. With the mock's BootTime of zero they run
// at once.
func (e *Env) CreateInstances(req client.CreateInstanceBySpecRequest, count int) []string {
	e.T.Helper()
	c := e.Conn()
	var ids []string
	for count > 0 {
		req.PurchaseCount = min(count, 100)
		res, err := c.Client.CreateInstanceBySpec(e.T.Context(), client.NewClientToken(), req)
		if err != nil {
			e.T.Fatalf("create outside Terraform: %v", err)
		}
		ids = append(ids, res.InstanceIDs...)
		count -= len(res.InstanceIDs)
	}
	return ids
}

// CreateInstance creates one instance through the API, outside Terraform.
func (e *Env) CreateInstance(req client.CreateInstanceBySpecRequest) string {
	e.T.Helper()
	return e.CreateInstances(req, 1)[0]
}

// Release releases an instance as the console would; with the mock's
// DeletedPhase it is still listed, with status Deleted, for that long.
func (e *Env) Release(id string) {
	e.T.Helper()
	if err := e.Mock.ReleaseInstanceOutOfBand(id); err != nil {
		e.T.Fatalf("release %s: %v", id, err)
	}
}

// CheckAdminPass verifies the password reached the only instance, encrypted
// with the caller's secret key (the mock decrypts it and refuses otherwise).
func (e *Env) CheckAdminPass(want string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		in, ok := e.Mock.Instance(e.OnlyInstanceID())
		if !ok {
			return fmt.Errorf("instance missing")
		}
		if in.AdminPass != want {
			return fmt.Errorf("the mock's instance has another admin password than configured")
		}
		return nil
	}
}

// InstanceDataSourceByID is the provider block and the baidu_bcc_instance
// data source "test" reading instance id.
func InstanceDataSourceByID(e *Env, id string) string {
	return e.ProviderBlock() + fmt.Sprintf(`
data "baidu_bcc_instance" "test" {
  id = %q
}
`, id)
}

// InstanceDataSourceByName is InstanceDataSourceByID reading by name.
func InstanceDataSourceByName(e *Env, name string) string {
	return e.ProviderBlock() + fmt.Sprintf(`
data "baidu_bcc_instance" "test" {
  name = %q
}
`, name)
}
