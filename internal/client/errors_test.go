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

func hdr(id string) http.Header {
	h := http.Header{}
	if id != "" {
		h.Set("x-bce-request-id", id)
	}
	return h
}

// The one table of the "gone" contract: which answers mean that the object
// no longer exists. Only Baidu's own error document with a not-found code
// does; everything a wrong endpoint, a proxy or a web server answers (and
// Baidu's answers about paths and versions) is an error that keeps the
// object in state.
func TestGoneContract(t *testing.T) {
	cases := []struct {
		name   string
		status int
		header http.Header
		body   string
		gone   bool
	}{
		{"Baidu NoSuchObject", 404, hdr("r-1"), `{"code":"NoSuchObject","message":"The specified object is not found","requestId":"r-1"}`, true},
		{"Baidu NoSuchObject, id only in the body", 404, hdr(""), `{"code":"NoSuchObject","message":"x","requestId":"r-2"}`, true},
		{"Baidu not-found code on another status", 400, hdr("r-3"), `{"code":"InvalidInstanceId.NotFound","message":"x"}`, true},
		{"Baidu InstanceNotExist", 404, hdr("r-4"), `{"code":"InstanceNotExist","message":"x","requestId":"r-4"}`, true},
		{"Baidu volume not found", 404, hdr("r-5"), `{"code":"VolumeNotFound","message":"x","requestId":"r-5"}`, true},
		{"HTML page (nginx default site)", 404, hdr(""), "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body><center><h1>404 Not Found</h1></center></body></html>", false},
		{"HTML page with a request id header", 404, hdr("r-6"), "<html><body>Not Found</body></html>", false},
		{"empty body", 404, hdr(""), "", false},
		{"empty body with a request id", 404, hdr("r-7"), "", false},
		{"JSON that is not a Baidu error", 404, hdr(""), `{"error":"not found","status":404}`, false},
		{"JSON array", 404, hdr(""), `[]`, false},
		{"InvalidURI", 404, hdr(""), `{"code":"InvalidURI"}`, false},
		{"InvalidURI from Baidu", 404, hdr("r-8"), `{"code":"InvalidURI","message":"no such API","requestId":"r-8"}`, false},
		{"InvalidVersion", 404, hdr(""), `{"code":"InvalidVersion"}`, false},
		{"InvalidVersion from Baidu", 404, hdr("r-9"), `{"code":"InvalidVersion","message":"x","requestId":"r-9"}`, false},
		{"a not-found code without a request id (a gateway imitating Baidu)", 404, hdr(""), `{"code":"NotFound","message":"route not found"}`, false},
		{"AccessDenied", 403, hdr("r-10"), `{"code":"AccessDenied","message":"x","requestId":"r-10"}`, false},
		{"a code that merely contains NotFound", 400, hdr("r-11"), `{"code":"NotFoundish","message":"x","requestId":"r-11"}`, false},
		{"plain text", 404, hdr(""), "404 page not found\n", false},
		// Alibaba Cloud's code, which the official Baidu provider copied
		// into its "already gone" list; Baidu documents it nowhere, so it
		// never means gone here (see bccmock's doc.go).
		{"Forbidden.InstanceNotFound", 403, hdr("r-12"), `{"code":"Forbidden.InstanceNotFound","message":"x","requestId":"r-12"}`, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := decodeError("GetInstance", tc.status, tc.header, []byte(tc.body), nil)
			e.Host = "bcc.example.test"
			e.EndpointSetting = "endpoints.bcc / BAIDUCLOUD_BCC_ENDPOINT"
			if got := IsNotFound(fmt.Errorf("wrapped: %w", e)); got != tc.gone {
				t.Fatalf("IsNotFound = %v, want %v for %+v", got, tc.gone, *e)
			}
			msg := e.Error()
			if tc.gone || tc.status != 404 {
				if strings.Contains(msg, "Is endpoints.bcc") {
					t.Errorf("a Baidu answer blames the endpoint: %q", msg)
				}
				return
			}
			// Not gone: the error must point at the endpoint.
			for _, want := range []string{"GetInstance", "HTTP 404", "bcc.example.test", "Is endpoints.bcc / BAIDUCLOUD_BCC_ENDPOINT right?"} {
				if !strings.Contains(msg, want) {
					t.Errorf("%q lacks %q", msg, want)
				}
			}
		})
	}
}

func TestNotFoundCodesAreGoneOnlyFromBaidu(t *testing.T) {
	for _, code := range notFoundCodes {
		if !IsNotFound(&APIError{StatusCode: 404, Code: code, RequestID: "r", FromBaidu: true}) {
			t.Errorf("Baidu's %s should mean gone", code)
		}
		if IsNotFound(&APIError{StatusCode: 404, Code: code}) {
			t.Errorf("%s without Baidu's error document must not mean gone", code)
		}
	}
}

func TestDecodeError(t *testing.T) {
	cases := []struct {
		name                 string
		status               int
		header               http.Header
		body                 string
		code, message, reqID string
		fromBaidu            bool
		wantInError          []string
	}{
		{
			name: "JSON body, header id wins", status: 404, header: hdr("hdr-1"),
			body: `{"code":"NoSuchObject","message":"The specified object is not found","requestId":"body-1"}`,
			code: "NoSuchObject", message: "The specified object is not found", reqID: "hdr-1", fromBaidu: true,
			wantInError: []string{"GetInstance", "HTTP 404", "NoSuchObject", "not found", "hdr-1"},
		},
		{
			name: "JSON body, id only in body", status: 400, header: hdr(""),
			body: `{"code":"SignatureDoesNotMatch","message":"bad sig","requestId":"body-2"}`,
			code: "SignatureDoesNotMatch", message: "bad sig", reqID: "body-2", fromBaidu: true,
			wantInError: []string{"HTTP 400", "SignatureDoesNotMatch", "body-2"},
		},
		{
			name: "HTML page from a proxy: its first line of text", status: 502, header: hdr("hdr-3"),
			body:    "<html>\n<head><title>502 Bad Gateway</title></head>\n</html>",
			message: "502 Bad Gateway", reqID: "hdr-3",
			wantInError: []string{"HTTP 502", "Bad Gateway", "hdr-3", "bcc.example.test"},
		},
		{
			name: "empty body", status: 503, header: hdr("hdr-4"),
			message: "Service Unavailable", reqID: "hdr-4",
			wantInError: []string{"HTTP 503", "Service Unavailable", "hdr-4"},
		},
		{
			name: "JSON that is not an object", status: 500, header: hdr(""), body: `"oops"`,
			message: `"oops"`, wantInError: []string{"HTTP 500", "oops", "no request id"},
		},
		{
			name: "broken JSON", status: 500, header: hdr("h"), body: `{"code":"Internal`,
			message: `{"code":"Internal`, reqID: "h",
		},
		{
			name: "control characters are neutralised, request id reduced to safe characters", status: 400, header: hdr("a\x1b[31mb c"),
			body: "{\"code\":\"Bad\\u0000Code\",\"message\":\"line1\\r\\nline2\\u202e\"}",
			code: "Bad Code", message: "line1 line2", reqID: "a31mbc", fromBaidu: true,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := decodeError("GetInstance", tc.status, tc.header, []byte(tc.body), nil)
			e.Host = "bcc.example.test"
			if e.StatusCode != tc.status || e.Code != tc.code || e.Message != tc.message || e.RequestID != tc.reqID || e.FromBaidu != tc.fromBaidu {
				t.Errorf("got %+v\nwant status %d code %q message %q request id %q from Baidu %v", *e, tc.status, tc.code, tc.message, tc.reqID, tc.fromBaidu)
			}
			for _, s := range tc.wantInError {
				if !strings.Contains(e.Error(), s) {
					t.Errorf("Error() %q lacks %q", e.Error(), s)
				}
			}
		})
	}
}

func TestDecodeErrorBoundsLongBodies(t *testing.T) {
	body := fmt.Sprintf(`{"code":%q,"message":%q,"requestId":%q}`, strings.Repeat("C", 5000), strings.Repeat("é", 5000), strings.Repeat("r", 5000))
	e := decodeError("Op", 400, http.Header{}, []byte(body), nil)
	if len(e.Code) > maxCodeLen || len(e.Message) > maxMessageLen || len(e.RequestID) > maxRequestIDLen {
		t.Errorf("lengths %d/%d/%d exceed the bounds", len(e.Code), len(e.Message), len(e.RequestID))
	}
	if !utf8.ValidString(e.Message) || e.Message == "" {
		t.Errorf("message cut inside a rune or lost: %q", e.Message)
	}
	html := decodeError("Op", 502, http.Header{}, []byte(strings.Repeat("<p>x</p>", 10000)), nil)
	if len(html.Message) > maxExcerptLen {
		t.Errorf("a non-JSON body should be quoted only briefly, got %d bytes", len(html.Message))
	}
}

// A secret that the bound would cut in half must still be found: redaction
// comes before truncation.
func TestDecodeErrorRedactsBeforeTruncating(t *testing.T) {
	secret := "SKsecretkeyZZ9f81b2c3d4e5f60718293"
	for _, prefix := range []int{maxMessageLen - 10, maxExcerptLen - 10} {
		filler := strings.Repeat("x", prefix)
		jsonBody := fmt.Sprintf(`{"code":"Bad","message":%q,"requestId":"r"}`, filler+secret)
		textBody := filler + secret
		for _, body := range []string{jsonBody, textBody} {
			e := decodeError("Op", 400, http.Header{}, []byte(body), []string{secret})
			msg := e.Error()
			for n := 8; n <= len(secret); n++ {
				if strings.Contains(msg, secret[:n]) {
					t.Fatalf("%d characters of the secret survived: %q", n, msg)
				}
			}
		}
	}
}

func TestErrorHelpers(t *testing.T) {
	notFound := &APIError{StatusCode: 404, Code: "NoSuchObject", Operation: "GetInstance", RequestID: "r-1", FromBaidu: true}
	wrapped := fmt.Errorf("reading instance: %w", notFound)
	if !IsNotFound(wrapped) || RequestIDOf(wrapped) != "r-1" {
		t.Error("helpers must see through wrapping")
	}
	for _, err := range []error{
		nil,
		errors.New("404"),
		&APIError{StatusCode: 404, RequestID: "r"},
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

	full := &APIError{StatusCode: 403, Code: CodeReleaseNotPrepay, Message: "Instance can not release if prepay.", RequestID: "r-9", Operation: "ReleaseInstance", Attempts: 1, FromBaidu: true, Host: "bcc.bj.baidubce.com"}
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
