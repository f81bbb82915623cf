package provider

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client/bceauth"
)

// mockInstance is the create request the data source tests start from:
// a running postpaid instance in cn-bj-a.
func mockInstance(name string) client.CreateInstanceBySpecRequest {
	return client.CreateInstanceBySpecRequest{
		Spec: "bcc.g5.c2m8", ImageID: "m-A4jJpFzi", ZoneName: "cn-bj-a", Name: name,
		Billing: client.Billing{PaymentTiming: client.PaymentPostpaid},
	}
}

// createInstances creates count instances through the API, outside
// Terraform, up to 100 per call (Baidu's purchaseCount limit), so that
// thousands cost tens of calls. With the mock's BootTime of zero they run
// at once.
func (e *accEnv) createInstances(req client.CreateInstanceBySpecRequest, count int) []string {
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

func (e *accEnv) createInstance(req client.CreateInstanceBySpecRequest) string {
	e.t.Helper()
	return e.createInstances(req, 1)[0]
}

// release releases an instance as the console would; with the mock's
// DeletedPhase it is still listed, with status Deleted, for that long.
func (e *accEnv) release(id string) {
	e.t.Helper()
	if err := e.srv.ReleaseInstanceOutOfBand(id); err != nil {
		e.t.Fatalf("release %s: %v", id, err)
	}
}

// listQueries returns the queries of the GET /v2/instance calls made since
// the last ResetCounts.
func (e *accEnv) listQueries() []string {
	var out []string
	for _, r := range e.srv.Requests() {
		if r.Route == bccmock.RouteListInstances {
			out = append(out, r.Query)
		}
	}
	return out
}

func instanceByIDConfig(e *accEnv, id string) string {
	return e.providerBlock() + fmt.Sprintf(`
data "baidu_bcc_instance" "test" {
  id = %q
}
`, id)
}

func instanceByNameConfig(e *accEnv, name string) string {
	return e.providerBlock() + fmt.Sprintf(`
data "baidu_bcc_instance" "test" {
  name = %q
}
`, name)
}

// By ID, every attribute is Baidu's, with its "-" public IP normalised as
// the resource does, deletion protection as a bool and the tags as a map;
// the read is one GET and no list.
func TestAccBCCInstanceDataSource_byID(t *testing.T) {
	e := newAccEnv(t, bccmock.Config{})
	req := mockInstance("web-1")
	req.ZoneName, req.KeypairID, req.Hostname = "cn-bj-d", "k-3uvz6z3n", "web1"
	req.Tags = []client.Tag{{TagKey: "app", TagValue: "shop"}, {TagKey: "env", TagValue: "production"}}
	req.Billing = client.Billing{PaymentTiming: client.PaymentPrepaid, Reservation: &client.Reservation{ReservationLength: 1, ReservationTimeUnit: "Month"}}
	id := e.createInstance(req)
	if err := e.conn().Client.UpdateInstanceDesc(t.Context(), id, "nginx front end"); err != nil {
		t.Fatal(err)
	}
	e.srv.SetInstanceDeletionProtectionOutOfBand(id, true)
	plain := e.createInstance(mockInstance("plain"))
	in, _ := e.srv.Instance(id)
	const ds = "data.baidu_bcc_instance.test"
	str := func(attr, want string) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(ds, tfjsonpath.New(attr), knownvalue.StringExact(want))
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []acc.TestStep{
			{
				PreConfig: e.srv.ResetCounts,
				Config:    instanceByIDConfig(e, id),
				ConfigStateChecks: []statecheck.StateCheck{
					str("id", id), str("name", "web-1"), str("description", "nginx front end"), str("hostname", "web1"),
					str("status", "Running"), str("instance_spec", "bcc.g5.c2m8"), str("image_id", "m-A4jJpFzi"),
					str("availability_zone", "cn-bj-d"), str("payment_timing", "Prepaid"), str("internal_ip", in.InternalIP),
					str("public_ip", ""), str("vpc_id", in.VpcID), str("subnet_id", in.SubnetID), str("keypair_id", "k-3uvz6z3n"),
					str("create_time", in.CreateTime.UTC().Format(bceauth.TimeFormat)), str("expire_time", in.ExpireTime.UTC().Format(bceauth.TimeFormat)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("cpu_count"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("memory_capacity_in_gb"), knownvalue.Int64Exact(8)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("deletion_protection"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("tags"), knownvalue.MapExact(map[string]knownvalue.Check{
						"app": knownvalue.StringExact("shop"), "env": knownvalue.StringExact("production"),
					})),
				},
				Check: func(*terraform.State) error {
					if lists := e.srv.RequestCount(http.MethodGet, bccmock.RouteListInstances); lists != 0 {
						return fmt.Errorf("%d list calls for a read by id", lists)
					}
					if gets := e.srv.RequestCount(http.MethodGet, bccmock.RouteGetInstance); gets == 0 {
						return fmt.Errorf("no GET /v2/instance/{id} for a read by id")
					}
					return nil
				},
			},
			{
				// An instance without tags or protection: an empty map and
				// false, never null, and an empty expire_time.
				Config: instanceByIDConfig(e, plain),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("tags"), knownvalue.MapSizeExact(0)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("deletion_protection"), knownvalue.Bool(false)),
					str("expire_time", ""), str("payment_timing", "Postpaid"), str("keypair_id", ""),
				},
			},
		},
	})
}

// By name: one live instance is read; none, or two, fail with how many and
// which ids and how to pick; a released instance of that name does not
// count. The name goes to Baidu as its exact instanceNames filter.
func TestAccBCCInstanceDataSource_byName(t *testing.T) {
	e := newAccEnv(t, bccmock.Config{DeletedPhase: time.Hour})
	one := e.createInstance(mockInstance("db-1"))
	twins := e.createInstances(mockInstance("web"), 2)
	sort.Strings(twins)
	e.release(e.createInstance(mockInstance("db-1"))) // Deleted, still listed
	e.release(e.createInstance(mockInstance("old")))
	e.createInstance(mockInstance("db-10")) // a longer name is not a match
	const ds = "data.baidu_bcc_instance.test"
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []acc.TestStep{
			{
				PreConfig: e.srv.ResetCounts,
				Config:    instanceByNameConfig(e, "db-1"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("id"), knownvalue.StringExact(one)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("status"), knownvalue.StringExact("Running")),
				},
				Check: func(*terraform.State) error {
					queries := e.listQueries()
					if len(queries) == 0 {
						return fmt.Errorf("a read by name made no list call")
					}
					for _, q := range queries {
						if !strings.Contains(q, "instanceNames=db-1") || !strings.Contains(q, "maxKeys=1000") {
							return fmt.Errorf("a read by name listed with ?%s, want Baidu's instanceNames filter", q)
						}
					}
					return nil
				},
			},
			{
				Config:      instanceByNameConfig(e, "web"),
				ExpectError: expectError("Several BCC instances matched the name", "2 live BCC instances are named \"web\":", twins[0]+", "+twins[1], "Set id", "id = \""+twins[0]+"\""),
			},
			{
				Config:      instanceByNameConfig(e, "nobody"),
				ExpectError: expectError("No BCC instance matched the name", `No live BCC instance is named "nobody"`),
			},
			{
				// Only released instances have the name: none matched, and
				// the message says why they do not count.
				Config:      instanceByNameConfig(e, "old"),
				ExpectError: expectError(`No live BCC instance is named "old"`, "Released instances", "(Deleted)"),
			},
		},
	})
}

// By ID, "gone" is an error that says what Baidu answered, whether that is
// its not-found or a Deleted status; any other failure is reported as the
// error it is and never as a missing instance.
func TestAccBCCInstanceDataSource_goneByID(t *testing.T) {
	e := newAccEnv(t, bccmock.Config{DeletedPhase: time.Hour})
	released := e.createInstance(mockInstance("released"))
	e.release(released)
	live := e.createInstance(mockInstance("live"))
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []acc.TestStep{
			{
				Config:      instanceByIDConfig(e, "i-nothere1"),
				ExpectError: expectError("No BCC instance with this ID", "There is no instance i-nothere1", "HTTP 404 NoSuchObject"),
			},
			{
				Config:      instanceByIDConfig(e, released),
				ExpectError: expectError("No BCC instance with this ID", "status as Deleted"),
			},
			{
				PreConfig:   func() { e.srv.Script(bccmock.RouteGetInstance, 1, http.StatusForbidden, "AccessDenied") },
				Config:      instanceByIDConfig(e, live),
				ExpectError: expectError("Failed to read BCC instance", "AccessDenied"),
			},
		},
	})
}

// A wrong endpoint's 404 (here an nginx page) is not Baidu saying the
// instance does not exist: every lookup fails pointing at the endpoint,
// none says "no instance".
func TestAccBCCInstanceDataSource_wrongEndpoint(t *testing.T) {
	var front *wrongEndpoint
	e := newWrappedAccEnv(t, bccmock.Config{}, func(h http.Handler) http.Handler {
		front = &wrongEndpoint{next: h, answer: wrongEndpointAnswers["html page"]}
		return front
	})
	id := e.createInstance(mockInstance("web-1"))
	front.mode.Store(answerAll)
	endpoint := "Is endpoints.bcc / BAIDUCLOUD_BCC_ENDPOINT right?"
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []acc.TestStep{
			{Config: instanceByIDConfig(e, id), ExpectError: expectError("Failed to read BCC instance", "GetInstance: HTTP 404", endpoint)},
			{Config: instanceByNameConfig(e, "web-1"), ExpectError: expectError("Failed to list BCC instances", "ListInstances: HTTP 404", endpoint)},
			{
				Config:      e.providerBlock() + "\ndata \"baidu_bcc_instances\" \"all\" {}\n",
				ExpectError: expectError("Failed to list BCC instances", "ListInstances: HTTP 404", endpoint),
			},
		},
	})
	if front.served.Load() == 0 {
		t.Error("the wrong endpoint answered nothing")
	}
}

// The lookup is checked at plan time, before any call: exactly one of id
// and name, each of the right shape.
func TestAccBCCInstanceDataSource_validation(t *testing.T) {
	e := newAccEnv(t, bccmock.Config{})
	cfg := func(body string) string {
		return e.providerBlock() + "\ndata \"baidu_bcc_instance\" \"test\" {\n" + body + "\n}\n"
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []acc.TestStep{
			{Config: cfg(""), PlanOnly: true, ExpectError: expectError("Missing instance id or name", "exactly one of id and name", `Set id = "i-..."`)},
			{Config: cfg(`  id = "i-abc"` + "\n" + `  name = "web"`), PlanOnly: true, ExpectError: expectError("Conflicting instance id and name", "both are set", "Remove name")},
			{Config: cfg(`  id = "web-1"`), PlanOnly: true, ExpectError: expectError(`id is "web-1"`, `an instance id is "i-" followed by letters and digits`)},
			{Config: cfg(`  name = "1st"`), PlanOnly: true, ExpectError: expectError(`name is "1st"`, "start with a letter")},
		},
	})
	if n := len(e.srv.Requests()); n != 0 {
		t.Errorf("%d API calls for configurations that fail validation", n)
	}
}
