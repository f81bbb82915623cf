// Package client is a small client for Baidu AI Cloud's BCC (instance) API,
// made for a Terraform provider: every call takes a context.Context, so
// Terraform's timeouts and Ctrl-C interrupt it.
//
// What it guarantees:
//
//   - Transport: HTTPS unless an endpoint with "http://" is given; its own
//     http.Client (never http.DefaultClient), no redirects followed; every
//     attempt is bounded by Config.RequestTimeout (default 60s), every read
//     with all its attempts by Config.ReadTimeout (default 2m), and answers
//     larger than 10 MiB are refused.
//   - Signing: bce-auth-v1 with a fresh x-bce-date and signature on every
//     attempt, retries included; STS session tokens go in x-bce-security-token.
//   - Retries: network failures (reset, refused, timeouts, EOF), HTTP 429, 500,
//     502, 503, 504 and throttling codes are retried up to Config.MaxRetries
//     times with capped exponential backoff and full jitter; Retry-After is
//     honoured (capped at 60s). No other 4xx is retried. A 2xx body that is
//     empty or not JSON is retried; well-formed JSON of the wrong shape is
//     not. A wait that would pass the context's deadline is not started,
//     and cancellation ends a wait at once. Waits run on Config.Clock.
//   - Idempotency: a POST is retried only when it carries a clientToken (the
//     creates), and the token and request body are identical on every
//     attempt; resize also carries one. A POST that only reads (the batch
//     read listByInstanceId) is retried like a GET. GET, PUT and DELETE are
//     retried as they are.
//   - Errors: *APIError (status, code, message, request id, operation),
//     *ResponseError (an answer that could not be read or decoded, with status
//     and request id) and *TransportError (no answer; errors.Is sees the cause,
//     e.g. context.DeadlineExceeded). IsNotFound, HasCode and RequestIDOf read them.
//   - "Gone": IsNotFound is true only for Baidu's own error document with a
//     not-found code. Every other 404 (an HTML or empty page, JSON that is
//     not Baidu's, InvalidURI, InvalidVersion) is an error that names the
//     endpoint's host and asks whether the endpoint setting is right.
//   - Redaction: the secret key, session token, Authorization header and admin
//     passwords (plain and encrypted) never appear in a log line or an error.
//     Headers and bodies are never logged; the values are also masked in the
//     "bce" tflog subsystem (level: TF_LOG_PROVIDER_BAIDU_BCE) and scrubbed
//     from server error messages.
package client
