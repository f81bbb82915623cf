package bccmock

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestConcurrentCreatesAndGets(t *testing.T) {
	h := newHarness(t, Config{BootTime: time.Second, Seed: 5})
	const workers, perWorker = 8, 15
	var (
		wg  sync.WaitGroup
		mu  sync.Mutex
		ids = map[string]bool{}
	)
	errs := make(chan string, workers*perWorker)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWorker {
				body := minimalCreate()
				body["name"] = "w"
				req := h.newRequest(http.MethodPost, "/v2/instanceBySpec?clientToken="+tokenFor(w, i), body)
				sign(req, h.cred, time.Now())
				resp, err := h.ts.Client().Do(req)
				if err != nil {
					errs <- err.Error()
					return
				}
				var out struct {
					InstanceIDs []string `json:"instanceIds"`
				}
				err = json.NewDecoder(resp.Body).Decode(&out)
				resp.Body.Close()
				if err != nil || resp.StatusCode != 200 || len(out.InstanceIDs) != 1 {
					errs <- "create failed"
					return
				}
				id := out.InstanceIDs[0]
				mu.Lock()
				ids[id] = true
				mu.Unlock()

				get := h.newRequest(http.MethodGet, "/v2/instance/"+id, nil)
				sign(get, h.cred, time.Now())
				resp, err = h.ts.Client().Do(get)
				if err != nil {
					errs <- err.Error()
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					errs <- "get failed"
				}
				h.srv.Advance(time.Millisecond) // the clock moves under load too
				_ = h.srv.Instances()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
	if len(ids) != workers*perWorker || len(h.srv.Instances()) != workers*perWorker {
		t.Fatalf("%d distinct ids, %d instances, want %d", len(ids), len(h.srv.Instances()), workers*perWorker)
	}
	if got := h.srv.RequestCount(http.MethodPost, RouteCreateInstanceBySpec); got != workers*perWorker {
		t.Fatalf("create count %d", got)
	}
	if got := h.srv.RequestCount("", RouteGetInstance); got != workers*perWorker {
		t.Fatalf("get count %d", got)
	}
	seenIP := map[string]bool{}
	for _, in := range h.srv.Instances() {
		if seenIP[in.InternalIP] {
			t.Fatalf("internal IP %s given twice", in.InternalIP)
		}
		seenIP[in.InternalIP] = true
	}
}

func tokenFor(w, i int) string { return "w" + string(rune('a'+w)) + "-" + string(rune('a'+i)) }

func TestIntrospectionRecordsAndCounts(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.create(minimalCreate())
	h.get(id)
	h.get("i-absent00")
	req := h.newRequest(http.MethodGet, "/v2/instance/"+id, nil)
	sign(req, Credential{AccessKey: testCred.AccessKey, SecretKey: "bad-secret-key-0123456789abcdef"}, time.Now())
	h.send(req)

	if got := h.srv.RequestCount(http.MethodGet, RouteGetInstance); got != 3 {
		t.Fatalf("GetInstance count %d", got)
	}
	if got := h.srv.StatusCount(http.MethodGet, RouteGetInstance, 404); got != 1 {
		t.Fatalf("404 count %d", got)
	}
	if got := h.srv.RequestCount(http.MethodPut, RouteGetInstance); got != 0 {
		t.Fatalf("PUT count %d", got)
	}
	recs := h.srv.Requests()
	if len(recs) != 4 {
		t.Fatalf("%d records", len(recs))
	}
	first, last := recs[0], recs[3]
	if first.Route != RouteCreateInstanceBySpec || first.Status != 200 || first.AccessKey != testCred.AccessKey || !first.Time.Equal(epoch) {
		t.Fatalf("first record %+v", first)
	}
	if last.Code != CodeSignatureDoesNotMatch || last.AccessKey != testCred.AccessKey || last.InstanceID != id || last.Query != "" {
		t.Fatalf("last record %+v", last)
	}
	counts := h.srv.Counts()
	if len(counts) != 4 || counts[0].Route != RouteCreateInstanceBySpec {
		t.Fatalf("counts %+v", counts)
	}
	logs := h.logs.all()
	if !strings.Contains(logs, "GET /v2/instance/"+id+"?isDeploySet=false GetInstance 200 ak=test-ak rid=") {
		t.Fatalf("request log line missing:\n%s", logs)
	}

	h.srv.ResetCounts()
	if len(h.srv.Requests()) != 0 || h.srv.RequestCount("", RouteGetInstance) != 0 {
		t.Fatal("ResetCounts kept something")
	}
}

func TestRecordsAreBounded(t *testing.T) {
	h := newHarness(t, Config{MaxRecords: 3})
	for i := range 5 {
		h.do(http.MethodGet, "/v2/instance?maxKeys="+string(rune('1'+i)), nil)
	}
	recs := h.srv.Requests()
	if len(recs) != 3 || recs[0].Query != "maxKeys=3" || recs[1].Query != "maxKeys=4" || recs[2].Query != "maxKeys=5" {
		t.Fatalf("kept %+v, want the newest three in order", recs)
	}
	if n := h.srv.RequestCount(http.MethodGet, RouteListInstances); n != 5 {
		t.Fatalf("count %d, want all 5", n)
	}
}

func TestOutOfBandDrift(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.create(minimalCreate())
	if !h.srv.RenameInstanceOutOfBand(id, "renamed") || !h.srv.SetInstanceDescOutOfBand(id, "changed") ||
		!h.srv.SetInstanceTagsOutOfBand(id, map[string]string{"b": "2", "a": "1"}) || !h.srv.SetInstanceSpecOutOfBand(id, "bcc.g5.c8m32") {
		t.Fatal("out-of-band change refused")
	}
	d, _ := h.get(id)
	if d.Name != "renamed" || d.Desc != "changed" || d.CPUCount != 8 || len(d.Tags) != 2 || d.Tags[0].TagKey != "a" {
		t.Fatalf("after drift: %+v", d)
	}
	if !h.srv.SetInstanceStatusOutOfBand(id, StatusStopped) {
		t.Fatal("status change refused")
	}
	if s := h.status(id); s != StatusStopped {
		t.Fatalf("status %s", s)
	}
	if h.srv.SetInstanceStatusOutOfBand(id, "Sleeping") || h.srv.SetInstanceSpecOutOfBand(id, "huge") || h.srv.RenameInstanceOutOfBand("i-absent00", "x") {
		t.Fatal("bad out-of-band change accepted")
	}
	if !h.srv.DeleteInstanceOutOfBand(id) || h.srv.DeleteInstanceOutOfBand(id) {
		t.Fatal("DeleteInstanceOutOfBand result wrong")
	}
	_, r := h.get(id)
	expectError(t, r, 404, CodeNoSuchObject)
	if len(h.srv.Instances()) != 0 {
		t.Fatal("deleted instance still listed")
	}
}

func TestAdvance(t *testing.T) {
	h := newHarness(t, Config{})
	if !h.srv.Advance(time.Hour) || !h.srv.Now().Equal(epoch.Add(time.Hour)) {
		t.Fatal("Advance on wait.SimClock")
	}
	rc := NewRealClock()
	s := New(Config{Clock: rc})
	before := time.Now()
	if !s.Advance(24*time.Hour) || rc.Offset() != 24*time.Hour || s.Now().Before(before.Add(24*time.Hour)) {
		t.Fatal("Advance on RealClock")
	}
	fixed := New(Config{Clock: fixedClock{}})
	if fixed.Advance(time.Hour) {
		t.Fatal("a clock without Advance reported advancing")
	}
}

type fixedClock struct{}

func (fixedClock) Now() time.Time { return epoch }

func TestNewValidatesCredentials(t *testing.T) {
	mustPanic(t, "configured twice", func() { New(Config{Credentials: []Credential{testCred, testCred}}) })
	mustPanic(t, "needs both", func() { New(Config{Credentials: []Credential{{AccessKey: "x"}}}) })
	// No credentials: the documented demo pair.
	s := New(Config{})
	if _, ok := s.creds[DemoAccessKey]; !ok || len(s.creds) != 1 {
		t.Fatalf("default credentials %v", s.creds)
	}
}

// Seeded instances are what a list shows at once: running, visible, with
// the names, zone and tags asked for, and a system disk each.
func TestSeedInstances(t *testing.T) {
	s := New(Config{})
	ids, err := s.SeedInstances(3, SeedInstance{ZoneName: "cn-bj-b", NamePrefix: "seed-", Tags: map[string]string{"team": "a"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 3 {
		t.Fatalf("got %d ids", len(ids))
	}
	for i, id := range ids {
		in, ok := s.Instance(id)
		if !ok || in.Status != StatusRunning || in.ZoneName != "cn-bj-b" || in.Tags["team"] != "a" ||
			in.Name != fmt.Sprintf("seed-%05d", i) || in.SystemVolumeID == "" {
			t.Errorf("seeded instance %d: %+v", i, in)
		}
	}
	if _, err := s.SeedInstances(1, SeedInstance{Spec: "nonsense"}); err == nil {
		t.Error("a bad spec was seeded")
	}
}

// A listing's record names the instances it answered with, as a batch
// read's names those it asked for: a benchmark counts what each call read.
func TestListingRecordsTheInstancesItAnswered(t *testing.T) {
	h := newHarness(t, Config{})
	ids, err := h.srv.SeedInstances(3, SeedInstance{NamePrefix: "rec-"})
	if err != nil {
		t.Fatal(err)
	}
	if r := h.do(http.MethodGet, "/v2/instance?maxKeys=2", nil); r.status != http.StatusOK {
		t.Fatalf("listing: %d %s", r.status, r.body)
	}
	var got []string
	for _, r := range h.srv.Requests() {
		if r.Route == RouteListInstances {
			got = append(got, r.ListedIDs...)
		}
	}
	if !slices.Equal(got, ids[:2]) {
		t.Fatalf("the listing of a page of 2 recorded %v, want %v", got, ids[:2])
	}
}
