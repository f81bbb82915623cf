package bccmock

import (
	"fmt"
	"net/http"
)

// Error codes the mock answers with. Those marked "documented" are in Baidu's
// error tables; the others cover cases Baidu does not document, and the doc
// comment says why the mock picked them.
const (
	// Documented, authentication.
	CodeInvalidHTTPAuthHeader = "InvalidHTTPAuthHeader" // 400
	CodeInvalidAccessKeyID    = "InvalidAccessKeyId"    // 403
	CodeSignatureDoesNotMatch = "SignatureDoesNotMatch" // 400
	CodeRequestExpired        = "RequestExpired"        // 400

	// Documented, request shape.
	CodeMalformedJSON      = "MalformedJSON"      // 400: the body is not JSON
	CodeInappropriateJSON  = "InappropriateJSON"  // 400: JSON, but a field is missing or has a bad value
	CodeInvalidHTTPRequest = "InvalidHTTPRequest" // 400: a bad query parameter or missing action
	CodeInvalidURI         = "InvalidURI"         // answered with 404 for a /v2 path the mock does not serve
	CodeInvalidVersion     = "InvalidVersion"     // 404: a path outside /v2
	CodeInternalError      = "InternalError"      // 500
	CodeBadRequest         = "BadRequest"         // 400: documented for deletion protection, snapshots and image rename

	// Documented, BCC.
	CodeIdempotentParameterMismatch = "IdempotentParameterMismatch"                   // 403
	CodeReleaseWhileCreating        = "Instance.ReleaseWhileCreating"                 // 403
	CodeReleaseNotPrepay            = "Instance.ReleaseNotPrepay"                     // 403
	CodeStartForbidden              = "Instance.StartInstanceOperationForbidden"      // 409
	CodeStartWhenCreating           = "Instance.StartInstanceWhenCreating"            // 409
	CodeStartExpired                = "Instance.StartExpiredInstance"                 // 409
	CodeStopForbidden               = "Instance.StopInstanceOperationForbidden"       // 409
	CodeResizeForbidden             = "Instance.ResizeInstanceOperationForbidden"     // 409, not documented: named after the start/stop codes
	CodeChangePassForbidden         = "Instance.ChangePassInstanceOperationForbidden" // 409, not documented: as above

	// Invented: Baidu's documents name no code for releasing a protected
	// instance. Config.DeletionProtectionCode replaces it.
	CodeDeletionProtection = "Instance.DeletionProtection" // 403

	// Not documented by Baidu; see the package documentation.
	CodeNoSuchObject         = "NoSuchObject"         // 404: unknown or released instance
	CodeRequestLimitExceeded = "RequestLimitExceeded" // 429: rate limit fault
	CodeBadGateway           = "BadGateway"           // 502: injected fault
	CodeServiceUnavailable   = "ServiceUnavailable"   // 503: injected fault
)

// apiError is an answer the mock gives as a Baidu JSON error.
type apiError struct {
	status  int
	code    string
	message string
	// retryAfterSeconds, when positive, becomes a Retry-After header.
	retryAfterSeconds int
}

func (e *apiError) Error() string {
	return fmt.Sprintf("%d %s: %s", e.status, e.code, e.message)
}

func newError(status int, code, format string, args ...any) *apiError {
	return &apiError{status: status, code: code, message: fmt.Sprintf(format, args...)}
}

func badBody(format string, args ...any) *apiError {
	return newError(http.StatusBadRequest, CodeInappropriateJSON, format, args...)
}

func badQuery(format string, args ...any) *apiError {
	return newError(http.StatusBadRequest, CodeInvalidHTTPRequest, format, args...)
}

func noSuchInstance(id string) *apiError {
	return newError(http.StatusNotFound, CodeNoSuchObject, "The instance %s does not exist.", id)
}

func conflict(code, format string, args ...any) *apiError {
	return newError(http.StatusConflict, code, format, args...)
}

// errorBody is the wire form of every error.
type errorBody struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	RequestID string `json:"requestId"`
}
