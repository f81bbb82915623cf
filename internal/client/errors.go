package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Error codes the resource reacts to.
const (
	CodeReleaseWhileCreating = "Instance.ReleaseWhileCreating"
	CodeReleaseNotPrepay     = "Instance.ReleaseNotPrepay"
)

// notFoundCodes are the codes Baidu services use for a missing object. The
// API documents none for BCC, so any of them (or a 404) means "gone".
var notFoundCodes = []string{
	"NoSuchObject", "NotFound", "InstanceNotFound", "InstanceNotExist",
	"ResourceNotFound", "InvalidInstanceId.NotFound",
}

// throttleMarkers are substrings of codes that mean "slow down"; Baidu
// documents no single throttling code.
var throttleMarkers = []string{"throttl", "ratelimit", "toomanyrequests", "requestlimitexceeded"}

const (
	headerRequestID = "X-Bce-Request-Id"

	maxCodeLen      = 128
	maxMessageLen   = 512
	maxRequestIDLen = 128
)

// APIError is an HTTP error answer from the API.
type APIError struct {
	StatusCode int
	Code       string // Baidu's error code; empty when the body was not JSON
	Message    string
	RequestID  string // from x-bce-request-id, or the body's requestId
	Operation  string // e.g. "GetInstance"
	Attempts   int    // how many attempts were made; >1 after retries
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
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request id %s)", e.RequestID)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " after %d attempts", e.Attempts)
	}
	return b.String()
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

// IsNotFound reports whether err says the object does not exist: a 404 or
// one of Baidu's not-found codes.
func IsNotFound(err error) bool {
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		return false
	}
	if apiErr.StatusCode == http.StatusNotFound {
		return true
	}
	for _, code := range notFoundCodes {
		if apiErr.Code == code {
			return true
		}
	}
	return false
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
// empty, HTML or otherwise odd body still gives the status and request id,
// and every text taken from the answer is made printable and bounded so it
// is safe to put into logs and diagnostics.
func decodeError(operation string, status int, header http.Header, body []byte) *APIError {
	e := &APIError{StatusCode: status, Operation: operation}
	trimmed := bytes.TrimSpace(body)
	var doc errorBody
	if len(trimmed) > 0 && trimmed[0] == '{' && json.Unmarshal(trimmed, &doc) == nil {
		e.Code = clean(doc.Code, maxCodeLen)
		e.Message = clean(doc.Message, maxMessageLen)
		e.RequestID = clean(doc.RequestID, maxRequestIDLen)
	} else if len(trimmed) > 0 {
		// A proxy or load balancer page: a short excerpt tells more than
		// nothing, and the status is already known.
		e.Message = clean(string(trimmed), 200)
	}
	if id := clean(header.Get(headerRequestID), maxRequestIDLen); id != "" {
		e.RequestID = id
	}
	if e.Code == "" && e.Message == "" {
		e.Message = http.StatusText(status)
	}
	return e
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
