package client

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzDecodeError feeds arbitrary statuses, request-id headers and bodies to
// the error decoder. Whatever arrives, it must not panic and must give an
// error that keeps the status and request id, stays bounded, and is safe to
// print on one line (no control characters that could forge log lines).
// Seeds: the f.Add calls below and testdata/fuzz/FuzzDecodeError.
func FuzzDecodeError(f *testing.F) {
	f.Add(404, "hdr-1", []byte(`{"code":"NoSuchObject","message":"The specified object is not found","requestId":"body-1"}`))
	f.Add(503, "", []byte(""))
	f.Add(502, "abc", []byte("<html><head><title>502 Bad Gateway</title></head></html>"))
	f.Add(429, "", []byte(`{"code":"TooManyRequests"}`))
	f.Add(400, "x\x1b[2J", []byte("{\"code\":\"a\\u0000b\",\"message\":\"l1\\nl2\"}"))
	f.Add(500, "", []byte(`{"code":`))
	f.Add(403, "", []byte(`[1,2,3]`))
	f.Add(418, "id", []byte("\xff\xfe not utf8 \xc3"))
	f.Add(0, "", []byte(`null`))
	f.Add(-1, "", []byte(`{"code":{"nested":true}}`))

	f.Fuzz(func(t *testing.T, status int, headerID string, body []byte) {
		h := http.Header{}
		h.Set("x-bce-request-id", headerID)
		e := decodeError("Op", status, h, body, nil)
		if e.StatusCode != status || e.Operation != "Op" {
			t.Fatalf("status %d / operation %q lost: %+v", status, e.Operation, e)
		}
		if e.Code == "" && e.Message == "" && http.StatusText(status) != "" {
			t.Errorf("no code and no message for status %d", status)
		}
		if len(e.Code) > maxCodeLen || len(e.Message) > maxMessageLen || len(e.RequestID) > maxRequestIDLen {
			t.Errorf("unbounded fields: %d/%d/%d", len(e.Code), len(e.Message), len(e.RequestID))
		}
		if want := cleanRequestID(headerID); want != "" && e.RequestID != want {
			t.Errorf("header request id %q not used: %q", want, e.RequestID)
		}
		msg := e.Error()
		if !strings.Contains(msg, fmt.Sprintf("HTTP %d", status)) {
			t.Errorf("%q lacks the status", msg)
		}
		if e.RequestID != "" && !strings.Contains(msg, e.RequestID) {
			t.Errorf("%q lacks the request id", msg)
		}
		if !utf8.ValidString(msg) {
			t.Errorf("invalid UTF-8: %q", msg)
		}
		for _, r := range msg {
			if unicode.IsControl(r) || unicode.In(r, unicode.Cf) {
				t.Fatalf("control or format character %U in %q", r, msg)
			}
		}
		// Gone only on Baidu's own document with a not-found code: a
		// not-found code can be reached only through a JSON object.
		trimmed := strings.TrimSpace(string(body))
		if IsNotFound(e) && (!strings.HasPrefix(trimmed, "{") || e.RequestID == "") {
			t.Errorf("gone without Baidu's error document: %q", body)
		}
	})
}
