// Package bccmock is an in-memory mock of the Baidu Cloud Compute (BCC) v2
// API for instances, CDS disks, snapshots and custom images that checks
// bce-auth-v1 signatures the way Baidu does. It is
// what the provider's acceptance tests, demo and benchmarks run against, and
// what users can run in their own CI (see cmd/bccmock).
//
// A Server is an http.Handler: start it with httptest.NewServer in tests, or
// run the bccmock command. Its behaviour follows what Baidu documents, and its
// SDK does, for the BCC v2 API. Where Baidu documents nothing the mock had
// to choose; each such choice is marked "assumed" (a behaviour) or
// "invented" (an error code) below, and several are switches in Config so
// that a test can try the other answer. The code has one shared core
// (server.go, routes.go, config.go) and one set of files per API family:
// <family>.go has its routes and handlers (the larger families spread their
// handlers over <family>_<topic>.go), <family>_model.go its record and
// lifecycle, and <family>_introspect.go the views and controls for tests.
//
// Authentication. Every request needs a bce-auth-v1 Authorization header (or
// an authorization query parameter, as in a presigned URL). The canonical
// request is rebuilt from the server's view of the request — r.Host, the
// decoded path and query, and the headers listed in signedHeaders (the
// default set when the list is empty) — with the shared canonicaliser in
// internal/client/bceauth. Errors: 400 InvalidHTTPAuthHeader (missing or
// malformed), 403 InvalidAccessKeyId (unknown key; or an STS key whose
// x-bce-security-token is missing or wrong; or a permanent key that sends a
// token), 400 RequestExpired (signing time more than TimeWindow ahead of the
// server's wall clock, or older than the signed expiration), 400
// SignatureDoesNotMatch.
//
// Content-Type. Baidu's common-header page lists "Content-Type:
// application/json; charset=utf-8" as required on every BCC API [doc], and
// bce-sdk-go sends "application/json;charset=utf-8" on every request,
// bodiless ones (GET, DELETE, ?start) included, and signs it (it is in the
// default signed set) [SDK]. Baidu's Python SDK sends none on BCC calls, so
// Baidu evidently accepts its absence, and by default so does the mock
// (assumed). Config.RequireContentType (flag -require-content-type) is the
// strict mode: after the signature check, a request whose Content-Type is
// missing, repeated, or not application/json (a charset, if given, must be
// utf-8) answers 400 InvalidHTTPRequest (invented: Baidu documents no code
// for it) and does nothing. The provider's client sends "application/json;
// charset=utf-8" on every request and signs it; its acceptance tests run
// the mock in strict mode.
//
// Routes and their names (for RequestCount, Script, DropAfterProcessing):
//
//	CreateInstanceBySpec                 POST   /v2/instanceBySpec?clientToken=
//	CreateInstance                       POST   /v2/instance?clientToken=  (instanceType, cpuCount, memoryCapacityInGB)
//	ListInstances                        GET    /v2/instance?marker=&maxKeys=&instanceIds=&instanceNames=&fuzzyInstanceName=&zoneName=&status=&paymentTiming=&tags=...
//	ListInstancesByIDs                   POST   /v2/instance/listByInstanceId?marker=&maxKeys=  {"instanceIds"}
//	GetInstance                          GET    /v2/instance/{id}
//	ModifyInstanceAttribute              PUT    /v2/instance/{id}?modifyAttribute   {"name"}
//	ModifyInstanceDesc                   PUT    /v2/instance/{id}?modifyDesc        {"desc"}
//	ChangeInstancePass                   PUT    /v2/instance/{id}?changePass        {"adminPass"}
//	StartInstance                        PUT    /v2/instance/{id}?start
//	StopInstance                         PUT    /v2/instance/{id}?stop              {"forceStop"}
//	RebootInstance                       PUT    /v2/instance/{id}?reboot            {"forceStop"}  (SDK-only)
//	ResizeInstanceBySpec                 PUT    /v2/instanceBySpec/{id}?resize&clientToken=  {"spec"}
//	BindInstanceTags                     PUT    /v2/instance/{id}/tag?bind          {"changeTags"}
//	UnbindInstanceTags                   PUT    /v2/instance/{id}/tag?unbind        {"changeTags"}
//	ReleaseInstance                      DELETE /v2/instance/{id}
//	ReleaseInstanceWithRelatedResources  POST   /v2/instance/{id}                   {"relatedReleaseFlag","deleteCdsSnapshotFlag","cdsAttributeActive","bccRecycleFlag"}
//	ReleasePrepaidInstance               POST   /v2/instance/delete                 {"instanceId",...} or ?instanceId=
//	ModifyDeletionProtection             PUT    /v2/instance/{id}/deletionProtection  {"deletionProtection":0|1}
//	CreateVolume                         POST   /v2/volume?clientToken=            {"cdsSizeInGB"|"snapshotId","billing",...}
//	ListVolumes                          GET    /v2/volume?instanceId=&zoneName=&usageFilter=&chargeFilter=&name=&volumeIds=&marker=&maxKeys=
//	GetVolume                            GET    /v2/volume/{id}
//	AttachVolume                         PUT    /v2/volume/{id}?attach               {"instanceId"}
//	DetachVolume                         PUT    /v2/volume/{id}?detach               {"instanceId"}
//	ResizeVolume                         PUT    /v2/volume/{id}?resize&clientToken=  {"newCdsSizeInGB","newVolumeType"}
//	RenameVolume                         PUT    /v2/volume/{id}?rename               {"name"}
//	ModifyVolume                         PUT    /v2/volume/{id}?modify               {"cdsName","desc"}
//	ReleaseVolume                        DELETE /v2/volume/{id}
//	ReleaseVolumeByPost                  POST   /v2/volume/{id}                      {"recycle","manualSnapshot","autoSnapshot"}
//	CreateSnapshot                       POST   /v2/snapshot?clientToken=          {"volumeId","snapshotName","desc","retentionInDays","tags"}
//	ListSnapshots                        GET    /v2/snapshot?volumeId=&marker=&maxKeys=
//	GetSnapshot                          GET    /v2/snapshot/{id}
//	DeleteSnapshot                       DELETE /v2/snapshot/{id}
//	ModifySnapshot                       PUT    /v2/snapshot/{id}?modifyAttribute   {"snapshotName","desc","retentionInDays"}
//	CreateImage                          POST   /v2/image?clientToken=             {"imageName","instanceId"|"snapshotId"}
//	ListImages                           GET    /v2/image?imageType=&imageName=&marker=&maxKeys=
//	GetImage                             GET    /v2/image/{id}
//	DeleteImage                          DELETE /v2/image/{id}
//	RenameImage                          PUT    /v2/image/rename?clientToken=      {"name","imageId"|"imageIds"}
//	Unknown                              anything else: 404 InvalidURI (404 InvalidVersion outside /v2),
//	                                     including other methods on the reserved /v2/instance/{delete,
//	                                     listByInstanceId} and /v2/image/rename, and the unserved
//	                                     /v2/instance/{batchDelete,batchAction,noCharge},
//	                                     /v2/volume/{deletePrepay,autoRenew,cancelAutoRenew,modify,
//	                                     modifyDeleteProtection,progress}, /v2/snapshot/{chain,insnap},
//	                                     /v2/image/{os,import}: such words are never read as ids
//	MissingAction                        a PUT without exactly one known action key: 400 InvalidHTTPRequest
//
// Instance lists. Both answer {"marker","isTruncated","nextMarker","maxKeys",
// "instances"} with the detail's objects (Baidu's list page, 查询实例列表,
// says it returns "the details of all instances", and the provider's
// refresh answers Read from a listing on that ground), in creation order; a marker is an
// instance id (one released since still works) and nextMarker is left out
// of the last page. maxKeys is 1-1000, default 1000. GET /v2/instance ANDs
// its filter keys and ORs the comma values of one key: instanceIds,
// instanceNames (exact), fuzzyInstanceName (substring; 400 with
// instanceNames), zoneName, status, paymentTiming, vpcId, privateIps (needs
// vpcId), internalIp, keypairId, securityGroupIds, volumeIds (alias cdsIds,
// as Baidu's SDK sends it), and tags (k:v or a bare k, comma list, all must
// match). A list filter takes at most 100 values (400 InvalidHTTPRequest).
// Filters on things the mock never has (dedicatedHostId or the SDK's
// dedicateHostId, deploySetIds, ehcClusterId, autoRenew=true) match nothing.
// POST /v2/instance/listByInstanceId reads marker and maxKeys from the query
// only (the SDK also sends "Marker"/"MaxKeys" in the body; they are ignored)
// and needs 1-100 instanceIds (else 400 InvalidHTTPRequest). Assumed, as
// Baidu does not document it: unknown ids are left out and the answer is
// 200 (Config.ListByIDUnknownFails answers 404 NoSuchObject instead); a
// page that lists nothing says "instances":[] (Baidu's page shows the key
// in every answer but no answer that matches nothing, and bce-sdk-go reads
// absent and null as empty: Config.ListByIDEmptyInstances, flag
// -list-by-id-empty-instances, answers null or leaves the key out instead;
// the provider's client reads all three as no match); an id given twice
// comes back once; the order is creation order, not the order
// asked; an instance released but still in its Deleted phase comes back
// with status Deleted (Recycled), as its detail shows it.
//
// Action keys arrive without '=' ("?start"); unknown query keys such as
// isDeploySet are ignored. Request bodies are matched by exact JSON field
// name, as Baidu's case-sensitive servers do (encoding/json alone would
// accept rootDiskSizeInGB for rootDiskSizeInGb); unknown fields are ignored
// and near misses are logged. Not JSON: 400 MalformedJSON. Missing or bad
// fields: 400 InappropriateJSON with a message naming the field. Unknown or
// released instance, volume, snapshot or image: 404 NoSuchObject. A
// clientToken (at most 64 printable ASCII characters) makes a create or
// resize idempotent: the same token with the same body answers the first
// answer again, with another body 403 IdempotentParameterMismatch. Lists of
// every family page with marker (an id of that family, one gone since
// still works) and maxKeys (1-1000, default 1000), and leave nextMarker out
// of the last page.
//
// Lifecycle, computed lazily from Config.Clock under one mutex (no
// goroutines): a new instance is Starting and Running after BootTime; for
// CreatingWindow after create, release answers 403
// Instance.ReleaseWhileCreating (and start 409
// Instance.StartInstanceWhenCreating). Stop: Running -> Stopping ->
// Stopped after StopTime, else 409 Instance.StopInstanceOperationForbidden.
// Start: Stopped -> Starting -> Running after BootTime, else 409
// Instance.StartInstanceOperationForbidden (Instance.StartExpiredInstance
// once expired). Reboot is SDK-only: Baidu's API pages list no reboot, and
// the route and body are bce-sdk-go's (services/bcc/api/instance.go
// RebootInstance: PUT /v2/instance/{id}?reboot, body {"forceStop":bool},
// answer decoded as {"requestId","failedInstanceIdList"}) [SDK]. Assumed:
// Running -> Starting -> Running after BootTime (a real reboot may show
// other statuses or none; the provider only waits for Running), else 409
// Instance.RebootInstanceOperationForbidden (invented, named after the
// start/stop codes), also in the creating window and while resizing; the
// answer is {"requestId","failedInstanceIdList":[]}. FailNextInstances(n) makes the next n created instances end
// their boot in Error instead of Running. Resize: Running or Stopped ->
// (previous status and spec for ScaleDelay) -> Scaling -> Running after
// ScaleTime, the new spec showing when it completes. Running is Baidu's
// documented sequence; for an instance Stopped before the resize Baidu does
// not say whether it comes back Stopped, and Config.ResizeKeepsStatus (flag
// -resize-keeps-status) makes it end in its previous status instead. During ScaleDelay the
// instance looks settled but is busy, so start, stop, resize and changePass
// are refused as they would be while Scaling (assumed: Baidu has accepted
// the resize). Otherwise 409
// Instance.ResizeInstanceOperationForbidden (a code Baidu does not document;
// named after the start/stop ones, as is
// Instance.ChangePassInstanceOperationForbidden). Prepaid instances expire
// at create time + reservation months (1-9, 12, 24 or 36) and then report
// Expired; before that DELETE answers 403 Instance.ReleaseNotPrepay, while
// POST /v2/instance/delete releases them early. A released instance shows
// status Deleted (Recycled with bccRecycleFlag) for DeletedPhase, then 404.
//
// Early release (POST /v2/instance/delete, Baidu's page "释放预付费实例",
// cloud.baidu.com/doc/BCC/s/qlozpzy93, read 2026-12): it releases prepaid
// instances before expiry with a refund, and postpaid or expired ones like
// DELETE; it refuses during the creating window and for deletion
// protection like every release route. The page documents 400
// InsufficientCreditException for an account short of refund quota; the
// refund limits on an older page (within 7 days of purchase, at most three
// no-reason refunds per product type a month) may not apply to every
// account, so the mock enforces none of them. The answer is
// {"successResources","failResources","instanceRefundFlag"} (SDK
// ReleasePrepaidInstanceResponse); the instance is in successResources.
// instanceRefundFlag is ambiguous: its name says refund, the page says
// "实例是否成功释放" (whether the instance was released). The mock answers
// true for an unexpired prepaid instance and false otherwise;
// Config.EarlyReleaseRefundFalse (flag -early-release-refund-false) answers
// false always, so a client that reads a failure into false is caught.
// FailNextEarlyReleases(n) makes the next n early releases answer 200 with
// the instance in failResources and release nothing (what Baidu's SDK
// models; when Baidu does it is not documented).
//
// Password change: PUT ?changePass needs adminPass encrypted with the
// caller's secret key (else 400 InappropriateJSON) and a Running or Stopped
// instance. Baidu's page documents no answer body ("no special return
// parameters", and its example has none) [doc]; the mock answers
// {"requestId","failedInstanceIdList":[]}, the shape bce-sdk-go decodes
// (BatchOperationResp, which fails on an empty body) [SDK]. What a
// non-empty list means is not documented; the mock takes it, as the
// provider's client does, for a change that did not happen for the
// instances listed (assumed): FailNextPasswordChanges(n) makes the next n
// changes that pass every check answer 200 with the instance listed and
// leave the password as it was.
//
// Deletion protection: PUT /v2/instance/{id}/deletionProtection takes the
// JSON number 0 or 1 (anything else: 400 BadRequest "invalid
// DeletionProtection value"; unknown instance: 404 NoSuchObject); create by
// spec takes deletionProtection as 0/1 or "0"/"1" (else 400
// InappropriateJSON, the mock's code for a bad create field); detail and
// lists show it as an int. While it is 1, every manual release (DELETE
// /v2/instance/{id}, POST /v2/instance/{id}, POST /v2/instance/delete)
// answers 403 Instance.DeletionProtection "Instance can not release with
// DeletionProtection." The code is invented (Baidu documents none) and
// Config.DeletionProtectionCode replaces it; the check comes before the
// creating window and the prepaid rule. Setting 0 lifts it (assumed).
// Prepaid expiry still happens.
//
// Release consequences, on every release route (and DeleteInstanceOutOfBand,
// ReleaseInstanceOutOfBand), as Baidu documents them: attached data disks
// (also those still attaching) are detached and kept, Available with no
// attachment, and their snapshots kept; the system disk's snapshots are
// deleted (their detail is then 404 NoSuchObject and lists leave them out)
// and the system disk goes; custom images made from the instance or its
// snapshots are kept. POST /v2/instance/{id} with relatedReleaseFlag also
// releases the postpaid data disks, and with deleteCdsSnapshotFlag their
// snapshots; with cdsAttributeActive each disk's deleteWithInstance decides
// instead (assumed to override relatedReleaseFlag). POST /v2/instance/delete
// with relatedReleaseFlag releases prepaid data disks too, and lists in its
// answer the volumes and snapshots that went. A release into the recycle
// bin (bccRecycleFlag) has the same consequences (assumed). A refused
// release changes nothing.
//
// Read lag: for VisibilityDelay after create a new instance does not exist
// for the API (404 NoSuchObject on its detail and every call on it, left
// out of lists and of its system disk's listing), while a create retried
// with its clientToken still returns its id and introspection sees it.
//
// CDS volumes. Every instance has its System disk (type System,
// isSystemVolume true, InUse, attachment /dev/vda), listed under
// ?instanceId= and gettable by id; it goes with the instance. Data disks
// (type Cds) move on the clock: create Creating -> Available after
// VolumeCreateTime (InUse when created with instanceId); attach Attaching
// -> InUse after AttachTime; detach Detaching -> Available after DetachTime;
// resize Scaling -> the previous status with the new size after
// VolumeResizeTime. attachments holds 0 or 1 entry {volumeId, instanceId,
// device, serial} with device /dev/vdb, /dev/vdc, ... (the first free one on
// that instance) and serial = the volume id; it is empty while Creating or
// Attaching and still shown while Detaching. There is no top-level
// instanceId. Documented rules and codes: attach needs an Available disk
// (409 Volume.DistNotAvailable, sic) and a Running or Stopped instance (409
// Volume.InstanceStatusCannotAttach); detach of a disk whose attachment does
// not name that instance is 400 Volume.DiskNotAttachedInstance (404 with
// Config.DetachNotAttachedAs404, as the page's prose says), checked before
// the instance so that it is also the answer once the instance has gone;
// an instance not Running or Stopped is 409 Volume.InstanceStatusCannotDetach;
// release needs Available, Expired or Error (409
// Volume.DiskStatusCannotBeDeleted), never a system disk (403
// Volume.SystemDiskCannotBeDeleted); a bad name is 400
// Volume.DiskNameInvalid (1-65 characters, a letter or Chinese character
// first, then letters, digits, Chinese and "-_ /."). Invented codes: 403
// Volume.ZoneNotMatch (disk and instance in different zones: the 403 is
// documented, the code is not), 400 Volume.InvalidDiskSize (a resize that
// does not grow the disk, or beyond 32765 GB), 409
// Volume.DiskStatusCannotResize (resize outside Available/InUse), 409
// Volume.DiskStatusCannotDetach (attached but Detaching or Scaling), 403
// Volume.SystemDiskCannotBeDetached, 403 Volume.SystemDiskCannotBeResized,
// 403 Volume.ReleaseNotPrepay (a Prepaid disk before expiry; Baidu has
// POST /v2/volume/deletePrepay for those, which the mock does not serve),
// 409 Volume.NoFreeDevice (no name left from /dev/vdb to /dev/vdz).
// Create: lowercase keys only; "", 0, null and false mean absent (Baidu's
// SDK sends them for unset fields); cdsSizeInGB (5-32765) or snapshotId is
// required; purchaseCount 1-5; billing is required (Baidu's metadata says
// so) as Postpaid or Prepaid with a reservation; storageType defaults to hp1
// (local and elastic ephemeral disks are not modelled); zoneName defaults to
// the instance's zone with instanceId, else cn-bj-a; a Prepaid disk created
// for an instance needs a Prepaid instance; name defaults to the volume id
// (assumed). Fields whose effect the mock does not model are refused with
// 400 InappropriateJSON when set: encryptKey, clusterId, shareSnapshotId,
// autoSnapshotPolicy, cdsExtraIo, relationTag, enableDeleteProtection (so
// encrypted and enableDeleteProtection are always false). Bad fields are 400
// InappropriateJSON, as for instances. A Prepaid disk expires like a prepaid
// instance (PrepaidExpireAfter too) and is then Expired and detached
// (assumed). DELETE deletes the disk: its detail is then 404 NoSuchObject.
// POST releases into the recycle bin unless recycle is "off": the disk
// leaves lists and every call on it is 404; its detail is 404 too, or shows
// status Recycled with Config.RecycledVolumesVisible (Baidu does not say
// which). Both keep the disk's snapshots unless the POST says
// manualSnapshot "on"; kept snapshots keep their volumeId (assumed; with
// Config.SnapshotsForgetGoneVolumes they show volumeId "" once their disk
// or instance is gone, and ?volumeId= still finds them by the old id).
//
// Snapshots. volumeId is a disk id, or an instance id meaning its system
// disk (the system disk's own v- id is taken too, assumed); it is kept
// exactly as given, so ?volumeId=<instance id> lists the system-disk
// snapshots made that way. A snapshot is Creating, then Available after
// SnapshotTime (CreatedFailed, sic, for the next n after
// FailNextSnapshots(n)); sizeInGB is the disk's size, createMethod MANUAL,
// tags as given. snapshotName is required (the name rule above);
// retentionInDays is 1-10000, or -1 or absent for ever, and when it runs
// out the snapshot is deleted (its expireTime; assumed). Bad fields: 400
// InappropriateJSON. Invented codes: 409 Snapshot.VolumeStatusForbidden (a
// CDS disk not InUse or Available), 409 Snapshot.InstanceStatusForbidden (a
// system disk whose instance is not Running or Stopped), 403
// Snapshot.CreatingSnapshotCannotDelete (deleting a Creating snapshot: the
// 403 is documented), and for a disk created from a snapshot 400
// Volume.SystemSnapshotNotAllowed (a system-disk snapshot) and 409
// Volume.SnapshotNotAvailable. A disk's snapshotNum (a string) counts its
// snapshots. Not modelled: snapshot quotas, automatic snapshots, a
// SnapshotProcessing status on the disk.
//
// Images. The mock lists a fixed catalog of public images (type System):
// m-A4jJpFzi Ubuntu 22.04, m-acc0001 CentOS 7.9, m-acc0002 Debian 12,
// m-Win2022a Windows Server 2022; instance create still takes any imageId.
// A custom image (type Custom) is made from an instance (instanceId wins
// when both ids are given) or from an Available system-disk snapshot; it is
// Creating, then Available after ImageTime (CreateFailed for the next n
// after FailNextImages(n)). Its OS fields come from the catalog entry of the
// source instance's imageId (Ubuntu 22.04 for an id the catalog does not
// have); minDiskGb and diskSize are the system disk's size. Assumed: while
// an image is made from it, the instance shows ImageProcessing for
// ImageTime, then its previous status, and refuses what it refuses while
// not Running or Stopped. Documented codes (BBC's for create, assumed the
// same for BCC): 400 Image.ImageNameInvalid "Image name is invalid.", 400
// Image.ImageIdIsEmpty, 409 Image.InstanceStatusForbidden "Instance not in
// running or stopped status.", 413 Image.ImageQuotaExceedLimit "Image
// number exceeds the limit." for a 21st custom image, and on delete 403
// Image.UnCustomImageCannotBeDeleted, 409 Image.CreatingImageCannotBeDeleted,
// 409 Image.ImageHasBeenSharedToOthers (after ShareImageOutOfBand), 404
// NoSuchObject. Invented: 409 Image.SnapshotStatusForbidden and 409
// Image.SnapshotNotSystemDisk for a snapshot source; 403 AccessDenied for
// relateCds true (Baidu needs a whitelist). imageType is All by default and
// must be one of Baidu's type names (exact case); imageName is a substring
// match and only with imageType=Custom (else 400 InvalidHTTPRequest, as the
// SDK refuses it). Rename takes imageId or imageIds (at most 100); every
// image must exist (404) and be custom (400 BadRequest), or none is renamed;
// its clientToken is checked for form only. A custom image lists, in
// "snapshots" (a field of Baidu's SDKs whose content no source describes),
// one snapshot of its system disk whose volumeId is the source instance,
// whether the image was made from the instance or from a snapshot of its
// system disk (chosen; the snapshot's id is derived from the image's).
// Config.ImagesHideSources leaves "snapshots" out, the other possibility.
//
// Decisions on answers Baidu leaves open (sources read 2026-12):
// Forbidden.InstanceNotFound is not a Baidu code: no Baidu page or SDK has
// it; the official Baidu provider's "already gone" list (baiducloud/
// error.go, BccNotFound) is a copy of Alibaba Cloud's EcsNotFound. The mock
// never answers it and the client's gone contract does not count it as
// gone (TestGoneContract). userData: Baidu's create reference (API
// metadata for CreateInstanceBySpec) recommends, without requiring,
// encrypting and Base64-encoding it ("建议加密后，然后以Base64的方式编码后再
// 传入"), and POST /v2/instance/attribute/getUserdata returns it
// Base64-encoded; the mock takes it as given and the provider sends
// user_data as written, with a plan warning when it is not Base64 (use
// base64encode() to follow the recommendation).
// Clearing a description: Baidu's modify calls for disks (PUT
// /v2/volume/{id}?modify, "desc与cdsName不能同时为空") and snapshots (PUT
// /v2/snapshot/{id}?modifyAttribute, every field optional) say nothing of
// an empty desc, and the SDK never sends one (omitempty), so nothing shows
// that Baidu can clear a description. The mock leaves the description as it
// is when desc is empty (and refuses a body with nothing to change); the
// client never sends an empty desc, and the provider refuses at plan time
// to replace a non-empty description with "" (removing the attribute keeps
// the current one).
//
// Codes Baidu does not document: not found is 404 NoSuchObject; the rate
// limit answers 429 RequestLimitExceeded with Retry-After (a code the
// facts list among those clients must treat as throttling); injected
// server errors are 500 InternalError, 502 BadGateway and 503
// ServiceUnavailable.
//
// Every error is {"code","message","requestId"} with the same id in the
// x-bce-request-id header, which success answers carry too. All configured
// keys share one simulated account, so clientTokens and every object are
// visible to every key. Request records name the path's id in ResourceID
// (and in InstanceID for instance routes).
//
// Fault injection (SetFaults, Script, DropAfterProcessing, FailNextInstances,
// FailNextPasswordChanges, FailNextSnapshots, FailNextImages) and introspection (Instances, Volumes,
// Snapshots, Images, Requests, RequestCount, the *OutOfBand drift helpers)
// are for tests; Config.Admin exposes some of them over HTTP under /_mock/.
// The out-of-band helpers act as a change in Baidu's console would:
// DeleteInstanceOutOfBand, DeleteVolumeOutOfBand, DeleteSnapshotOutOfBand and
// DeleteImageOutOfBand make an object vanish at once without the API's
// rules (an instance's release consequences still apply);
// ReleaseInstanceOutOfBand follows the API's rules and returns an *APIError
// when they refuse. SeedInstances puts many running instances in at once,
// for tests of listing at scale.
package bccmock
