package instance_test

import (
	"fmt"
	"regexp"
	"slices"
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

// idsAre checks a list of ids, in order.
func idsAre(address string, ids ...string) statecheck.StateCheck {
	checks := make([]knownvalue.Check, len(ids))
	for i, id := range ids {
		checks[i] = knownvalue.StringExact(id)
	}
	return statecheck.ExpectKnownValue(address, tfjsonpath.New("ids"), knownvalue.ListExact(checks))
}

// Every filter alone and together, each one proved by an instance that it
// alone excludes: zone, status (released instances only when asked for),
// payment timing, tags (every pair, including one Baidu's filter cannot
// carry), the name pattern and ids (repeats, unknown and released ids).
// The filters Baidu has go to Baidu.
func TestAccBCCInstancesDataSource_filters(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{DeletedPhase: time.Hour})
	withTags := func(req client.CreateInstanceBySpecRequest, kv ...string) client.CreateInstanceBySpecRequest {
		for i := 0; i < len(kv); i += 2 {
			req.Tags = append(req.Tags, client.Tag{TagKey: kv[i], TagValue: kv[i+1]})
		}
		return req
	}
	web1 := e.CreateInstance(withTags(acctest.NamedInstanceRequest("web-1"), "env", "prod", "team", "blue"))
	web2 := e.CreateInstance(withTags(acctest.NamedInstanceRequest("web-2"), "env", "prod"))
	prepaid := acctest.NamedInstanceRequest("db-1")
	prepaid.Billing = client.Billing{PaymentTiming: client.PaymentPrepaid, Reservation: &client.Reservation{ReservationLength: 1, ReservationTimeUnit: "Month"}}
	db1 := e.CreateInstance(withTags(prepaid, "env", "prod", "team", "blue"))
	web3 := e.CreateInstance(withTags(acctest.NamedInstanceRequest("web-3"), "env", "staging"))
	e.Mock.SetInstanceStatusOutOfBand(web3, "Stopped")
	otherZone := acctest.NamedInstanceRequest("web-4")
	otherZone.ZoneName = "cn-bj-d"
	web4 := e.CreateInstance(withTags(otherZone, "note", "a:b,c"))
	web5 := e.CreateInstance(acctest.NamedInstanceRequest("web-5"))
	e.Release(web5)
	e.Mock.SetInstanceDeletionProtectionOutOfBand(db1, true)

	// The mock ANDs the pairs of its tags filter, so the server-side filter
	// is what narrows the answer, not only the provider's check.
	all, err := e.Conn().Client.ListAllInstances(t.Context(), client.ListInstancesRequest{
		Tags: []client.Tag{{TagKey: "env", TagValue: "prod"}, {TagKey: "team", TagValue: "blue"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := []string{all[0].ID, all[len(all)-1].ID}; len(all) != 2 || !slices.Equal(acctest.SortedIDs(got...), acctest.SortedIDs(web1, db1)) {
		t.Fatalf("the mock's tags filter answered %d instances, want %s and %s", len(all), web1, db1)
	}

	cfg := e.ProviderBlock() + fmt.Sprintf(`
data "baidu_bcc_instances" "all" {}

data "baidu_bcc_instances" "zone" {
  availability_zone = "cn-bj-d"
}

data "baidu_bcc_instances" "stopped" {
  status = "Stopped"
}

data "baidu_bcc_instances" "deleted" {
  status = "Deleted"
}

data "baidu_bcc_instances" "prepaid" {
  payment_timing = "Prepaid"
}

data "baidu_bcc_instances" "tags" {
  tags = {
    env  = "prod"
    team = "blue"
  }
}

data "baidu_bcc_instances" "unsendable_tag" {
  availability_zone = "cn-bj-d"
  tags = {
    note = "a:b,c"
  }
}

data "baidu_bcc_instances" "regex" {
  name_regex = "^web-[12]$"
}

data "baidu_bcc_instances" "ids" {
  ids = [%[1]q, %[2]q, %[3]q, "i-nothere1", %[1]q]
}

data "baidu_bcc_instances" "ids_and_regex" {
  ids        = [%[4]q, %[1]q, %[5]q]
  name_regex = "^web"
}

data "baidu_bcc_instances" "combined" {
  availability_zone = "cn-bj-a"
  status            = "Running"
  payment_timing    = "Postpaid"
  tags = {
    env = "prod"
  }
}

data "baidu_bcc_instances" "none" {
  availability_zone = "cn-bj-c"
}
`, web2, web3, web5, web1, db1)

	in1, _ := e.Mock.Instance(web1)
	const tagsDS = "data.baidu_bcc_instances.tags"
	first := func(attr string) tfjsonpath.Path { return tfjsonpath.New("instances").AtSliceIndex(0).AtMapKey(attr) }
	str := func(attr, want string) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(tagsDS, first(attr), knownvalue.StringExact(want))
	}
	firstTags := acctest.SortedIDs(web1, db1)
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []acc.TestStep{
			{
				PreConfig: e.Mock.ResetCounts,
				Config:    cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					idsAre("data.baidu_bcc_instances.all", acctest.SortedIDs(web1, web2, db1, web3, web4)...),
					idsAre("data.baidu_bcc_instances.zone", web4),
					idsAre("data.baidu_bcc_instances.stopped", web3),
					idsAre("data.baidu_bcc_instances.deleted", web5),
					idsAre("data.baidu_bcc_instances.prepaid", db1),
					idsAre(tagsDS, firstTags...),
					idsAre("data.baidu_bcc_instances.unsendable_tag", web4),
					idsAre("data.baidu_bcc_instances.regex", acctest.SortedIDs(web1, web2)...),
					idsAre("data.baidu_bcc_instances.ids", acctest.SortedIDs(web2, web3)...),
					idsAre("data.baidu_bcc_instances.ids_and_regex", acctest.SortedIDs(web1, web2)...),
					idsAre("data.baidu_bcc_instances.combined", acctest.SortedIDs(web1, web2)...),
					idsAre("data.baidu_bcc_instances.none"),
					statecheck.ExpectKnownValue("data.baidu_bcc_instances.none", tfjsonpath.New("instances"), knownvalue.ListExact(nil)),
					statecheck.ExpectKnownValue("data.baidu_bcc_instances.all", tfjsonpath.New("instances"), knownvalue.ListSizeExact(5)),
					statecheck.ExpectKnownValue("data.baidu_bcc_instances.deleted", tfjsonpath.New("instances").AtSliceIndex(0).AtMapKey("status"), knownvalue.StringExact("Deleted")),
					// The objects follow ids, and carry what the schema says.
					statecheck.ExpectKnownValue(tagsDS, tfjsonpath.New("instances").AtSliceIndex(1).AtMapKey("id"), knownvalue.StringExact(firstTags[1])),
				},
				Check: func(*terraform.State) error {
					return checkFilterQueries(listQueries(e), web2, web3, web5)
				},
			},
			{
				// The attributes of one listed object, on its own so that
				// its index is known: web-1 alone matches this.
				Config: e.ProviderBlock() + `
data "baidu_bcc_instances" "tags" {
  name_regex = "^web-1$"
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					str("id", web1), str("name", "web-1"), str("status", "Running"), str("instance_spec", "bcc.g5.c2m8"),
					str("availability_zone", "cn-bj-a"), str("payment_timing", "Postpaid"), str("internal_ip", in1.InternalIP),
					str("create_time", in1.CreateTime.UTC().Format(bceauth.TimeFormat)), str("expire_time", ""),
					statecheck.ExpectKnownValue(tagsDS, first("deletion_protection"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(tagsDS, first("tags"), knownvalue.MapExact(map[string]knownvalue.Check{
						"env": knownvalue.StringExact("prod"), "team": knownvalue.StringExact("blue"),
					})),
				},
			},
			{
				Config: e.ProviderBlock() + `
data "baidu_bcc_instances" "tags" {
  payment_timing = "Prepaid"
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					str("id", db1), str("payment_timing", "Prepaid"),
					statecheck.ExpectKnownValue(tagsDS, first("deletion_protection"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(tagsDS, first("expire_time"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`))),
				},
			},
		},
	})
}

// checkFilterQueries checks that each filter Baidu has was sent to it, and
// that the tag pair Baidu's format cannot carry was not.
func checkFilterQueries(queries []string, web2, web3, web5 string) error {
	want := []string{
		"zoneName=cn-bj-d", "status=Stopped", "status=Deleted", "paymentTiming=Prepaid",
		"tags=env%3Aprod%2Cteam%3Ablue",
		"instanceIds=" + strings.Join(acctest.SortedIDs("i-nothere1", web2, web3, web5), "%2C"),
		"paymentTiming=Postpaid&status=Running&tags=env%3Aprod&zoneName=cn-bj-a",
	}
	for _, w := range want {
		if !slices.ContainsFunc(queries, func(q string) bool { return strings.Contains(q, w) }) {
			return fmt.Errorf("no list call sent %s; calls: %q", w, queries)
		}
	}
	for _, q := range queries {
		if strings.Contains(q, "note") {
			return fmt.Errorf("a list call sent the tag Baidu's filter cannot carry: ?%s", q)
		}
		if !strings.Contains(q, "maxKeys=1000") {
			return fmt.Errorf("a list call did not ask for 1000 instances a page: ?%s", q)
		}
	}
	return nil
}

// More than 2,000 instances, read by Terraform through the data source:
// every read pages through them at 1,000 a call, so each read costs exactly
// 3 list calls, and every instance of the zone (and none of another) is in
// the result, sorted.
func TestAccBCCInstancesDataSource_paging(t *testing.T) {
	const n = 2001
	e := acctest.NewEnv(t, bccmock.Config{})
	ids := e.CreateInstances(acctest.NamedInstanceRequest("fleet"), n)
	sort.Strings(ids)
	other := acctest.NamedInstanceRequest("elsewhere")
	other.ZoneName = "cn-bj-d"
	e.CreateInstances(other, 3)
	cfg := e.ProviderBlock() + `
data "baidu_bcc_instances" "zone" {
  availability_zone = "cn-bj-a"
}

output "count" {
  value = length(data.baidu_bcc_instances.zone.ids)
}

output "first" {
  value = data.baidu_bcc_instances.zone.ids[0]
}

output "last" {
  value = data.baidu_bcc_instances.zone.instances[2000].id
}
`
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []acc.TestStep{{
			PreConfig: e.Mock.ResetCounts,
			Config:    cfg,
			Check: acc.ComposeTestCheckFunc(
				acc.TestCheckOutput("count", fmt.Sprint(n)),
				acc.TestCheckOutput("first", ids[0]),
				acc.TestCheckOutput("last", ids[n-1]),
				func(*terraform.State) error {
					calls, reads := listQueries(e), 0
					for _, q := range calls {
						if !strings.Contains(q, "maxKeys=1000") {
							return fmt.Errorf("a list call did not ask for 1000 instances a page: ?%s", q)
						}
						if !strings.Contains(q, "marker=") {
							reads++ // each read starts with a first page
						}
					}
					if reads == 0 || len(calls) != 3*reads {
						return fmt.Errorf("%d list calls for %d reads of %d instances, want 3 a read", len(calls), reads, n)
					}
					t.Logf("%d reads of %d instances: %d list calls, 3 a read", reads, n, len(calls))
					return nil
				},
			),
		}},
	})
}

// Bad filters fail the plan, before any call, naming the attribute and the
// fix.
func TestAccBCCInstancesDataSource_validation(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{})
	cfg := func(body string) string {
		return e.ProviderBlock() + "\ndata \"baidu_bcc_instances\" \"test\" {\n" + body + "\n}\n"
	}
	many := make([]string, 101)
	for i := range many {
		many[i] = fmt.Sprintf("%q", fmt.Sprintf("i-%04d", i))
	}
	step := func(body string, fragments ...string) acc.TestStep {
		return acc.TestStep{Config: cfg(body), PlanOnly: true, ExpectError: acctest.ExpectError(fragments...)}
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []acc.TestStep{
			step(`  name_regex = "web-(?=1)"`, "Invalid regular expression", `name_regex is "web-(?=1)"`, "error parsing regexp", "RE2"),
			step(`  name_regex = "("`, "Invalid regular expression", "missing closing )"),
			step("  ids = ["+strings.Join(many, ", ")+"]", "Too many instance IDs", "ids lists 101 instance IDs", "at most 100", "chunklist"),
			step("  ids = []", "Empty ids filter", "Remove ids"),
			step(`  ids = ["i-abc", "web-1"]`, `ids[1] is "web-1"`, `an instance id is "i-" followed by`),
			step(`  status = "running"`, "status", "Running"),
			step(`  payment_timing = "monthly"`, "payment_timing", "Postpaid"),
			step(`  availability_zone = "bj-a"`, `availability_zone is "bj-a"`, "cn-bj-a"),
			step(`  tags = { "" = "x" }`, "tag key must be 1-65 characters"),
		},
	})
	if n := len(e.Mock.Requests()); n != 0 {
		t.Errorf("%d API calls for configurations that fail validation", n)
	}
}
