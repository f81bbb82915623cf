package instance

import (
	"net/http/httptest"
	"testing"
	"time"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client/bceauth"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/wait"
)

// The internal tests of this package call its unexported functions against
// the mock API. They cannot use acctest, which imports the provider, which
// imports this package; so this is the little of acctest they need: the
// mock and a connection to it, on one clock.

const (
	testAccessKey = "acc-test-access-key"
	testSecretKey = "acc-test-secret-key-7c1e9f20d4b6a853"
)

type mockEnv struct {
	t     *testing.T
	srv   *bccmock.Server
	url   string
	clock wait.Clock
}

// newMockEnv is the mock on a simulated clock, which the connection shares.
func newMockEnv(t *testing.T, cfg bccmock.Config) *mockEnv {
	t.Helper()
	clock := wait.NewSimClock(time.Now().UTC().Truncate(time.Second))
	cfg.Clock = clock
	if cfg.Credentials == nil {
		cfg.Credentials = []bccmock.Credential{{AccessKey: testAccessKey, SecretKey: testSecretKey}}
	}
	cfg.RequireContentType = true
	return mockEnvForServer(t, bccmock.New(cfg), clock)
}

// mockEnvForServer serves an existing mock, read on clock.
func mockEnvForServer(t *testing.T, srv *bccmock.Server, clock wait.Clock) *mockEnv {
	t.Helper()
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &mockEnv{t: t, srv: srv, url: ts.URL, clock: clock}
}

func (e *mockEnv) conn() *framework.Conn {
	e.t.Helper()
	c, err := client.New(client.Config{
		Credentials: bceauth.Credentials{AccessKey: testAccessKey, SecretKey: testSecretKey},
		Endpoint:    e.url,
		Clock:       e.clock,
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return framework.NewConn(c, e.clock, framework.DefaultSchedules(), framework.Batching{})
}

// createInstances creates count instances through the API, up to 100 per
// call (Baidu's purchaseCount limit).
func (e *mockEnv) createInstances(req client.CreateInstanceBySpecRequest, count int) []string {
	e.t.Helper()
	c := e.conn()
	var ids []string
	for count > 0 {
		req.PurchaseCount = min(count, 100)
		res, err := c.Client.CreateInstanceBySpec(e.t.Context(), client.NewClientToken(), req)
		if err != nil {
			e.t.Fatalf("create outside Terraform: %v", err)
		}
		ids = append(ids, res.InstanceIDs...)
		count -= len(res.InstanceIDs)
	}
	return ids
}

// createOutsideTerraform creates an instance as the console would, waits
// until it runs, and gives it the description desc.
func createOutsideTerraform(t *testing.T, e *mockEnv, req client.CreateInstanceBySpecRequest, desc string) string {
	t.Helper()
	c := e.conn()
	ctx, cancel := c.Clock.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	res, err := c.Client.CreateInstanceBySpec(ctx, client.NewClientToken(), req)
	if err != nil || len(res.InstanceIDs) != 1 {
		t.Fatalf("create outside Terraform: %v %v", res, err)
	}
	id := res.InstanceIDs[0]
	if _, err := waitInstanceRunning(ctx, c, id, time.Minute); err != nil {
		t.Fatal(err)
	}
	if err := c.Client.UpdateInstanceDesc(ctx, id, desc); err != nil {
		t.Fatal(err)
	}
	return id
}

// instanceRequest is one postpaid instance in zone.
func instanceRequest(zone string) client.CreateInstanceBySpecRequest {
	return client.CreateInstanceBySpecRequest{
		Spec: "bcc.g5.c2m8", ImageID: "m-acc0001", ZoneName: zone, PurchaseCount: 1,
		Billing: client.Billing{PaymentTiming: client.PaymentPostpaid},
	}
}

// namedInstanceRequest is a postpaid instance named name.
func namedInstanceRequest(name string) client.CreateInstanceBySpecRequest {
	return client.CreateInstanceBySpecRequest{
		Spec: "bcc.g5.c2m8", ImageID: "m-A4jJpFzi", ZoneName: "cn-bj-a", Name: name,
		Billing: client.Billing{PaymentTiming: client.PaymentPostpaid},
	}
}
