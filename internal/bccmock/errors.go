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
	CodeRebootForbidden             = "Instance.RebootInstanceOperationForbidden"     // 409, not documented: as above

	// Documented, CDS volumes.
	CodeDiskNotAvailable           = "Volume.DistNotAvailable"           // 409 (sic: "Dist"): attach needs an Available disk
	CodeInstanceStatusCannotAttach = "Volume.InstanceStatusCannotAttach" // 409
	CodeInstanceStatusCannotDetach = "Volume.InstanceStatusCannotDetach" // 409
	CodeDiskNotAttachedInstance    = "Volume.DiskNotAttachedInstance"    // 400 (404 with Config.DetachNotAttachedAs404)
	CodeDiskStatusCannotBeDeleted  = "Volume.DiskStatusCannotBeDeleted"  // 409
	CodeSystemDiskCannotBeDeleted  = "Volume.SystemDiskCannotBeDeleted"  // 403
	CodeDiskNameInvalid            = "Volume.DiskNameInvalid"            // 400

	// Invented for CDS volumes: Baidu documents the rule but no code (or
	// neither); see the package documentation.
	CodeVolumeZoneNotMatch         = "Volume.ZoneNotMatch"               // 403: disk and instance in different zones
	CodeSystemDiskCannotBeDetached = "Volume.SystemDiskCannotBeDetached" // 403
	CodeSystemDiskCannotBeResized  = "Volume.SystemDiskCannotBeResized"  // 403
	CodeInvalidDiskSize            = "Volume.InvalidDiskSize"            // 400: a resize that does not grow the disk
	CodeDiskStatusCannotResize     = "Volume.DiskStatusCannotResize"     // 409
	CodeDiskStatusCannotDetach     = "Volume.DiskStatusCannotDetach"     // 409: attached, but not InUse
	CodeVolumeReleaseNotPrepay     = "Volume.ReleaseNotPrepay"           // 403: a Prepaid disk before expiry
	CodeNoFreeDevice               = "Volume.NoFreeDevice"               // 409: /dev/vdb-/dev/vdz all taken

	// Invented for snapshots: Baidu documents the rules (and for deletion the
	// 403) but no codes.
	CodeSnapshotVolumeStatus       = "Snapshot.VolumeStatusForbidden"        // 409: the disk is not InUse/Available
	CodeSnapshotInstanceStatus     = "Snapshot.InstanceStatusForbidden"      // 409: a system disk's instance is not Running/Stopped
	CodeSnapshotStatusCannotDelete = "Snapshot.CreatingSnapshotCannotDelete" // 403: delete while Creating
	CodeSystemSnapshotNotAllowed   = "Volume.SystemSnapshotNotAllowed"       // 400: a CDS disk from a system-disk snapshot
	CodeSnapshotNotAvailable       = "Volume.SnapshotNotAvailable"           // 409: a CDS disk from a snapshot not Available

	// Documented, images (the create codes from BBC's same-shaped API).
	CodeImageNameInvalid             = "Image.ImageNameInvalid"             // 400
	CodeImageIDIsEmpty               = "Image.ImageIdIsEmpty"               // 400
	CodeImageInstanceStatus          = "Image.InstanceStatusForbidden"      // 409
	CodeImageQuotaExceedLimit        = "Image.ImageQuotaExceedLimit"        // 413
	CodeUnCustomImageCannotBeDeleted = "Image.UnCustomImageCannotBeDeleted" // 403
	CodeCreatingImageCannotBeDeleted = "Image.CreatingImageCannotBeDeleted" // 409
	CodeImageHasBeenShared           = "Image.ImageHasBeenSharedToOthers"   // 409
	CodeAccessDenied                 = "AccessDenied"                       // 403: relateCds without Baidu's whitelist

	// Invented for images: Baidu documents the 409 but no code.
	CodeImageSnapshotStatus    = "Image.SnapshotStatusForbidden" // 409: the snapshot is not Available
	CodeImageSnapshotNotSystem = "Image.SnapshotNotSystemDisk"   // 409: the snapshot is of a CDS disk

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
