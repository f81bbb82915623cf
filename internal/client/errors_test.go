package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestDecodeError(t *testing.T) {
	hdr := func(id string) http.Header {
		h := http.Header{}
		if id != "" {
			h.Set("x-bce-request-id", id)
		}
		return h
	}
	cases := []struct {
		name                  string
		status                int
		header                http.Header
		body                  string
		code, message, reqID  string
		wantInError           []string
		notFound, throttleish bool
	}{
		{
			name: "JSON body, header id wins", status: 404, header: hdr("hdr-1"),
			body: `{"code":"NoSuchObject","message":"The specified object is not found","requestId":"body-1"}`,
			code: "NoSuchObject", message: "The specified object is not found", reqID: "hdr-1",
			wantInError: []string{"GetInstance", "HTTP 404", "NoSuchObject", "not found", "hdr-1"}, notFound: true,
		},
		{
			name: "JSON body, id only in body", status: 400, header: hdr(""),
			body: `{"code":"SignatureDoesNotMatch","message":"bad sig","requestId":"body-2"}`,
			code: "SignatureDoesNotMatch", message: "bad sig", reqID: "body-2",
			wantInError: []string{"HTTP 400", "SignatureDoesNotMatch", "body-2"},
		},
		{
			name: "HTML page from a proxy", status: 502, header: hdr("hdr-3"),
			body:    "<html>\n<head><title>502 Bad Gateway</title></head>\n</html>",
			message: "<html> <head><title>502 Bad Gateway</title></head> </html>", reqID: "hdr-3",
			wantInError: []string{"HTTP 502", "Bad Gateway", "hdr-3"},
		},
		{
			name: "empty body", status: 503, header: hdr("hdr-4"),
			message: "Service Unavailable", reqID: "hdr-4",
			wantInError: []string{"HTTP 503", "Service Unavailable", "hdr-4"},
		},
		{
			name: "JSON that is not an object", status: 500, header: hdr(""), body: `"oops"`,
			message: `"oops"`, wantInError: []string{"HTTP 500", "oops"},
		},
		{
			name: "broken JSON", status: 500, header: hdr("h"), body: `{"code":"Internal`,
			message: `{"code":"Internal`, reqID: "h",
		},
		{
			name: "not-found code on another status", status: 400, header: hdr(""),
			body: `{"code":"InvalidInstanceId.NotFound","message":"x"}`, code: "InvalidInstanceId.NotFound", message: "x", notFound: true,
		},
		{
			name: "control characters are neutralised", status: 400, header: hdr("a\x1b[31mb"),
			body: "{\"code\":\"Bad\\u0000Code\",\"message\":\"line1\\r\\nline2\\u202e\"}",
			code: "Bad Code", message: "line1 line2", reqID: "a [31mb",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := decodeError("GetInstance", tc.status, tc.header, []byte(tc.body))
			if e.StatusCode != tc.status || e.Code != tc.code || e.Message != tc.message || e.RequestID != tc.reqID {
				t.Errorf("got %+v\nwant status %d code %q message %q request id %q", *e, tc.status, tc.code, tc.message, tc.reqID)
			}
			for _, s := range tc.wantInError {
				if !strings.Contains(e.Error(), s) {
					t.Errorf("Error() %q lacks %q", e.Error(), s)
				}
			}
			if IsNotFound(e) != tc.notFound {
				t.Errorf("IsNotFound = %v", !tc.notFound)
			}
		})
	}
}

func TestDecodeErrorBoundsLongBodies(t *testing.T) {
	body := fmt.Sprintf(`{"code":%q,"message":%q,"requestId":%q}`, strings.Repeat("C", 5000), strings.Repeat("é", 5000), strings.Repeat("r", 5000))
	e := decodeError("Op", 400, http.Header{}, []byte(body))
	if len(e.Code) > maxCodeLen || len(e.Message) > maxMessageLen || len(e.RequestID) > maxRequestIDLen {
		t.Errorf("lengths %d/%d/%d exceed the bounds", len(e.Code), len(e.Message), len(e.RequestID))
	}
	if !utf8.ValidString(e.Message) || e.Message == "" {
		t.Errorf("message cut inside a rune or lost: %q", e.Message)
	}
	html := decodeError("Op", 502, http.Header{}, []byte(strings.Repeat("<p>x</p>", 10000)))
	if len(html.Message) > 200 {
		t.Errorf("a non-JSON body should be quoted only briefly, got %d bytes", len(html.Message))
	}
}

func TestErrorHelpers(t *testing.T) {
	notFound := &APIError{StatusCode: 404, Operation: "GetInstance", RequestID: "r-1"}
	wrapped := fmt.Errorf("reading instance: %w", notFound)
	if !IsNotFound(wrapped) || RequestIDOf(wrapped) != "r-1" {
		t.Error("helpers must see through wrapping")
	}
	for _, code := range notFoundCodes {
		if !IsNotFound(&APIError{StatusCode: 400, Code: code}) {
			t.Errorf("code %s should mean not found", code)
		}
	}
	for _, err := range []error{
		nil,
		errors.New("404"),
		&APIError{StatusCode: 403, Code: "AccessDenied"},
		&APIError{StatusCode: 400, Code: "NotFoundish"},
		&TransportError{Operation: "x", Err: context.Canceled},
	} {
		if IsNotFound(err) {
			t.Errorf("IsNotFound(%v) = true", err)
		}
	}

	creating := fmt.Errorf("release: %w", &APIError{StatusCode: 403, Code: CodeReleaseWhileCreating})
	if !HasCode(creating, CodeReleaseWhileCreating) || HasCode(creating, CodeReleaseNotPrepay) || HasCode(errors.New(CodeReleaseWhileCreating), CodeReleaseWhileCreating) {
		t.Error("HasCode must match the exact code of an APIError only")
	}

	respErr := &ResponseError{StatusCode: 200, RequestID: "r-2", Operation: "GetInstance", Err: errors.New("bad")}
	if RequestIDOf(respErr) != "r-2" || RequestIDOf(errors.New("x")) != "" || RequestIDOf(nil) != "" {
		t.Error("RequestIDOf")
	}

	te := &TransportError{Operation: "GetInstance", Attempts: 3, Err: fmt.Errorf("dial: %w", context.DeadlineExceeded)}
	if !errors.Is(te, context.DeadlineExceeded) || te.Error() != "GetInstance: dial: context deadline exceeded after 3 attempts" {
		t.Errorf("TransportError: %q", te.Error())
	}

	full := &APIError{StatusCode: 403, Code: CodeReleaseNotPrepay, Message: "Instance can not release if prepay.", RequestID: "r-9", Operation: "ReleaseInstance", Attempts: 1}
	if want := "ReleaseInstance: HTTP 403 Instance.ReleaseNotPrepay: Instance can not release if prepay. (request id r-9)"; full.Error() != want {
		t.Errorf("Error() = %q\nwant      %q", full.Error(), want)
	}
}

func TestIsThrottleCode(t *testing.T) {
	for _, code := range []string{"Throttling", "Throttled", "RequestThrottled", "RateLimitExceeded", "OpenAPI.RateLimit", "TooManyRequests", "RequestLimitExceeded", "throttling.user"} {
		if !isThrottleCode(code) {
			t.Errorf("%s should count as throttling", code)
		}
	}
	for _, code := range []string{"", "AccessDenied", "InternalError", "LimitExceeded", "QuotaExceeded"} {
		if isThrottleCode(code) {
			t.Errorf("%s should not count as throttling", code)
		}
	}
}
