package client

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client/bceauth"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/wait"
)

// maxResponseBody bounds what is read of any answer. BCC answers are a few
// KiB; a page of 1000 instances stays well below this.
const maxResponseBody = 10 << 20

// contentTypeJSON is the Content-Type of every request, with or without a
// body, as Baidu's common-header page spells it.
const contentTypeJSON = "application/json; charset=utf-8"

var errBodyTooLarge = fmt.Errorf("response body exceeds %d MiB", maxResponseBody>>20)

// request describes one API call.
type request struct {
	operation string
	method    string
	path      string
	// action is a query key sent without '=' (?start, ?modifyAttribute), the
	// way Baidu's own clients send it. It is signed as "start=".
	action string
	query  url.Values
	body   any // encoded once; the same bytes are sent on every attempt
	out    any // decoded from a 2xx body when non-nil
	// emptyOK accepts an empty 2xx body where out is set: out and check are
	// then left alone. For answers Baidu documents as bodiless while its SDK
	// decodes a body from them (changePass).
	emptyOK bool
	// check, when set, vets the decoded answer (e.g. that it names an id);
	// its error is reported with the status and request id.
	check func() error
	// secrets are values of this call that must never be logged, such as
	// the admin password in plain and encrypted form.
	secrets []string
	// readOnly marks a call that changes nothing whatever its method (a
	// POST that only reads, such as listByInstanceId): it may be repeated
	// freely, and it is bounded like every other read.
	readOnly bool
}

// mayRetry reports whether the call can be sent more than once. POST
// creates things; only a clientToken makes repeating it safe, because the
// API then answers the repeat with the result of the first.
func (r request) mayRetry() bool {
	return r.readOnly || r.method != http.MethodPost || r.query.Get("clientToken") != ""
}

// isRead reports whether the call only reads.
func (r request) isRead() bool {
	return r.readOnly || r.method == http.MethodGet
}

// attemptResult is the outcome of one attempt.
type attemptResult struct {
	err        error
	retryable  bool
	reason     string        // why it may be retried, for the log
	retryAfter time.Duration // the server's Retry-After, if any
}

// do runs r with retries. Each attempt is signed afresh (new x-bce-date),
// bounded by the per-attempt timeout, and waits between attempts end at once
// when ctx is done. A read is also bounded as a whole (Config.ReadTimeout),
// so an endpoint that swallows requests cannot hold a refresh for the sum of
// every attempt's timeout and backoff.
func (c *Client) do(ctx context.Context, r request) error {
	secrets := c.secretsFor(r.secrets...)
	ctx = logContext(ctx, r.operation, secrets)
	if !r.isRead() {
		_, err := c.run(ctx, r, secrets)
		return err
	}
	parent := ctx
	ctx, cancel := c.clock.WithTimeout(ctx, c.readTimeout)
	defer cancel()
	stoppedEarly, err := c.run(ctx, r, secrets)
	if err != nil && parent.Err() == nil && (wait.TimedOut(ctx) || stoppedEarly) && c.readBoundIsFirst(parent, ctx) {
		return fmt.Errorf("%s: no usable answer from %s within %s, the bound of one read with all its retries: %w", r.operation, c.endpoint.Host, c.readTimeout, err)
	}
	return err
}

// readBoundIsFirst reports whether the read bound on bounded ends before the
// caller's own deadline on parent, so that it is what stopped the read.
func (c *Client) readBoundIsFirst(parent, bounded context.Context) bool {
	mine, _ := wait.TimeLeft(bounded, c.clock)
	theirs, ok := wait.TimeLeft(parent, c.clock)
	return !ok || mine < theirs
}

// run makes the attempts of one call. stoppedEarly reports that it gave up
// because the next wait would have passed ctx's deadline.
func (c *Client) run(ctx context.Context, r request, secrets []string) (stoppedEarly bool, err error) {
	var payload []byte
	if r.body != nil {
		var err error
		if payload, err = json.Marshal(r.body); err != nil {
			return false, fmt.Errorf("%s: encoding request body: %w", r.operation, err)
		}
	}
	rawQuery := encodeQuery(r.action, r.query)

	for attempt := 1; ; attempt++ {
		res := c.attempt(ctx, r, payload, rawQuery, attempt, secrets)
		if res.err == nil {
			return false, nil
		}
		setAttempts(res.err, attempt)
		if ctx.Err() != nil || !res.retryable || !r.mayRetry() || attempt > c.maxRetries {
			return false, res.err
		}

		// Retry-After is a floor, not a rendezvous: callers throttled
		// together that all came back exactly then would collide again,
		// so the jittered backoff is added on top of it.
		delay := res.retryAfter + c.jitter(c.backoff.ceiling(attempt))
		fields := map[string]any{
			fieldAttempt:     attempt,
			fieldRetryReason: res.reason,
			fieldRetryInMS:   delay.Milliseconds(),
		}
		if left, ok := wait.TimeLeft(ctx, c.clock); ok && left <= delay {
			// Waiting would only end in a deadline error; the API's own
			// answer says more.
			tflog.SubsystemWarn(ctx, logSubsystem, "not retrying: the wait would pass the deadline", fields)
			return true, res.err
		}
		tflog.SubsystemInfo(ctx, logSubsystem, "retrying request", fields)
		if err := c.clock.Sleep(ctx, delay); err != nil {
			return false, fmt.Errorf("%s: stopped waiting to retry (%s): %w; last error: %w", r.operation, wait.Ended(ctx), err, res.err)
		}
	}
}

func (c *Client) attempt(ctx context.Context, r request, payload []byte, rawQuery string, n int, secrets []string) attemptResult {
	actx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()

	u := url.URL{Scheme: c.endpoint.Scheme, Host: c.endpoint.Host, Path: r.path, RawQuery: rawQuery}
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(actx, r.method, u.String(), body)
	if err != nil {
		return attemptResult{err: &TransportError{Operation: r.operation, Err: err}}
	}
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("Accept", "application/json")
	// Every request carries Content-Type, those without a body (GET,
	// DELETE, ?start) too: Baidu's common-header page lists it on every BCC
	// API [doc], and bce-sdk-go sends it on every request [SDK]. It is one
	// of the headers signed by default, so it is set before signing and the
	// signature covers exactly what goes on the wire.
	req.Header.Set("Content-Type", contentTypeJSON)
	bceauth.SignRequest(req, c.creds, c.now(), bceauth.DefaultExpiration)
	// The signature is a credential for up to 30 minutes; a server that
	// echoes the Authorization header must not get it into logs or errors.
	if auth := req.Header.Get("Authorization"); auth != "" {
		signature := auth[strings.LastIndexByte(auth, '/')+1:]
		secrets = append(secrets[:len(secrets):len(secrets)], signature)
		ctx = tflog.SubsystemMaskLogStrings(ctx, logSubsystem, signature)
	}

	fields := map[string]any{
		fieldMethod:  r.method,
		fieldPath:    r.path,
		fieldQuery:   rawQuery,
		fieldAttempt: n,
	}
	tflog.SubsystemDebug(ctx, logSubsystem, "sending request", fields)
	start := time.Now()

	resp, err := c.httpClient.Do(req)
	if err != nil {
		reason, retryable := classifyTransportError(err)
		fields[fieldDurationMS] = time.Since(start).Milliseconds()
		fields[fieldError] = err.Error()
		tflog.SubsystemDebug(ctx, logSubsystem, "request failed", fields)
		return attemptResult{err: &TransportError{Operation: r.operation, Err: err}, retryable: retryable, reason: reason}
	}
	data, readErr := readBody(resp.Body)
	resp.Body.Close()

	requestID := cleanRequestID(resp.Header.Get(headerRequestID))
	fields[fieldStatus] = resp.StatusCode
	fields[fieldRequestID] = requestID
	fields[fieldDurationMS] = time.Since(start).Milliseconds()
	fields[fieldResponseSize] = len(data)

	if readErr != nil {
		reason, retryable := classifyTransportError(readErr)
		if errors.Is(readErr, errBodyTooLarge) {
			retryable = false
		}
		fields[fieldError] = readErr.Error()
		tflog.SubsystemDebug(ctx, logSubsystem, "reading response failed", fields)
		return attemptResult{
			err:       &ResponseError{StatusCode: resp.StatusCode, RequestID: requestID, Operation: r.operation, Err: fmt.Errorf("reading response body: %w", readErr)},
			retryable: retryable,
			reason:    "reading response: " + reason,
		}
	}

	if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
		tflog.SubsystemDebug(ctx, logSubsystem, "received response", fields)
		if r.out == nil || (r.emptyOK && len(bytes.TrimSpace(data)) == 0) {
			return attemptResult{}
		}
		if err := decodeJSON(data, r.out); err != nil {
			res := attemptResult{err: &ResponseError{StatusCode: resp.StatusCode, RequestID: requestID, Operation: r.operation, Err: err}}
			// An answer that is empty or not JSON at all was garbled on the
			// way (a proxy, a cut connection), and is worth another try for
			// a call that may be repeated: a create repeated with its client
			// token returns the instance it already made, which would
			// otherwise be lost to state. Well-formed JSON of the wrong
			// shape is the server's considered answer, and asking again
			// would only repeat it.
			if !errors.Is(err, errWrongShape) {
				res.retryable, res.reason = true, fmt.Sprintf("unreadable HTTP %d answer", resp.StatusCode)
			}
			return res
		}
		if r.check != nil {
			// Well-formed JSON that lacks what the call needs: as above,
			// the server's considered answer.
			if err := r.check(); err != nil {
				return attemptResult{err: &ResponseError{StatusCode: resp.StatusCode, RequestID: requestID, Operation: r.operation, Err: err}}
			}
		}
		return attemptResult{}
	}

	apiErr := decodeError(r.operation, resp.StatusCode, resp.Header, data, secrets)
	apiErr.Host = c.endpoint.Host
	apiErr.EndpointSetting = c.endpointSetting
	fields[fieldRequestID] = apiErr.RequestID
	if apiErr.Code != "" {
		fields[fieldErrorCode] = apiErr.Code
	}
	fields[fieldError] = apiErr.Message
	tflog.SubsystemDebug(ctx, logSubsystem, "received error response", fields)

	res := attemptResult{err: apiErr}
	switch {
	case isThrottleCode(apiErr.Code):
		res.retryable, res.reason = true, "throttled ("+apiErr.Code+")"
	case resp.StatusCode == http.StatusTooManyRequests,
		resp.StatusCode == http.StatusInternalServerError,
		resp.StatusCode == http.StatusBadGateway,
		resp.StatusCode == http.StatusServiceUnavailable,
		resp.StatusCode == http.StatusGatewayTimeout:
		res.retryable, res.reason = true, fmt.Sprintf("HTTP %d", resp.StatusCode)
	}
	if res.retryable {
		res.retryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), c.now())
	}
	return res
}

// readBody reads at most maxResponseBody bytes and reports a larger body as
// an error rather than silently truncating it.
func readBody(body io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(body, maxResponseBody+1))
	if err != nil {
		return data, err
	}
	if len(data) > maxResponseBody {
		return data[:maxResponseBody], errBodyTooLarge
	}
	return data, nil
}

// errWrongShape marks a 2xx body that is valid JSON but not of the shape the
// call expects (a string where an object belongs, say).
var errWrongShape = errors.New("response body is JSON of the wrong shape")

func decodeJSON(data []byte, out any) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return errors.New("empty response body where JSON was expected")
	}
	if err := json.Unmarshal(data, out); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return fmt.Errorf("%w: %w", errWrongShape, err)
		}
		return fmt.Errorf("response body is not the expected JSON: %w", err)
	}
	return nil
}

// classifyTransportError says whether a failure to get or read an answer is
// worth another attempt, and names it for the log. Failures that another
// attempt cannot fix (an untrusted certificate, an unknown host, a
// malformed answer) are final.
func classifyTransportError(err error) (reason string, retryable bool) {
	var (
		certErr *tls.CertificateVerificationError
		dnsErr  *net.DNSError
		netErr  net.Error
		opErr   *net.OpError
	)
	switch {
	case errors.Is(err, context.Canceled):
		return "canceled", false
	case errors.Is(err, context.DeadlineExceeded):
		return "attempt timed out", true
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused", true
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset", true
	case errors.Is(err, syscall.ECONNABORTED):
		return "connection aborted", true
	case errors.Is(err, syscall.EPIPE):
		return "broken pipe", true
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "connection closed early (EOF)", true
	case errors.As(err, &certErr):
		return "TLS certificate not trusted", false
	case errors.As(err, &dnsErr):
		if dnsErr.IsNotFound {
			return "host not found", false
		}
		return "DNS lookup failed", true
	case errors.As(err, &netErr) && netErr.Timeout():
		return "network timeout", true
	case errors.As(err, &opErr):
		return "network error", true
	}
	return "request failed", false
}

// setAttempts records on the error how many attempts were made.
func setAttempts(err error, n int) {
	var (
		apiErr   *APIError
		respErr  *ResponseError
		transErr *TransportError
	)
	switch {
	case errors.As(err, &apiErr):
		apiErr.Attempts = n
	case errors.As(err, &respErr):
		respErr.Attempts = n
	case errors.As(err, &transErr):
		transErr.Attempts = n
	}
}

// encodeQuery builds the query string: the bare action key first, then the
// parameters sorted by key, each percent-encoded exactly as the signature
// canonicalises it, so the server's decoding cannot differ from ours.
func encodeQuery(action string, query url.Values) string {
	var parts []string
	if action != "" {
		parts = append(parts, bceauth.Encode(action, false))
	}
	keys := make([]string, 0, len(query))
	for k := range query {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range query[k] {
			parts = append(parts, bceauth.Encode(k, false)+"="+bceauth.Encode(v, false))
		}
	}
	return strings.Join(parts, "&")
}
