package instance_test

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

	"github.com/terraform-baidu/terraform-provider-baidu/internal/acctest"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client/bceauth"
)

// listQueries returns the queries of the GET /v2/instance calls made since
// the last ResetCounts.
func listQueries(e *acctest.Env) []string {
	var out []string
	for _, r := range e.Mock.Requests() {
		if r.Route == bccmock.RouteListInstances {
			out = append(out, r.Query)
		}
	}
	return out
}

// By ID, every attribute is Baidu's, with its "-" public IP normalised as
// the resource does, deletion protection as a bool and the tags as a map;
// the read is one GET and no list.
func TestAccBCCInstanceDataSource_byID(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{})
	req := acctest.NamedInstanceRequest("web-1")
	req.ZoneName, req.KeypairID, req.Hostname = "cn-bj-d", "k-3uvz6z3n", "web1"
	req.Tags = []client.Tag{{TagKey: "app", TagValue: "shop"}, {TagKey: "env", TagValue: "production"}}
	req.Billing = client.Billing{PaymentTiming: client.PaymentPrepaid, Reservation: &client.Reservation{ReservationLength: 1, ReservationTimeUnit: "Month"}}
	id := e.CreateInstance(req)
	if err := e.Conn().Client.UpdateInstanceDesc(t.Context(), id, "nginx front end"); err != nil {
		t.Fatal(err)
	}
	e.Mock.SetInstanceDeletionProtectionOutOfBand(id, true)
	plain := e.CreateInstance(acctest.NamedInstanceRequest("plain"))
	in, _ := e.Mock.Instance(id)
	const ds = "data.baidu_bcc_instance.test"
	str := func(attr, want string) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(ds, tfjsonpath.New(attr), knownvalue.StringExact(want))
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []acc.TestStep{
			{
				PreConfig: e.Mock.ResetCounts,
				Config:    acctest.InstanceDataSourceByID(e, id),
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
					if lists := e.Mock.RequestCount(http.MethodGet, bccmock.RouteListInstances); lists != 0 {
						return fmt.Errorf("%d list calls for a read by id", lists)
					}
					if gets := e.Mock.RequestCount(http.MethodGet, bccmock.RouteGetInstance); gets == 0 {
						return fmt.Errorf("no GET /v2/instance/{id} for a read by id")
					}
					return nil
				},
			},
			{
				// An instance without tags or protection: an empty map and
				// false, never null, and an empty expire_time.
				Config: acctest.InstanceDataSourceByID(e, plain),
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
	e := acctest.NewEnv(t, bccmock.Config{DeletedPhase: time.Hour})
	one := e.CreateInstance(acctest.NamedInstanceRequest("db-1"))
	twins := e.CreateInstances(acctest.NamedInstanceRequest("web"), 2)
	sort.Strings(twins)
	e.Release(e.CreateInstance(acctest.NamedInstanceRequest("db-1"))) // Deleted, still listed
	e.Release(e.CreateInstance(acctest.NamedInstanceRequest("old")))
	e.CreateInstance(acctest.NamedInstanceRequest("db-10")) // a longer name is not a match
	const ds = "data.baidu_bcc_instance.test"
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []acc.TestStep{
			{
				PreConfig: e.Mock.ResetCounts,
				Config:    acctest.InstanceDataSourceByName(e, "db-1"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("id"), knownvalue.StringExact(one)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("status"), knownvalue.StringExact("Running")),
				},
				Check: func(*terraform.State) error {
					queries := listQueries(e)
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
				Config:      acctest.InstanceDataSourceByName(e, "web"),
				ExpectError: acctest.ExpectError("Several BCC instances matched the name", "2 live BCC instances are named \"web\":", twins[0]+", "+twins[1], "Set id", "id = \""+twins[0]+"\""),
			},
			{
				Config:      acctest.InstanceDataSourceByName(e, "nobody"),
				ExpectError: acctest.ExpectError("No BCC instance matched the name", `No live BCC instance is named "nobody"`),
			},
			{
				// Only released instances have the name: none matched, and
				// the message says why they do not count.
				Config:      acctest.InstanceDataSourceByName(e, "old"),
				ExpectError: acctest.ExpectError(`No live BCC instance is named "old"`, "Released instances", "(Deleted)"),
			},
		},
	})
}

// By ID, "gone" is an error that says what Baidu answered, whether that is
// its not-found or a Deleted status; any other failure is reported as the
// error it is and never as a missing instance.
func TestAccBCCInstanceDataSource_goneByID(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{DeletedPhase: time.Hour})
	released := e.CreateInstance(acctest.NamedInstanceRequest("released"))
	e.Release(released)
	live := e.CreateInstance(acctest.NamedInstanceRequest("live"))
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []acc.TestStep{
			{
				Config:      acctest.InstanceDataSourceByID(e, "i-nothere1"),
				ExpectError: acctest.ExpectError("No BCC instance with this ID", "There is no instance i-nothere1", "HTTP 404 NoSuchObject"),
			},
			{
				Config:      acctest.InstanceDataSourceByID(e, released),
				ExpectError: acctest.ExpectError("No BCC instance with this ID", "status as Deleted"),
			},
			{
				PreConfig:   func() { e.Mock.Script(bccmock.RouteGetInstance, 1, http.StatusForbidden, "AccessDenied") },
				Config:      acctest.InstanceDataSourceByID(e, live),
				ExpectError: acctest.ExpectError("Failed to read BCC instance", "AccessDenied"),
			},
		},
	})
}

// The lookup is checked at plan time, before any call: exactly one of id
// and name, each of the right shape.
func TestAccBCCInstanceDataSource_validation(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{})
	cfg := func(body string) string {
		return e.ProviderBlock() + "\ndata \"baidu_bcc_instance\" \"test\" {\n" + body + "\n}\n"
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []acc.TestStep{
			{Config: cfg(""), PlanOnly: true, ExpectError: acctest.ExpectError("Missing instance id or name", "exactly one of id and name", `Set id = "i-..."`)},
			{Config: cfg(`  id = "i-abc"` + "\n" + `  name = "web"`), PlanOnly: true, ExpectError: acctest.ExpectError("Conflicting instance id and name", "both are set", "Remove name")},
			{Config: cfg(`  id = "web-1"`), PlanOnly: true, ExpectError: acctest.ExpectError(`id is "web-1"`, `an instance id is "i-" followed by letters and digits`)},
			{Config: cfg(`  name = "1st"`), PlanOnly: true, ExpectError: acctest.ExpectError(`name is "1st"`, "start with a letter")},
		},
	})
	if n := len(e.Mock.Requests()); n != 0 {
		t.Errorf("%d API calls for configurations that fail validation", n)
	}
}
