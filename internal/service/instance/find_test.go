package instance

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/wait"
)

// Many concurrent readers through one batching reader, against the mock,
// with cancellations and instances that are gone: each reader gets its own
// instance, a truthful "gone", or its own cancellation; never another's.
func TestInstanceReaderConcurrentReaders(t *testing.T) {
	srv := bccmock.New(bccmock.Config{Credentials: []bccmock.Credential{{AccessKey: testAccessKey, SecretKey: testSecretKey}}})
	env := mockEnvForServer(t, srv, wait.Real())
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
	gets, batches := srv.RequestCount(http.MethodGet, bccmock.RouteGetInstance), srv.RequestCount(http.MethodPost, bccmock.RouteListInstancesByIDs)
	if wrong.Load() != 0 {
		t.Fatalf("%d readers got an answer that was not theirs", wrong.Load())
	}
	if batches == 0 || gets > 3000/2 {
		t.Errorf("%d GETs and %d batch calls for 3000 reads: not batched", gets, batches)
	}
	t.Logf("3000 reads (%d cancelled): %d batch calls, %d single GETs (to confirm the gone ones)", cancelled.Load(), batches, gets)
}
