package framework

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client/bceauth"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/wait"
)

// listingEnv is a mock holding n running instances and a batching reader
// on a simulated clock, with the mock's calls counted by route.
type listingEnv struct {
	srv   *bccmock.Server
	clock *wait.SimClock
	r     *InstanceReader
	ids   []string
}

func newListingEnv(t *testing.T, n int, wrap func(http.Handler) http.Handler) *listingEnv {
	t.Helper()
	creds := bceauth.Credentials{AccessKey: "listing-test-ak", SecretKey: "listing-test-sk-0123456789"}
	srv := bccmock.New(bccmock.Config{Credentials: []bccmock.Credential{creds}})
	var h http.Handler = srv
	if wrap != nil {
		h = wrap(srv)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	clock := wait.NewSimClock(time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC))
	c, err := client.New(client.Config{Credentials: creds, Endpoint: ts.URL, Clock: wait.Real()})
	if err != nil {
		t.Fatal(err)
	}
	ids, err := srv.SeedInstances(n, bccmock.SeedInstance{NamePrefix: "listed-"})
	if err != nil {
		t.Fatal(err)
	}
	srv.ResetCounts()
	return &listingEnv{srv: srv, clock: clock, r: NewInstanceReader(c, clock, true, time.Millisecond), ids: ids}
}

// refresh reads ids at once through Refresh, as a plan does, and fails the
// test for any read that does not give its own instance.
func (e *listingEnv) refresh(t *testing.T, ids []string) {
	t.Helper()
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			inst, err := e.r.Refresh(context.Background(), id)
			if err != nil || inst.ID != id {
				t.Errorf("refresh of %s gave %v, %v", id, inst, err)
			}
		}()
	}
	wg.Wait()
	e.r.Wait()
}

// calls is the mock's count of listings, batch reads and single reads.
func (e *listingEnv) calls() (lists, batches, gets int) {
	return e.srv.RequestCount(http.MethodGet, bccmock.RouteListInstances),
		e.srv.RequestCount(http.MethodPost, bccmock.RouteListInstancesByIDs),
		e.srv.RequestCount(http.MethodGet, bccmock.RouteGetInstance)
}

// A refresh of more than listingAfter instances reads the first ones by id
// and every other one from one listing; within listingFresh every later
// read is served by it too, and after that a new listing is made.
func TestRefreshOfManyInstancesIsServedByOneListing(t *testing.T) {
	e := newListingEnv(t, 200, nil)
	e.refresh(t, e.ids[:listingAfter])
	if lists, batches, gets := e.calls(); lists != 0 || batches == 0 || gets != 0 {
		t.Fatalf("the first %d reads made %d listings, %d batch reads, %d GETs; want 0 listings, batches only", listingAfter, lists, batches, gets)
	}
	e.srv.ResetCounts()
	e.refresh(t, e.ids[listingAfter:])
	if lists, batches, gets := e.calls(); lists != 1 || batches != 0 || gets != 0 {
		t.Fatalf("the other %d reads made %d listings, %d batch reads, %d GETs; want 1 listing only", len(e.ids)-listingAfter, lists, batches, gets)
	}

	e.clock.Advance(listingFresh - time.Millisecond)
	e.refresh(t, e.ids[:50])
	if lists, _, _ := e.calls(); lists != 1 {
		t.Fatalf("reads within %s of the listing made %d listings in all, want the one", listingFresh, lists)
	}
	e.clock.Advance(time.Millisecond)
	e.refresh(t, e.ids[:50])
	if lists, batches, gets := e.calls(); lists != 2 || batches != 0 || gets != 0 {
		t.Fatalf("reads %s after the listing: %d listings, %d batch reads, %d GETs in all; want a second listing", listingFresh, lists, batches, gets)
	}
}

// A small state reads by id only: a listing of a large account would cost
// more than it saves.
func TestRefreshOfFewInstancesReadsByID(t *testing.T) {
	e := newListingEnv(t, 50, nil)
	e.refresh(t, e.ids[:listingAfter])
	// Reads of the same instances again (as waits do) are not more instances.
	e.refresh(t, e.ids[:listingAfter])
	if lists, batches, _ := e.calls(); lists != 0 || batches == 0 {
		t.Fatalf("%d distinct instances made %d listings and %d batch reads; want no listing", listingAfter, lists, batches)
	}
}

// An instance the listing does not name is read by id: one created after
// the listing is found, one deleted outside Terraform is Baidu's not-found.
func TestInstanceMissingFromTheListingIsReadByID(t *testing.T) {
	e := newListingEnv(t, 30, nil)
	gone := e.ids[25]
	e.srv.DeleteInstanceOutOfBand(gone)
	e.refresh(t, e.ids[:listingAfter])
	e.refresh(t, e.ids[listingAfter:20]) // the listing, made without gone
	later, err := e.srv.SeedInstances(1, bccmock.SeedInstance{NamePrefix: "later-"})
	if err != nil {
		t.Fatal(err)
	}
	if lists, _, _ := e.calls(); lists != 1 {
		t.Fatalf("%d listings, want 1", lists)
	}
	e.srv.ResetCounts()

	e.refresh(t, later)
	inst, err := e.r.Refresh(context.Background(), gone)
	if !client.IsNotFound(err) {
		t.Fatalf("an instance deleted outside Terraform, not in the listing, gave %v, %v; want Baidu's not-found", inst, err)
	}
	e.r.Wait()
	lists, batches, gets := e.calls()
	if lists != 0 || batches+gets < 2 {
		t.Fatalf("two instances the listing did not name: %d listings, %d batch reads, %d GETs; want reads by id", lists, batches, gets)
	}
}

// A region with more instances than one page serves the reads waiting for
// that page from it, and then reads by id: listing more pages would cost
// more than reading the state's instances.
func TestRefreshInALargeRegionStopsListing(t *testing.T) {
	e := newListingEnv(t, listingPage+200, nil)
	e.refresh(t, e.ids[:listingAfter])
	e.refresh(t, e.ids[listingAfter:40])
	e.clock.Advance(listingFresh)
	e.refresh(t, e.ids[listingPage:])
	lists, batches, gets := e.calls()
	if lists != 1 || batches == 0 || gets != 0 {
		t.Fatalf("%d listings, %d batch reads, %d GETs; want one listing, then batch reads", lists, batches, gets)
	}
}

// A listing that fails (here a policy that allows reads by id but refuses
// listing) costs one call: the refresh reads by id, and lists no more.
func TestRefusedListingFallsBackToReadsByID(t *testing.T) {
	var refused atomic.Int32
	refuse := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodGet && r.URL.Path == "/v2/instance" {
				refused.Add(1)
				w.Header().Set("Content-Type", "application/json;charset=UTF-8")
				w.WriteHeader(http.StatusForbidden)
				_, _ = w.Write([]byte(`{"requestId":"req-refused-list","code":"AccessDenied","message":"Access denied."}`))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	e := newListingEnv(t, 40, refuse)
	e.refresh(t, e.ids)
	e.clock.Advance(listingFresh)
	e.refresh(t, e.ids)
	if n := refused.Load(); n != 1 {
		t.Fatalf("%d listings refused; want one, and reads by id after it", n)
	}
	if _, batches, _ := e.calls(); batches == 0 {
		t.Fatal("no batch reads: the refresh after a refused listing must read by id")
	}
}
