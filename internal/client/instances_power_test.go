package client

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
)

// Each power call is a signed PUT on the instance with its action key and
// the body Baidu's SDK sends.
func TestPowerCallsOnTheWire(t *testing.T) {
	cases := []struct {
		name, action, body string
		call               func(c *Client) error
	}{
		{"start", "start", "", func(c *Client) error { return c.StartInstance(context.Background(), "i-abc123") }},
		{"stop", "stop", `{"forceStop":false}`, func(c *Client) error { return c.StopInstance(context.Background(), "i-abc123", false) }},
		{"forced stop", "stop", `{"forceStop":true}`, func(c *Client) error { return c.StopInstance(context.Background(), "i-abc123", true) }},
		{"reboot", "reboot", `{"forceStop":false}`, func(c *Client) error { return c.RebootInstance(context.Background(), "i-abc123", false) }},
		{"forced reboot", "reboot", `{"forceStop":true}`, func(c *Client) error { return c.RebootInstance(context.Background(), "i-abc123", true) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, "") })
			if err := tc.call(newTestClient(t, rec.srv.URL)); err != nil {
				t.Fatal(err)
			}
			reqs := rec.requests()
			if len(reqs) != 1 {
				t.Fatalf("%d requests, want 1", len(reqs))
			}
			r := reqs[0]
			if r.Method != http.MethodPut || r.Path != "/v2/instance/i-abc123" || r.RawQuery != tc.action || r.SigErr != nil {
				t.Errorf("sent %s %s?%s (signature: %v), want a signed PUT /v2/instance/i-abc123?%s", r.Method, r.Path, r.RawQuery, r.SigErr, tc.action)
			}
			jsonEqual(t, r.Body, tc.body)
		})
	}
}

// A reboot answered with the instance in failedInstanceIdList did not
// happen: an error with the id and the request id, not retried. Empty
// answers and empty lists are success.
func TestRebootInstanceAnswers(t *testing.T) {
	for _, body := range []string{"", `{"requestId":"r-1","failedInstanceIdList":[]}`, `{}`} {
		rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, body) })
		if err := newTestClient(t, rec.srv.URL).RebootInstance(context.Background(), "i-abc123", false); err != nil {
			t.Errorf("answer %q: %v, want success", body, err)
		}
	}
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(200)
		_, _ = w.Write([]byte(`{"requestId":"req-reboot-7","failedInstanceIdList":["i-abc123"]}`))
	})
	err := newTestClient(t, rec.srv.URL).RebootInstance(context.Background(), "i-abc123", false)
	if !errors.Is(err, ErrNotRebooted) || RequestIDOf(err) != "req-reboot-7" || !strings.Contains(err.Error(), "i-abc123") {
		t.Errorf("err = %v (request id %q), want ErrNotRebooted naming the instance and req-reboot-7", err, RequestIDOf(err))
	}
	if rec.count() != 1 {
		t.Errorf("%d requests: Baidu's considered answer is not retried", rec.count())
	}
}

// A refused reboot is Baidu's error with its code and request id.
func TestRebootInstanceRefused(t *testing.T) {
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 409, apiErrorBody("Instance.RebootInstanceOperationForbidden", "Instance i-abc123 is Stopped", "req-409"))
	})
	err := newTestClient(t, rec.srv.URL).RebootInstance(context.Background(), "i-abc123", false)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 409 || RequestIDOf(err) != "req-409" {
		t.Errorf("err = %v, want the 409 with request id req-409", err)
	}
}
