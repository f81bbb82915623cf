package instance

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"sort"
	"testing"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client/bceauth"
)

// The page count, exactly, without Terraform: 2,001 instances cost 3 list
// calls, and 5,000 cost 5.
func TestDataSourceListPages(t *testing.T) {
	e := newMockEnv(t, bccmock.Config{})
	c := e.conn()
	created := e.createInstances(namedInstanceRequest("fleet"), 2001)
	for _, tc := range []struct{ more, total, calls int }{{0, 2001, 3}, {2999, 5000, 5}} {
		created = append(created, e.createInstances(namedInstanceRequest("fleet"), tc.more)...)
		e.srv.ResetCounts()
		got, err := listMatchingInstances(t.Context(), c.Client, instanceFilter{zone: "cn-bj-a"}, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != tc.total || len(created) != tc.total {
			t.Fatalf("listed %d of %d instances", len(got), tc.total)
		}
		if calls := e.srv.RequestCount(http.MethodGet, bccmock.RouteListInstances); calls != tc.calls {
			t.Errorf("%d instances cost %d list calls, want %d", tc.total, calls, tc.calls)
		}
		if !sort.SliceIsSorted(got, func(i, j int) bool { return got[i].ID < got[j].ID }) {
			t.Error("the instances are not sorted by id")
		}
	}
	// A limit stops the paging once that many matched: 1,000 of the 5,000
	// is the first page, 1,001 the second; when a filter the provider
	// applies matches nothing, every page is read.
	for _, tc := range []struct {
		limit, calls, want int
		f                  instanceFilter
	}{
		{100, 1, 1000, instanceFilter{}}, {1000, 1, 1000, instanceFilter{}}, {1001, 2, 2000, instanceFilter{}},
		{1000, 5, 0, instanceFilter{nameRegex: regexp.MustCompile(`^nothing$`)}},
	} {
		e.srv.ResetCounts()
		got, err := listMatchingInstances(t.Context(), c.Client, tc.f, tc.limit)
		if err != nil {
			t.Fatal(err)
		}
		if calls := e.srv.RequestCount(http.MethodGet, bccmock.RouteListInstances); calls != tc.calls || len(got) != tc.want {
			t.Errorf("limit %d: %d list calls and %d instances, want %d and %d", tc.limit, calls, len(got), tc.calls, tc.want)
		}
	}
}

// Baidu's answer is filtered again: an API that ignores a filter (its tag
// filter format is not documented) cannot put an excluded instance in the
// result.
func TestDataSourceRefiltersBaidusAnswer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		// Every instance, whatever the query asked.
		fmt.Fprint(w, `{"isTruncated":false,"instances":[
 {"id":"i-match","name":"web-1","zoneName":"cn-bj-a","status":"Running","paymentTiming":"Postpaid","tags":[{"tagKey":"env","tagValue":"prod"}]},
 {"id":"i-zone","name":"web-2","zoneName":"cn-bj-d","status":"Running","paymentTiming":"Postpaid","tags":[{"tagKey":"env","tagValue":"prod"}]},
 {"id":"i-tag","name":"web-3","zoneName":"cn-bj-a","status":"Running","paymentTiming":"Postpaid","tags":[{"tagKey":"env","tagValue":"dev"}]},
 {"id":"i-status","name":"web-4","zoneName":"cn-bj-a","status":"Stopped","paymentTiming":"Postpaid","tags":[{"tagKey":"env","tagValue":"prod"}]},
 {"id":"i-pay","name":"web-5","zoneName":"cn-bj-a","status":"Running","paymentTiming":"Prepaid","tags":[{"tagKey":"env","tagValue":"prod"}]},
 {"id":"i-name","name":"db-1","zoneName":"cn-bj-a","status":"Running","tags":[{"tagKey":"env","tagValue":"prod"}]},
 {"id":"i-unasked","name":"web-6","zoneName":"cn-bj-a","status":"Running","tags":[{"tagKey":"env","tagValue":"prod"}]}
]}`)
	}))
	t.Cleanup(srv.Close)
	c, err := client.New(client.Config{Credentials: bceauth.Credentials{AccessKey: testAccessKey, SecretKey: testSecretKey}, Endpoint: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	f := instanceFilter{
		zone: "cn-bj-a", status: "Running", payment: client.PaymentPostpaid, tags: map[string]string{"env": "prod"},
		nameRegex: regexp.MustCompile("^web-"), ids: []string{"i-match", "i-pay", "i-status", "i-tag", "i-zone"},
	}
	got, err := listMatchingInstances(t.Context(), c, f, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID != "i-match" {
		t.Errorf("got %v, want only i-match", got)
	}
	// Without a status filter, a released instance is left out.
	gone := client.Instance{ID: "i-x", Status: statusRecycled}
	if (instanceFilter{}).match(&gone) || !(instanceFilter{status: statusRecycled}).match(&gone) {
		t.Error("a Recycled instance should be listed only when the status filter asks for it")
	}
	// An answer without paymentTiming is postpaid, as the resource reads it.
	if !(instanceFilter{payment: client.PaymentPostpaid}).match(&client.Instance{ID: "i-y", Status: statusRunning}) {
		t.Error("an instance without paymentTiming did not match payment_timing = Postpaid")
	}
}

// The ids filter is sorted and rid of repeats before it is sent.
func TestDataSourceDedupeSorted(t *testing.T) {
	if got := dedupeSorted([]string{"i-b", "i-a", "i-b", "i-c", "i-a"}); !slices.Equal(got, []string{"i-a", "i-b", "i-c"}) {
		t.Errorf("got %v", got)
	}
}
