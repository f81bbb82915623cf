package instance_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/acctest"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
)

var queryCLI = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)}

// instanceList is a list block of baidu_bcc_instance named name, with the
// filters in body.
func instanceList(name, body string) string {
	return fmt.Sprintf(`
list "baidu_bcc_instance" %q {
  provider = baidu
  config {
%s
  }
}
`, name, body)
}

func identityOf(id string) map[string]knownvalue.Check {
	return map[string]knownvalue.Check{"id": knownvalue.StringExact(id), "region": knownvalue.StringExact("bj")}
}

// Every filter, each proved by an instance that it alone excludes: zone,
// status (released instances only when asked for), payment timing, tags
// (including a pair Baidu's filter cannot carry), the name pattern, and all
// of them together. The filters Baidu has are sent to it; name_regex and
// the unsendable tag are not. Each result carries the identity import
// takes and the instance's name, and with include_resource the instance as
// Read would leave it.
func TestAccBCCInstanceList_filters(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{DeletedPhase: time.Hour})
	tagged := func(name string, kv ...string) client.CreateInstanceBySpecRequest {
		req := acctest.NamedInstanceRequest(name)
		for i := 0; i < len(kv); i += 2 {
			req.Tags = append(req.Tags, client.Tag{TagKey: kv[i], TagValue: kv[i+1]})
		}
		return req
	}
	web1 := e.CreateInstance(tagged("web-1", "env", "prod", "team", "blue"))
	web2 := e.CreateInstance(tagged("web-2", "env", "prod"))
	prepaid := tagged("db-1", "env", "prod", "team", "blue")
	prepaid.Billing = client.Billing{PaymentTiming: client.PaymentPrepaid, Reservation: &client.Reservation{ReservationLength: 1, ReservationTimeUnit: "Month"}}
	db1 := e.CreateInstance(prepaid)
	web3 := e.CreateInstance(tagged("web-3", "env", "staging"))
	e.Mock.SetInstanceStatusOutOfBand(web3, "Stopped")
	otherZone := tagged("web-4", "note", "a:b,c")
	otherZone.ZoneName = "cn-bj-d"
	web4 := e.CreateInstance(otherZone)
	web5 := e.CreateInstance(acctest.NamedInstanceRequest("web-5"))
	e.Release(web5)
	in1, _ := e.Mock.Instance(web1)

	query := e.ProviderBlock() +
		instanceList("all", "") +
		instanceList("zone", `availability_zone = "cn-bj-d"`) +
		instanceList("stopped", `status = "Stopped"`) +
		instanceList("deleted", `status = "Deleted"`) +
		instanceList("prepaid", `payment_timing = "Prepaid"`) +
		instanceList("tags", `tags = { env = "prod", team = "blue" }`) +
		instanceList("unsendable_tag", `tags = { note = "a:b,c" }`) +
		instanceList("regex", `name_regex = "^web-[12]$"`) +
		instanceList("combined", `
    availability_zone = "cn-bj-a"
    status            = "Running"
    payment_timing    = "Postpaid"
    tags              = { env = "prod" }
    name_regex        = "-1$"`) +
		instanceList("none", `availability_zone = "cn-bj-c"`) +
		strings.Replace(instanceList("full", `name_regex = "^web-1$"`), "provider = baidu", "provider = baidu\n  include_resource = true", 1)

	byID := func(id string) queryfilter.QueryFilter { return queryfilter.ByResourceIdentity(identityOf(id)) }
	known := func(attr string, v knownvalue.Check) querycheck.KnownValueCheck {
		return querycheck.KnownValueCheck{Path: tfjsonpath.New(attr), KnownValue: v}
	}
	e.Mock.ResetCounts()
	acc.ParallelTest(t, acc.TestCase{
		TerraformVersionChecks:   queryCLI,
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []acc.TestStep{{
			Query:  true,
			Config: query,
			QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectLength("baidu_bcc_instance.all", 5),
				querycheck.ExpectLength("baidu_bcc_instance.zone", 1),
				querycheck.ExpectIdentity("baidu_bcc_instance.zone", identityOf(web4)),
				querycheck.ExpectLength("baidu_bcc_instance.stopped", 1),
				querycheck.ExpectIdentity("baidu_bcc_instance.stopped", identityOf(web3)),
				querycheck.ExpectLength("baidu_bcc_instance.deleted", 1),
				querycheck.ExpectIdentity("baidu_bcc_instance.deleted", identityOf(web5)),
				querycheck.ExpectLength("baidu_bcc_instance.prepaid", 1),
				querycheck.ExpectIdentity("baidu_bcc_instance.prepaid", identityOf(db1)),
				querycheck.ExpectLength("baidu_bcc_instance.tags", 2),
				querycheck.ExpectIdentity("baidu_bcc_instance.tags", identityOf(web1)),
				querycheck.ExpectIdentity("baidu_bcc_instance.tags", identityOf(db1)),
				querycheck.ExpectLength("baidu_bcc_instance.unsendable_tag", 1),
				querycheck.ExpectIdentity("baidu_bcc_instance.unsendable_tag", identityOf(web4)),
				querycheck.ExpectLength("baidu_bcc_instance.regex", 2),
				querycheck.ExpectIdentity("baidu_bcc_instance.regex", identityOf(web2)),
				querycheck.ExpectLength("baidu_bcc_instance.combined", 1),
				querycheck.ExpectIdentity("baidu_bcc_instance.combined", identityOf(web1)),
				querycheck.ExpectLength("baidu_bcc_instance.none", 0),
				querycheck.ExpectResourceDisplayName("baidu_bcc_instance.all", byID(db1), knownvalue.StringExact("db-1")),
				querycheck.ExpectLength("baidu_bcc_instance.full", 1),
				querycheck.ExpectResourceKnownValues("baidu_bcc_instance.full", byID(web1), []querycheck.KnownValueCheck{
					known("id", knownvalue.StringExact(web1)),
					known("name", knownvalue.StringExact("web-1")),
					known("instance_spec", knownvalue.StringExact("bcc.g5.c2m8")),
					known("image_id", knownvalue.StringExact("m-A4jJpFzi")),
					known("availability_zone", knownvalue.StringExact("cn-bj-a")),
					known("payment_timing", knownvalue.StringExact("Postpaid")),
					known("internal_ip", knownvalue.StringExact(in1.InternalIP)),
					known("deletion_protection", knownvalue.Bool(false)),
					known("tags", knownvalue.MapExact(map[string]knownvalue.Check{
						"env": knownvalue.StringExact("prod"), "team": knownvalue.StringExact("blue"),
					})),
					known("on_destroy", knownvalue.ObjectExact(map[string]knownvalue.Check{
						"prepaid": knownvalue.StringExact("refuse"), "final_image": knownvalue.Null(),
					})),
					known("admin_pass", knownvalue.Null()),
				}),
			},
		}},
	})
	if err := checkListFilterQueries(listQueries(e)); err != nil {
		t.Error(err)
	}
}

// checkListFilterQueries checks that each filter Baidu has went to it in a
// list call of 1,000 a page, and that the tag pair its format cannot carry
// and the name pattern did not.
func checkListFilterQueries(queries []string) error {
	want := []string{
		"zoneName=cn-bj-d", "status=Stopped", "status=Deleted", "paymentTiming=Prepaid",
		"tags=env%3Aprod%2Cteam%3Ablue",
		"paymentTiming=Postpaid&status=Running&tags=env%3Aprod&zoneName=cn-bj-a",
	}
	for _, w := range want {
		if !slices.ContainsFunc(queries, func(q string) bool { return strings.Contains(q, w) }) {
			return fmt.Errorf("no list call sent %s; calls: %q", w, queries)
		}
	}
	for _, q := range queries {
		if strings.Contains(q, "note") || strings.Contains(q, "web") || strings.Contains(q, "instanceName") {
			return fmt.Errorf("a list call sent a filter Baidu does not have: ?%s", q)
		}
		if !strings.Contains(q, "maxKeys=1000") {
			return fmt.Errorf("a list call did not ask for 1000 instances a page: ?%s", q)
		}
	}
	return nil
}

// Bad filter values fail before any call, naming the attribute.
func TestAccBCCInstanceList_badFilters(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{})
	step := func(body string, fragments ...string) acc.TestStep {
		return acc.TestStep{Query: true, Config: e.ProviderBlock() + instanceList("bad", body), ExpectError: acctest.ExpectError(fragments...)}
	}
	acc.ParallelTest(t, acc.TestCase{
		TerraformVersionChecks:   queryCLI,
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []acc.TestStep{
			step(`status = "running"`, "status", "Running"),
			step(`availability_zone = "bj-a"`, `availability_zone is "bj-a"`, "cn-bj-a"),
			step(`payment_timing = "monthly"`, "payment_timing", "Postpaid"),
			step(`name_regex = "web-(?=1)"`, `name_regex is "web-(?=1)"`, "RE2"),
			step(`tags = { "" = "x" }`, "tag key must be 1-65 characters"),
		},
	})
	acctest.AssertNoRequests(t, e)
}

// 5,000 instances are listed with 5 calls of 1,000, following the markers:
// never one read per instance; a query with a smaller limit stops paging
// once it has its results.
func TestAccBCCInstanceList_fiveThousand(t *testing.T) {
	acctest.SkipBelowCLI(t, "1.14.0") // terraform query, twice
	const n = 5000
	e := acctest.NewEnv(t, bccmock.Config{})
	if _, err := e.Mock.SeedInstances(n, bccmock.SeedInstance{NamePrefix: "fleet-"}); err != nil {
		t.Fatal(err)
	}
	e.Mock.ResetCounts()
	acc.ParallelTest(t, acc.TestCase{
		TerraformVersionChecks:   queryCLI,
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []acc.TestStep{{
			Query: true,
			Config: e.ProviderBlock() + strings.Replace(instanceList("fleet", `availability_zone = "cn-bj-a"`),
				"provider = baidu", fmt.Sprintf("provider = baidu\n  limit = %d", n), 1),
			QueryResultChecks: []querycheck.QueryResultCheck{querycheck.ExpectLength("baidu_bcc_instance.fleet", n)},
		}},
	})
	calls := e.Mock.RequestCount(http.MethodGet, bccmock.RouteListInstances)
	markers := 0
	for _, q := range listQueries(e) {
		if strings.Contains(q, "marker=") {
			markers++
		}
	}
	gets, batches := acctest.InstanceReads(e.Mock)
	t.Logf("listing %d instances: %d GET /v2/instance calls (%d with a marker), %d single reads, %d batch reads", n, calls, markers, gets, batches)
	if calls != 5 || markers != 4 || gets != 0 || batches != 0 {
		t.Errorf("listing %d instances took %d list calls (%d with a marker), %d GETs and %d batch reads; want 5, 4, 0 and 0",
			n, calls, markers, gets, batches)
	}
	// Without a limit Terraform asks for 100 results: the first page holds
	// them, and no other page is read.
	e.Mock.ResetCounts()
	acc.Test(t, acc.TestCase{
		TerraformVersionChecks:   queryCLI,
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []acc.TestStep{{
			Query:             true,
			Config:            e.ProviderBlock() + instanceList("fleet", `availability_zone = "cn-bj-a"`),
			QueryResultChecks: []querycheck.QueryResultCheck{querycheck.ExpectLength("baidu_bcc_instance.fleet", 100)},
		}},
	})
	calls = e.Mock.RequestCount(http.MethodGet, bccmock.RouteListInstances)
	t.Logf("listing with Terraform's default limit of 100: %d GET /v2/instance calls", calls)
	if calls != 1 {
		t.Errorf("a query with the default limit took %d list calls, want 1", calls)
	}
}

// The query workflow end to end, with the Terraform CLI itself: instances
// made outside Terraform (one with tags, a description and deletion
// protection), `terraform query -generate-config-out`, then a plan that
// only imports them, the apply, and a plan with no changes. The generated
// configuration is used as written.
func TestAccBCCInstanceList_generateConfig(t *testing.T) {
	acctest.SkipBelowCLI(t, "1.14.0") // terraform query
	e := acctest.NewEnv(t, bccmock.Config{})
	cli := e.NewCLI(t)
	tagged := acctest.NamedInstanceRequest("web-1")
	tagged.Tags = []client.Tag{{TagKey: "env", TagValue: "prod"}}
	web1 := acctest.CreateOutsideTerraform(t, e, tagged, "front end")
	e.Mock.SetInstanceDeletionProtectionOutOfBand(web1, true)
	web2 := acctest.CreateOutsideTerraform(t, e, acctest.NamedInstanceRequest("web-2"), "")
	other := acctest.CreateOutsideTerraform(t, e, acctest.NamedInstanceRequest("db-1"), "")

	e.Mock.ResetCounts()
	generated := cli.GenerateAndImport(acctest.RequiredProviders+e.ProviderBlock(), `
list "baidu_bcc_instance" "web" {
  provider         = baidu
  include_resource = true
  config {
    name_regex = "^web-"
  }
}
`, 2)
	for _, id := range []string{web1, web2} {
		if !strings.Contains(generated, id) {
			t.Errorf("generated.tf does not import %s", id)
		}
	}
	if strings.Contains(generated, other) {
		t.Errorf("generated.tf imports %s, which name_regex leaves out", other)
	}
	acctest.AssertOnlyReads(t, e)
	if n := len(e.LiveInstances()); n != 3 {
		t.Errorf("the mock holds %d instances after the import, want 3", n)
	}
}
