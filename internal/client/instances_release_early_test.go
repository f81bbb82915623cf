package client

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
)

func TestReleaseInstanceEarly(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name          string
		answer        string
		wantErr       string // fragment; "" for success
		wantConfirmed bool
		wantRefund    string // "true", "false" or "nil"
	}{
		{"confirmed with refund", `{"successResources":{"instanceId":"i-xktdeMSf"},"instanceRefundFlag":true}`, "", true, "true"},
		{"confirmed without refund", `{"successResources":{"instanceId":"i-xktdeMSf","volumeIds":[]},"instanceRefundFlag":false}`, "", true, "false"},
		{"empty body confirms nothing", ``, "", false, "nil"},
		{"another id confirms nothing", `{"successResources":{"instanceId":"i-other"}}`, "", false, "nil"},
		{"refused", `{"requestId":"body-req","failResources":{"instanceId":"i-xktdeMSf"},"instanceRefundFlag":false}`, "failResources", false, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
				if tc.answer == "" {
					w.WriteHeader(http.StatusOK)
					return
				}
				writeJSON(w, http.StatusOK, tc.answer)
			})
			c := newTestClient(t, rec.srv.URL)
			got, err := c.ReleaseInstanceEarly(ctx, "i-xktdeMSf")
			reqs := rec.requests()
			if len(reqs) != 1 || reqs[0].Method != http.MethodPost || reqs[0].Path != "/v2/instance/delete" || reqs[0].SigErr != nil {
				t.Fatalf("requests %+v", reqs)
			}
			var body map[string]any
			if err := json.Unmarshal(reqs[0].Body, &body); err != nil || body["instanceId"] != "i-xktdeMSf" ||
				body["relatedReleaseFlag"] != false || body["deleteCdsSnapshotFlag"] != false || body["deleteRelatedEnisFlag"] != false {
				t.Fatalf("body %s (%v)", reqs[0].Body, err)
			}
			if tc.wantErr != "" {
				if err == nil || !errors.Is(err, ErrReleaseRefused) || !strings.Contains(err.Error(), tc.wantErr) || RequestIDOf(err) == "" {
					t.Fatalf("err %v, want ErrReleaseRefused naming %q with a request id", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			refund := "nil"
			if got.Refund != nil {
				refund = map[bool]string{true: "true", false: "false"}[*got.Refund]
			}
			if got.Confirmed != tc.wantConfirmed || refund != tc.wantRefund {
				t.Errorf("got %+v (refund %s), want confirmed %v, refund %s", got, refund, tc.wantConfirmed, tc.wantRefund)
			}
		})
	}
}

func TestClientTokenForIsStableAndDistinct(t *testing.T) {
	a, b := ClientTokenFor("final-image", "i-1", "web"), ClientTokenFor("final-image", "i-1", "web")
	if a != b || a == ClientTokenFor("final-image", "i-1", "web2") || a == ClientTokenFor("final-image", "i-1web", "") {
		t.Errorf("tokens %q %q not stable or not distinct", a, b)
	}
	if err := checkClientToken("t", a); err != nil {
		t.Error(err)
	}
}
