package bccmock

import "time"

// Demo credentials, used when Config.Credentials is empty and by the bccmock
// command by default. They protect nothing: the mock holds no real resources.
const (
	DemoAccessKey = "mock-access-key"
	DemoSecretKey = "mock-secret-key-0123456789abcdef"
)

// The values of Config.ListByIDEmptyInstances.
const (
	ListByIDEmptyList   = "[]"
	ListByIDEmptyNull   = "null"
	ListByIDEmptyAbsent = "absent"
)

// Config configures a Server. Durations of zero make the matching
// transition immediate.
type Config struct {
	// Credentials are the access keys the mock accepts; empty means the demo
	// pair DemoAccessKey/DemoSecretKey. All keys share one simulated account.
	Credentials []Credential
	// Clock drives the simulated cloud: lifecycle deadlines, createTime,
	// expireTime. nil means NewRealClock().
	Clock Clock
	// WallClock is the server's real time, used for the signature time
	// window and the rate limiter. nil means time.Now. It is separate from
	// Clock so that advancing the simulated cloud by a month (to expire a
	// prepaid instance) does not make every client's signature look stale.
	WallClock Clock
	// BootTime is how long a created or started instance stays Starting.
	BootTime time.Duration
	// CreatingWindow is how long after create a release is refused with
	// 403 Instance.ReleaseWhileCreating; it may outlast BootTime.
	CreatingWindow time.Duration
	// DeletedPhase is how long a released instance still answers GET with
	// status Deleted (or Recycled) before it is 404 NoSuchObject.
	DeletedPhase time.Duration
	// ScaleTime is how long a resize keeps the instance Scaling.
	ScaleTime time.Duration
	// ScaleDelay is how long after a resize call the instance still shows
	// its previous status and spec before it turns Scaling. It catches a
	// client that reads too early and takes the old status for the end.
	ScaleDelay time.Duration
	// ResizeKeepsStatus makes a resize end in the status the instance had
	// before it (Stopped stays Stopped) instead of Running. Baidu documents
	// Scaling then Running; whether a Stopped instance comes back Stopped is
	// not documented, so clients must accept either.
	ResizeKeepsStatus bool
	// VisibilityDelay is how long after create a new instance is invisible
	// to the API: its detail and every call on it answer 404 NoSuchObject
	// and lists leave it out, as Baidu's reads can lag a create. A create
	// retried with its clientToken still returns its id.
	VisibilityDelay time.Duration
	// ListByIDUnknownFails makes POST /v2/instance/listByInstanceId answer
	// 404 NoSuchObject when any id is unknown, instead of leaving unknown
	// ids out. Baidu does not document which it does.
	ListByIDUnknownFails bool
	// ListByIDEmptyInstances is how POST /v2/instance/listByInstanceId
	// writes "instances" on a page that lists nothing (no id matched): ""
	// or ListByIDEmptyList for [], ListByIDEmptyNull for null,
	// ListByIDEmptyAbsent to leave the key out. Baidu's page shows the key
	// in every answer but no answer that matches nothing, so clients must
	// accept all three. Any other value makes New panic.
	ListByIDEmptyInstances string
	// DeletionProtectionCode is the code of the 403 answered to a manual
	// release of an instance whose deletionProtection is 1; "" means
	// Instance.DeletionProtection. Baidu documents no code for it, so the
	// default is invented and a test can try the provider against others.
	DeletionProtectionCode string
	// EarlyReleaseRefundFalse makes POST /v2/instance/delete answer
	// instanceRefundFlag false for every release it makes. By default it is
	// true for an unexpired prepaid instance and false otherwise (the
	// refund reading of the flag). Baidu's page describes the flag as
	// whether the instance was released, so a client must not read a
	// failure into false: this knob tries that.
	EarlyReleaseRefundFalse bool
	// VolumeCreateTime is how long a new CDS disk stays Creating before it
	// is Available (InUse when created for an instance).
	VolumeCreateTime time.Duration
	// AttachTime and DetachTime are how long a disk stays Attaching (then
	// InUse) and Detaching (then Available).
	AttachTime time.Duration
	DetachTime time.Duration
	// VolumeResizeTime is how long a disk resize keeps it Scaling.
	VolumeResizeTime time.Duration
	// DetachNotAttachedAs404 makes detaching a disk from an instance it is
	// not attached to answer 404 instead of 400 (both with
	// Volume.DiskNotAttachedInstance): Baidu's page gives 400 in its table
	// and 404 in its prose.
	DetachNotAttachedAs404 bool
	// RecycledVolumesVisible makes GET /v2/volume/{id} show a disk released
	// into the recycle bin with status Recycled instead of 404. Lists leave
	// it out either way. Baidu does not document which it does.
	RecycledVolumesVisible bool
	// SnapshotsForgetGoneVolumes makes a snapshot whose disk has been
	// released (or whose instance is gone) show volumeId "" instead of the
	// id it was taken of. Baidu does not say which it does; by default the
	// id is kept.
	SnapshotsForgetGoneVolumes bool
	// ImagesHideSources leaves "snapshots" out of custom images, so that
	// nothing in an image names the instance it was made from. By default a
	// custom image lists its system-disk snapshot, whose volumeId is that
	// instance; Baidu's SDKs have the field but no source says what it holds.
	ImagesHideSources bool
	// SnapshotTime is how long a new snapshot stays Creating.
	SnapshotTime time.Duration
	// ImageTime is how long a new custom image stays Creating, and how long
	// the instance it is made from shows ImageProcessing.
	ImageTime time.Duration
	// StopTime is how long a stop keeps the instance Stopping.
	StopTime time.Duration
	// Latency is added to every request, in real time.
	Latency time.Duration
	// Seed seeds instance ids, request ids and fault decisions.
	Seed int64
	// Logger receives one line per request, and debugging hints; nil is
	// silent. Secrets never reach it.
	Logger func(format string, args ...any)
	// RequireContentType is the strict header check: a signed request
	// whose Content-Type is missing or not application/json (charset, if
	// given, utf-8) answers 400 InvalidHTTPRequest, bodiless requests (GET,
	// DELETE, ?start) included. Baidu's common-header page lists
	// "Content-Type: application/json; charset=utf-8" on every BCC API and
	// bce-sdk-go sends it on every request; but Baidu's official Python SDK
	// sends none on BCC calls, so Baidu evidently accepts its absence, and
	// so does the mock unless this is set. The code is invented: Baidu
	// documents none for a missing header.
	RequireContentType bool
	// TimeWindow is how far a request's signing time may lie ahead of the
	// server's wall clock; 0 means 30 minutes. How long a signature stays
	// valid afterwards is the expiration the client signed.
	TimeWindow time.Duration
	// PrepaidExpireAfter, when positive, replaces a prepaid instance's or
	// disk's "create time + reservation months" expiry by "create time +
	// this", so a demo can watch one expire. Mock-only: Baidu has no such
	// knob.
	PrepaidExpireAfter time.Duration
	// Admin enables the unsigned /_mock/ endpoints (see admin.go). They are
	// not part of the BCC API; leave off unless a demo or benchmark needs them.
	Admin bool
	// MaxRecords bounds the request log kept for Requests; 0 means 10000.
	// Counts are kept for every request regardless.
	MaxRecords int
}
