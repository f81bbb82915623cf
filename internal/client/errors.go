package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Error codes the resource reacts to.
const (
	CodeReleaseWhileCreating = "Instance.ReleaseWhileCreating"
	CodeReleaseNotPrepay     = "Instance.ReleaseNotPrepay"
)

// notFoundCodes are the codes with which Baidu says an object does not
// exist. The BCC reference documents NoSuchObject (for instances, snapshots,
// images and deletion protection); the others are seen from other Baidu
// services or are the volume, snapshot and image forms of the same answer.
// A code is "gone" only inside Baidu's own error document (see IsNotFound).
var notFoundCodes = []string{
	"NoSuchObject", "NotFound", "InstanceNotFound", "InstanceNotExist",
	"ResourceNotFound", "InvalidInstanceId.NotFound",
	"VolumeNotFound", "Volume.NotFound", "SnapshotNotFound", "Snapshot.NotFound",
	"ImageNotFound", "Image.NotFound", "Image.ImageNotExist",
}

// throttleMarkers are substrings of codes that mean "slow down"; Baidu
// documents no single throttling code.
var throttleMarkers = []string{"throttl", "ratelimit", "toomanyrequests", "requestlimitexceeded"}

const (
	headerRequestID = "X-Bce-Request-Id"

	maxCodeLen      = 128
	maxMessageLen   = 512
	maxRequestIDLen = 128
	// maxExcerptLen bounds what is quoted of an answer that is not Baidu's
	// error document (an HTML page, a proxy's text).
	maxExcerptLen = 200
)

// APIError is an HTTP error answer.
type APIError struct {
	StatusCode int
	// Code is the code of Baidu's error document, or of a JSON error body
	// that looks like one; empty otherwise.
	Code string
	// Message is the document's message, or for any other body a cleaned
	// excerpt of it (its first line of text).
	Message   string
	RequestID string // from x-bce-request-id, or the body's requestId
	Operation string // e.g. "GetInstance"
	Attempts  int    // how many attempts were made; >1 after retries
	// FromBaidu is true when the body was Baidu's error document: a JSON
	// object with a code, answered with a request id. Only such an answer
	// can say that an object is gone.
	FromBaidu bool
	// Host is the endpoint that answered, for errors that point at it.
	Host string
	// EndpointSetting names where the endpoint is configured, for the hint
	// on answers that cannot be the BCC API's (see Error).
	EndpointSetting string
}

func (e *APIError) Error() string {
	var b strings.Builder
	if e.Operation != "" {
		b.WriteString(e.Operation)
		b.WriteString(": ")
	}
	fmt.Fprintf(&b, "HTTP %d", e.StatusCode)
	if e.Code != "" {
		b.WriteString(" ")
		b.WriteString(e.Code)
	}
	suspect := e.pointsAtEndpoint()
	if (suspect || !e.FromBaidu) && e.Host != "" {
		b.WriteString(" from ")
		b.WriteString(e.Host)
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request id %s)", e.RequestID)
	} else if !e.FromBaidu {
		b.WriteString(" (no request id)")
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " after %d attempts", e.Attempts)
	}
	if suspect {
		setting := e.EndpointSetting
		if setting == "" {
			setting = "the endpoint setting"
		}
		if e.FromBaidu {
			fmt.Fprintf(&b, ". This is not Baidu saying the object is gone: the API does not serve this request's path or version. Is %s right?", setting)
		} else {
			fmt.Fprintf(&b, ". This answer is not from the BCC API (no Baidu error document), so it says nothing about the object. Is %s right?", setting)
		}
	}
	return b.String()
}

// pointsAtEndpoint reports whether the answer suggests a wrong endpoint: a
// 404 that is not Baidu's not-found, or any other client error that is not
// Baidu's error document (a web server, a proxy, a captive portal).
func (e *APIError) pointsAtEndpoint() bool {
	if e.StatusCode == http.StatusNotFound {
		return !isNotFoundAnswer(e)
	}
	return !e.FromBaidu && e.StatusCode >= 400 && e.StatusCode < 500
}

// ResponseError is an answer that arrived but could not be used: the body
// could not be read, was too large, or a 2xx body was not the expected JSON.
type ResponseError struct {
	StatusCode int
	RequestID  string
	Operation  string
	Attempts   int
	Err        error
}

func (e *ResponseError) Error() string {
	var b strings.Builder
	if e.Operation != "" {
		b.WriteString(e.Operation)
		b.WriteString(": ")
	}
	fmt.Fprintf(&b, "HTTP %d", e.StatusCode)
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request id %s)", e.RequestID)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " after %d attempts", e.Attempts)
	}
	return b.String()
}

func (e *ResponseError) Unwrap() error { return e.Err }

// TransportError means no HTTP answer arrived: the connection failed, was
// reset, or the attempt timed out. errors.Is sees the cause, e.g.
// context.DeadlineExceeded or syscall.ECONNREFUSED.
type TransportError struct {
	Operation string
	Attempts  int
	Err       error
}

func (e *TransportError) Error() string {
	s := e.Operation + ": " + e.Err.Error()
	if e.Attempts > 1 {
		s += fmt.Sprintf(" after %d attempts", e.Attempts)
	}
	return s
}

func (e *TransportError) Unwrap() error { return e.Err }

// IsNotFound reports whether err is Baidu saying that the object does not
// exist: its JSON error document with one of the not-found codes. This is
// the only answer that means "gone". Any other 404 (an HTML or empty page,
// JSON that is not Baidu's, InvalidURI, InvalidVersion) is what a wrong
// endpoint, a proxy or a web server answers to everything, and reading it as
// "gone" would drop live, billing objects from state.
func IsNotFound(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && isNotFoundAnswer(apiErr)
}

func isNotFoundAnswer(e *APIError) bool {
	return e.FromBaidu && slices.Contains(notFoundCodes, e.Code)
}

// HasCode reports whether err is an APIError with exactly this code.
func HasCode(err error, code string) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.Code == code
}

// RequestIDOf returns the request id carried by err, or "".
func RequestIDOf(err error) string {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.RequestID
	}
	var respErr *ResponseError
	if errors.As(err, &respErr) {
		return respErr.RequestID
	}
	return ""
}

func isThrottleCode(code string) bool {
	lower := strings.ToLower(code)
	for _, m := range throttleMarkers {
		if strings.Contains(lower, m) {
			return true
		}
	}
	return false
}

// errorBody is Baidu's error document.
type errorBody struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	RequestID string `json:"requestId"`
}

// decodeError turns a non-2xx answer into an APIError. It never fails: an
// empty, HTML or otherwise odd body still gives the status and request id.
// Secrets are removed from every text taken from the answer before it is
// made printable and cut to size, so that a secret cut in half cannot
// survive as a prefix.
func decodeError(operation string, status int, header http.Header, body []byte, secrets []string) *APIError {
	e := &APIError{StatusCode: status, Operation: operation}
	trimmed := bytes.TrimSpace(body)
	var doc errorBody
	isDoc := len(trimmed) > 0 && trimmed[0] == '{' && json.Unmarshal(trimmed, &doc) == nil && doc.Code != ""
	if isDoc {
		e.Code = clean(redact(doc.Code, secrets), maxCodeLen)
		e.Message = clean(redact(doc.Message, secrets), maxMessageLen)
		e.RequestID = cleanRequestID(doc.RequestID)
	} else if len(trimmed) > 0 {
		// A proxy, web server or load balancer page: its first line of
		// text tells more than nothing, and the status is already known.
		e.Message = excerpt(redact(string(trimmed), secrets))
	}
	if id := cleanRequestID(header.Get(headerRequestID)); id != "" {
		e.RequestID = id
	}
	e.FromBaidu = isDoc && e.Code != "" && e.RequestID != ""
	if e.Code == "" && e.Message == "" {
		e.Message = http.StatusText(status)
	}
	return e
}

// excerpt is the first line of readable text of a body that is not Baidu's
// error document: markup is dropped, so an nginx page gives "404 Not Found"
// rather than "<html>".
func excerpt(body string) string {
	text := markup.ReplaceAllString(body, "\n")
	for _, line := range strings.Split(text, "\n") {
		if line = clean(line, maxExcerptLen); line != "" {
			return line
		}
	}
	return ""
}

var markup = regexp.MustCompile(`<[^>]*>`)

// requestIDChar is what a request id may contain (Baidu's are UUIDs). The id
// comes from a header or a body the provider does not control and ends up
// in diagnostics, so anything else is dropped.
func requestIDChar(r rune) bool {
	return r < utf8.RuneSelf && (r == '-' || r == '_' || r == '.' || r == ':' ||
		('0' <= r && r <= '9') || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z'))
}

func cleanRequestID(id string) string {
	id = strings.Map(func(r rune) rune {
		if requestIDChar(r) {
			return r
		}
		return -1
	}, id)
	if len(id) > maxRequestIDLen {
		id = id[:maxRequestIDLen]
	}
	return id
}

// clean makes s valid UTF-8 without control characters, collapses runs of
// whitespace and cuts it to at most limit bytes on a rune boundary.
func clean(s string, limit int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.In(r, unicode.Cf) {
			continue // invisible formatting such as bidi overrides
		}
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			if b.Len()+1 > limit {
				break
			}
			b.WriteByte(' ')
		}
		space = false
		if b.Len()+utf8.RuneLen(r) > limit {
			break
		}
		b.WriteRune(r)
	}
	return b.String()
}
