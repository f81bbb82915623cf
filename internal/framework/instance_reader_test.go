package framework

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client/bceauth"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/wait"
)

// When Baidu answers not-found for a whole batch that holds an id that does
// not exist (the mock's ListByIDUnknownFails), the batch is halved until the
// missing ids stand alone: one missing id among 100 costs a handful of
// calls, not a GET for each of the 100. Where Baidu leaves missing ids out,
// one call reads the batch. Either way each caller gets its own instance,
// and only the missing ids are read on their own.
func TestInstanceReaderSplitsABatchAnsweredNotFound(t *testing.T) {
	for _, tc := range []struct {
		name         string
		unknownFails bool
		missing      int
		maxBatches   int
	}{
		{"missingLeftOut", false, 1, 1},
		{"oneMissingFailsTheBatch", true, 1, 1 + 7 + 1},
		{"threeMissingFailTheBatch", true, 3, splitBudget(100)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			creds := bceauth.Credentials{AccessKey: "reader-test-ak", SecretKey: "reader-test-sk-0123456789"}
			srv := bccmock.New(bccmock.Config{Credentials: []bccmock.Credential{creds}, ListByIDUnknownFails: tc.unknownFails})
			ts := httptest.NewServer(srv)
			t.Cleanup(ts.Close)
			c, err := client.New(client.Config{Credentials: creds, Endpoint: ts.URL, Clock: wait.Real()})
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for range 100 - tc.missing {
				res, err := c.CreateInstanceBySpec(t.Context(), client.NewClientToken(), client.CreateInstanceBySpecRequest{
					Spec: "bcc.g5.c2m8", ImageID: "m-acc0001", ZoneName: "cn-bj-a", Billing: client.Billing{PaymentTiming: client.PaymentPostpaid},
				})
				if err != nil {
					t.Fatal(err)
				}
				ids = append(ids, res.InstanceIDs[0])
			}
			missing := map[string]bool{}
			for i := range tc.missing {
				id := "i-nothere" + string(rune('a'+i))
				missing[id] = true
				ids = append(ids[:i*30], append([]string{id}, ids[i*30:]...)...)
			}
			srv.ResetCounts()

			// A full batch goes at once, so a long window only makes sure
			// that all 100 reads join one batch.
			r := NewInstanceReader(c, wait.Real(), true, time.Minute)
			var wg sync.WaitGroup
			for _, id := range ids {
				wg.Add(1)
				go func() {
					defer wg.Done()
					inst, err := r.Get(context.Background(), id)
					switch {
					case missing[id]:
						if !client.IsNotFound(err) {
							t.Errorf("%s does not exist: got %v, %v", id, inst, err)
						}
					case err != nil || inst.ID != id:
						t.Errorf("read of %s gave %v, %v", id, inst, err)
					}
				}()
			}
			wg.Wait()
			r.Wait()
			batches := srv.RequestCount(http.MethodPost, bccmock.RouteListInstancesByIDs)
			gets := srv.RequestCount(http.MethodGet, bccmock.RouteGetInstance)
			if batches < 1 || batches > tc.maxBatches {
				t.Errorf("%d batch calls, want 1 to %d", batches, tc.maxBatches)
			}
			if gets != tc.missing {
				t.Errorf("%d single GETs, want one per missing id (%d)", gets, tc.missing)
			}
			t.Logf("%d missing among 100: %d batch calls, %d GETs", tc.missing, batches, gets)
		})
	}
}
