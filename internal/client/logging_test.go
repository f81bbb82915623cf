package client

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// TestLogsAndErrorsNeverCarrySecrets runs a full create / change password /
// get / release against a server that misbehaves by echoing secrets in its
// error messages, captures every log line at TRACE, and checks that no
// secret appears in the logs or in any error.
func TestLogsAndErrorsNeverCarrySecrets(t *testing.T) {
	const (
		plainPass = "Adm1n-PlainPassw0rd"
		newPass   = "Chang3d-PlainPassw0rd"
	)
	var (
		mu        sync.Mutex
		forbidden = []string{testCreds.SecretKey, testCreds.SessionToken, plainPass, newPass}
	)
	remember := func(values ...string) {
		mu.Lock()
		defer mu.Unlock()
		for _, v := range values {
			if v != "" {
				forbidden = append(forbidden, v)
			}
		}
	}
	var createCalls atomic.Int32
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		remember(auth, auth[strings.LastIndex(auth, "/")+1:])
		var body struct {
			AdminPass string `json:"adminPass"`
		}
		_ = json.NewDecoder(r.Body).Decode(&body)
		remember(body.AdminPass)
		switch {
		case r.Method == http.MethodPost:
			if createCalls.Add(1) == 1 {
				// A broken server echoing everything it knows.
				writeJSON(w, 503, apiErrorBody("ServiceUnavailable",
					"busy; pass="+plainPass+" enc="+body.AdminPass+" sk="+testCreds.SecretKey+" token="+testCreds.SessionToken+" auth="+auth, "echo-1"))
				return
			}
			writeJSON(w, 200, `{"instanceIds":["i-abc123"],"orderId":"o-1"}`)
		case r.URL.RawQuery == "changePass":
			writeJSON(w, 400, apiErrorBody("InvalidParameter", "bad adminPass "+body.AdminPass+" ("+newPass+")", "echo-2"))
		case r.Method == http.MethodGet:
			writeJSON(w, 200, instanceJSON)
		default:
			w.Header().Set("x-bce-request-id", "del-1")
			w.WriteHeader(200)
		}
	})

	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	c := newTestClient(t, rec.srv.URL)

	var errs []error
	res, err := c.CreateInstanceBySpec(ctx, NewClientToken(), CreateInstanceBySpecRequest{
		Spec: "bcc.g5.c2m8", ImageID: "m-img1", AdminPass: plainPass, Billing: Billing{PaymentTiming: "Postpaid"},
	})
	if err != nil {
		t.Fatal(err)
	}
	errs = append(errs, c.ChangeAdminPass(ctx, res.InstanceIDs[0], newPass))
	if errs[0] == nil {
		t.Fatal("the change password call should have failed")
	}
	if _, err := c.GetInstance(ctx, res.InstanceIDs[0]); err != nil {
		t.Fatal(err)
	}
	if err := c.ReleaseInstance(ctx, res.InstanceIDs[0]); err != nil {
		t.Fatal(err)
	}
	// An error raised while the server echoes secrets, with retries exhausted.
	c0 := newTestClient(t, rec.srv.URL, func(cfg *Config) { cfg.MaxRetries = 0 })
	createCalls.Store(0)
	_, err = c0.CreateInstanceBySpec(ctx, NewClientToken(), CreateInstanceBySpecRequest{Spec: "s", ImageID: "m", AdminPass: plainPass})
	if err == nil {
		t.Fatal("the echoing 503 should surface with MaxRetries 0")
	}
	errs = append(errs, err)

	out := logs.String()
	mu.Lock()
	defer mu.Unlock()
	if len(forbidden) < 8 {
		t.Fatalf("only %d secrets collected; the test lost its teeth", len(forbidden))
	}
	for _, secret := range forbidden {
		if strings.Contains(out, secret) {
			t.Errorf("a secret (%d chars, starting %q) appears in the logs", len(secret), secret[:4])
		}
		for _, e := range errs {
			if strings.Contains(e.Error(), secret) {
				t.Errorf("a secret (%d chars, starting %q) appears in an error", len(secret), secret[:4])
			}
		}
	}
	if !strings.Contains(errs[0].Error(), "req-400") || !strings.Contains(errs[1].Error(), "req-503") {
		t.Errorf("redaction must keep the rest of the error: %v / %v", errs[0], errs[1])
	}

	entries, err := tflogtest.MultilineJSONDecode(&logs)
	if err != nil {
		t.Fatal(err)
	}
	var responses, retries int
	for _, e := range entries {
		if e["@module"] != "provider.bce" {
			t.Errorf("entry outside the bce subsystem: %v", e)
		}
		if _, ok := e[fieldOperation]; !ok {
			t.Errorf("entry without operation: %v", e)
		}
		if _, ok := e[fieldStatus]; ok {
			responses++
			for _, f := range []string{fieldMethod, fieldPath, fieldRequestID, fieldAttempt, fieldDurationMS} {
				if _, ok := e[f]; !ok {
					t.Errorf("response entry lacks %s: %v", f, e)
				}
			}
		}
		if e["@message"] == "retrying request" {
			retries++
			if e[fieldRetryReason] != "HTTP 503" || e[fieldOperation] != "CreateInstanceBySpec" {
				t.Errorf("retry entry %v", e)
			}
		}
		if strings.Contains(strings.ToLower(e["@message"].(string)), "authorization") {
			t.Errorf("entry mentions authorization: %v", e)
		}
	}
	if responses != rec.count() || retries != 1 {
		t.Errorf("%d response entries for %d requests, %d retry entries (want 1)", responses, rec.count(), retries)
	}
}

func TestLogMasksAreInstalled(t *testing.T) {
	var logs bytes.Buffer
	root := tflogtest.RootLogger(context.Background(), &logs)
	c := newTestClient(t, "http://127.0.0.1:1")
	ctx := logContext(root, "Op", c.secretsFor("", "extra-secret-value"))
	tflog.SubsystemDebug(ctx, logSubsystem, "msg "+testCreds.SecretKey+" extra-secret-value", map[string]any{
		"f1": testCreds.SessionToken, "f2": "x-" + testCreds.SecretKey,
	})
	out := logs.String()
	if out == "" {
		t.Fatal("nothing logged")
	}
	for _, s := range []string{testCreds.SecretKey, testCreds.SessionToken, "extra-secret-value"} {
		if strings.Contains(out, s) {
			t.Errorf("mask missing for a %d-char secret: %s", len(s), out)
		}
	}
	if !strings.Contains(out, `"msg *** ***"`) {
		t.Errorf("the message should keep its text around the masks (an empty secret would mask between every character): %s", out)
	}
}

func TestLogLevelFromEnvironment(t *testing.T) {
	t.Setenv(logLevelEnv, "ERROR")
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, instanceJSON) })
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	c := newTestClient(t, rec.srv.URL)
	if _, err := c.GetInstance(ctx, "i-abc123"); err != nil {
		t.Fatal(err)
	}
	if logs.Len() != 0 {
		t.Errorf("%s=ERROR should silence debug lines: %s", logLevelEnv, logs.String())
	}
}
