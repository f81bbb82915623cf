package provider

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/wait"
)

// reads counts the instance reads the mock received: single GETs and batch
// calls.
func reads(srv *bccmock.Server) (gets, batches int) {
	return srv.RequestCount(http.MethodGet, bccmock.RouteGetInstance), srv.RequestCount(http.MethodPost, bccmock.RouteListInstancesByIDs)
}

// A plan of 25 instances at Terraform's default -parallelism of 10 reads
// them in batches: with a gather window long enough that every read of a
// round joins it, three calls (10 + 10 + 5), and no single GET at all.
func TestAccBatching_refreshIsBatched(t *testing.T) {
	const n = 25
	e := newAccEnv(t, bccmock.Config{BootTime: 20 * time.Second})
	// The long window is only for the plan: every read of a round of 10
	// joins the batch, whatever the machine's speed.
	slowWindow := e.providerBlockWith("  batching {\n    send_after = \"1s\"\n  }") + fleetResources(n, "batched")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.checkNoInstances,
		Steps: []resource.TestStep{
			{Config: e.providerBlock() + fleetResources(n, "batched"), Check: e.checkFleet(n)},
			{
				PreConfig: e.srv.ResetCounts,
				Config:    slowWindow,
				PlanOnly:  true,
				Check: func(*terraform.State) error {
					gets, batches := reads(e.srv)
					if gets != 0 {
						return fmt.Errorf("%d single GETs in a batched refresh of instances that all exist", gets)
					}
					// 25 reads, at most 10 at a time: at least 3 calls;
					// at most one a read would mean no batching at all.
					if batches < 3 || batches > 5 {
						return fmt.Errorf("%d batch calls for %d instances at -parallelism=10, want 3 (at most 5)", batches, n)
					}
					t.Logf("refresh of %d instances: %d batch calls, %d GETs", n, batches, gets)
					return nil
				},
			},
			// Back to the default window for the destroy.
			{Config: e.providerBlock() + fleetResources(n, "batched"), PlanOnly: true},
		},
	})
}

// batching.enabled = false gives the behaviour without batching exactly:
// one GET /v2/instance/{id} per read and no batch call.
func TestAccBatching_disabledMakesOneGetPerRead(t *testing.T) {
	const n = 5
	e := newAccEnv(t, bccmock.Config{BootTime: 20 * time.Second})
	cfg := e.providerBlockWith("  batching {\n    enabled = false\n  }") + fleetResources(n, "unbatched")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.checkNoInstances,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(s *terraform.State) error {
					if _, batches := reads(e.srv); batches != 0 {
						return fmt.Errorf("%d batch calls with batching off", batches)
					}
					return e.checkFleet(n)(s)
				},
			},
			{
				PreConfig: e.srv.ResetCounts,
				Config:    cfg,
				PlanOnly:  true,
				Check: func(*terraform.State) error {
					if gets, batches := reads(e.srv); gets != n || batches != 0 {
						return fmt.Errorf("refresh of %d made %d GETs and %d batch calls, want %d and 0", n, gets, batches, n)
					}
					return nil
				},
			},
		},
	})
}

// Absence is never guessed from a batch: an instance deleted outside
// Terraform is missing from the batch answer (the mock's default) or fails
// the whole batch (Config.ListByIDUnknownFails); either way it is read on
// its own, found gone by Baidu's own answer, and re-created, while the
// others are untouched.
func TestAccBatching_missingInstanceIsConfirmedOnItsOwn(t *testing.T) {
	for name, unknownFails := range map[string]bool{"left out of the answer": false, "failing the whole batch": true} {
		t.Run(name, func(t *testing.T) {
			const n = 4
			e := newAccEnv(t, bccmock.Config{BootTime: 20 * time.Second, ListByIDUnknownFails: unknownFails})
			cfg := e.providerBlock() + fleetResources(n, "confirm")
			var gone string
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: e.factories(),
				CheckDestroy:             e.checkNoInstances,
				Steps: []resource.TestStep{
					{Config: cfg, Check: e.checkFleet(n)},
					{
						PreConfig: func() {
							for _, in := range e.liveInstances() {
								if in.Name == "confirm-0" {
									gone = in.ID
								}
							}
							e.srv.DeleteInstanceOutOfBand(gone)
							e.srv.ResetCounts()
						},
						Config: cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("baidu_bcc_instance.test[0]", plancheck.ResourceActionCreate)},
						},
						Check: func(s *terraform.State) error {
							if e.srv.StatusCount(http.MethodGet, bccmock.RouteGetInstance, http.StatusNotFound) == 0 {
								return fmt.Errorf("the missing instance %s was not confirmed with a read of its own", gone)
							}
							return e.checkFleet(n)(s)
						},
					},
				},
			})
		})
	}
}

// Bad answers to the batch call (cut JSON, an HTML page, a 404 that is not
// Baidu's) fall back to single reads: the refresh is right, only dearer.
func TestAccBatching_badBatchAnswersFallBack(t *testing.T) {
	rewrites := map[string]func(int, http.Header, []byte) (int, []byte){
		"cut JSON": truncateJSON,
		"HTML 502": htmlPage(http.StatusBadGateway),
		"404 InvalidURI": func(int, http.Header, []byte) (int, []byte) {
			return http.StatusNotFound, []byte(`{"code":"InvalidURI"}`)
		},
	}
	for name, rewrite := range rewrites {
		t.Run(name, func(t *testing.T) {
			const n = 3
			var c *corrupter
			e := newWrappedAccEnv(t, bccmock.Config{BootTime: 20 * time.Second}, func(h http.Handler) http.Handler {
				c = &corrupter{next: h}
				return c
			})
			cfg := e.providerBlockWith("  max_retries = 1") + fleetResources(n, "fallback")
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: e.factories(),
				CheckDestroy:             e.checkNoInstances,
				Steps: []resource.TestStep{
					{Config: cfg, Check: e.checkFleet(n)},
					{
						PreConfig: func() {
							e.srv.ResetCounts()
							c.add(1<<30, isBatchRead, rewrite)
						},
						Config:   cfg, // plan-only: the state must be unchanged
						PlanOnly: true,
						Check: func(*terraform.State) error {
							if gets, _ := reads(e.srv); gets != n {
								return fmt.Errorf("%d single reads after failed batches, want one per instance (%d)", gets, n)
							}
							return nil
						},
					},
					{PreConfig: c.stop, Config: cfg, PlanOnly: true},
				},
			})
		})
	}
}

// Many concurrent readers through one batching reader, against the mock,
// with cancellations and instances that are gone: each reader gets its own
// instance, a truthful "gone", or its own cancellation; never another's.
func TestInstanceReaderConcurrentReaders(t *testing.T) {
	srv := bccmock.New(bccmock.Config{Credentials: []bccmock.Credential{{AccessKey: testAccessKey, SecretKey: testSecretKey}}})
	env := newEnvForServer(t, srv)
	c := env.conn()
	const live, gone = 150, 30
	var ids []string
	for range live + gone {
		res, err := c.Client.CreateInstanceBySpec(context.Background(), client.NewClientToken(), client.CreateInstanceBySpecRequest{
			Spec: "bcc.g5.c2m8", ImageID: "m-acc0001", ZoneName: "cn-bj-a", Billing: client.Billing{PaymentTiming: client.PaymentPostpaid},
		})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, res.InstanceIDs[0])
	}
	isGone := map[string]bool{}
	for _, id := range ids[live:] {
		srv.DeleteInstanceOutOfBand(id)
		isGone[id] = true
	}
	cc := framework.NewConn(c.Client, wait.Real(), framework.DefaultSchedules(), framework.Batching{Enabled: true, SendAfter: 2 * time.Millisecond})

	var wg sync.WaitGroup
	var wrong, cancelled atomic.Int64
	for n := range 3000 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := ids[n%len(ids)]
			ctx := context.Background()
			if rand.IntN(6) == 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithCancel(ctx)
				cancel()
			}
			inst, err := findInstanceByID(ctx, cc, id)
			switch {
			case errors.Is(err, context.Canceled):
				cancelled.Add(1)
			case isGone[id]:
				if !framework.IsNotFound(err) {
					wrong.Add(1)
					t.Errorf("%s is gone, read gave %v, %v", id, inst, err)
				}
			case err != nil || inst.ID != id:
				wrong.Add(1)
				t.Errorf("read of %s gave %v, %v", id, inst, err)
			}
		}()
	}
	wg.Wait()
	cc.Instances.Wait()
	gets, batches := reads(srv)
	if wrong.Load() != 0 {
		t.Fatalf("%d readers got an answer that was not theirs", wrong.Load())
	}
	if batches == 0 || gets > 3000/2 {
		t.Errorf("%d GETs and %d batch calls for 3000 reads: not batched", gets, batches)
	}
	t.Logf("3000 reads (%d cancelled): %d batch calls, %d single GETs (to confirm the gone ones)", cancelled.Load(), batches, gets)
}

// newEnvForServer is an accEnv around an existing mock, on the wall clock.
func newEnvForServer(t *testing.T, srv *bccmock.Server) *accEnv {
	t.Helper()
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &accEnv{t: t, srv: srv, url: ts.URL, clock: wait.Real()}
}
