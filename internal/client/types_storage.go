package client

import "strings"

// Types of the CDS volume, snapshot and custom image calls. JSON names are
// Baidu's exactly: the server matches them case-sensitively. Sources are
// tagged as in bce-api.md: [doc] Baidu's API reference, [meta] Baidu's API
// metadata, [SDK] bce-sdk-go, [gen] Baidu's generated Go SDK, [?] assumed.

// Volume types (VolumeModel.type) [SDK, gen].
const (
	VolumeTypeSystem    = "System"
	VolumeTypeEphemeral = "Ephemeral"
	VolumeTypeCds       = "Cds" // a data disk
)

// Volume statuses [SDK VolumeStatus; Recycled from the v3 enum]. The doc
// confirms Available, InUse, Expired and Error. Which operation passes
// through which transitional status is inferred from the names [?]:
// attach Attaching, detach Detaching, resize Scaling.
const (
	VolumeStatusCreating           = "Creating"
	VolumeStatusAvailable          = "Available"
	VolumeStatusAttaching          = "Attaching"
	VolumeStatusInUse              = "InUse"
	VolumeStatusDetaching          = "Detaching"
	VolumeStatusScaling            = "Scaling"
	VolumeStatusSnapshotProcessing = "SnapshotProcessing"
	VolumeStatusImageProcessing    = "ImageProcessing"
	VolumeStatusRecharging         = "Recharging"
	VolumeStatusExpired            = "Expired"
	VolumeStatusNotAvailable       = "NotAvailable"
	VolumeStatusError              = "Error"
	VolumeStatusDeleting           = "Deleting"
	VolumeStatusDeleted            = "Deleted"
	VolumeStatusRecycled           = "Recycled"
)

// Volume list usage filters (usageFilter) [2025 doc, meta].
const (
	VolumeUsageSystem = "system"
	VolumeUsageData   = "data"
)

// Snapshot statuses [SDK SnapshotStatus]. The doc confirms CreatedFailed
// (sic: not CreateFailed as for images) and Available.
const (
	SnapshotStatusCreating      = "Creating"
	SnapshotStatusCreatedFailed = "CreatedFailed"
	SnapshotStatusAvailable     = "Available"
	SnapshotStatusNotAvailable  = "NotAvailable"
)

// Snapshot creation methods: MANUAL [doc]; AUTO for policy snapshots [?].
const (
	SnapshotCreateMethodManual = "MANUAL"
	SnapshotCreateMethodAuto   = "AUTO"
)

// Image statuses [SDK ImageStatus]. The doc confirms Available; Creating is
// implied by the code Image.CreatingImageCannotBeDeleted. Note CreateFailed,
// unlike the snapshots' CreatedFailed.
const (
	ImageStatusCreating     = "Creating"
	ImageStatusCreateFailed = "CreateFailed"
	ImageStatusAvailable    = "Available"
	ImageStatusNotAvailable = "NotAvailable"
	ImageStatusError        = "Error"
)

// Image types (Image.Type and the list's imageType) [doc, meta, SDK].
// ImageTypeAll is only a list filter, and the list's default.
const (
	ImageTypeAll           = "All"
	ImageTypeSystem        = "System"
	ImageTypeCustom        = "Custom"
	ImageTypeIntegration   = "Integration"
	ImageTypeSharing       = "Sharing"
	ImageTypeGpuBccSystem  = "GpuBccSystem"
	ImageTypeGpuBccCustom  = "GpuBccCustom"
	ImageTypeFpgaBccSystem = "FpgaBccSystem"
	ImageTypeFpgaBccCustom = "FpgaBccCustom"
	ImageTypeBbcSystem     = "BbcSystem"
	ImageTypeBbcCustom     = "BbcCustom"
	ImageTypeEbcSystem     = "EbcSystem"
	ImageTypeEbcCustom     = "EbcCustom"
)

// Error codes of the volume and image calls, with the status Baidu gives
// them. Snapshot errors have no documented codes ("without special error
// code" [doc]), and releasing a protected instance has no known code (§7).
const (
	// 409 on attach: the disk is not Available (sic, "Dist") [doc attach page].
	CodeVolumeDistNotAvailable = "Volume.DistNotAvailable"
	// 409 on attach: the instance is neither Running nor Stopped [doc attach page].
	CodeVolumeInstanceStatusCannotAttach = "Volume.InstanceStatusCannotAttach"
	// 409 on detach: the instance is neither Running nor Stopped [doc detach page].
	CodeVolumeInstanceStatusCannotDetach = "Volume.InstanceStatusCannotDetach"
	// On detach: the disk is not attached to that instance. The doc's table
	// says 400, its prose 404 [doc detach page]; match the code, not the
	// status. The official provider expects it after the instance has gone.
	CodeVolumeDiskNotAttachedInstance = "Volume.DiskNotAttachedInstance"
	// 409 on release: the disk is not Available, Expired or Error [doc release page].
	CodeVolumeDiskStatusCannotBeDeleted = "Volume.DiskStatusCannotBeDeleted"
	// 403 on release of a system disk [doc release page].
	CodeVolumeSystemDiskCannotBeDeleted = "Volume.SystemDiskCannotBeDeleted"
	// 400 on rename and modify [doc rename/modify pages].
	CodeVolumeDiskNameInvalid = "Volume.DiskNameInvalid"

	// 409 on delete while the image is being created [doc delete page].
	CodeImageCreatingImageCannotBeDeleted = "Image.CreatingImageCannotBeDeleted"
	// 409 on delete of an image shared with other accounts [doc delete page].
	CodeImageHasBeenSharedToOthers = "Image.ImageHasBeenSharedToOthers"
	// 403 on delete of an image that is not custom [doc delete page].
	CodeImageUnCustomImageCannotBeDeleted = "Image.UnCustomImageCannotBeDeleted"
	// 400 on create and rename [doc rename page; BBC's create page, assumed
	// the same for BCC's create].
	CodeImageNameInvalid = "Image.ImageNameInvalid"
	// The next three are documented only on BBC's same-shaped create page
	// and assumed for BCC [?]: 400 no instance or snapshot id given, 413
	// more than 20 custom images in the region, 409 the instance is
	// neither Running nor Stopped.
	CodeImageIDIsEmpty               = "Image.ImageIdIsEmpty"
	CodeImageQuotaExceedLimit        = "Image.ImageQuotaExceedLimit"
	CodeImageInstanceStatusForbidden = "Image.InstanceStatusForbidden"
)

// VolumeAttachment links a disk to an instance [SDK, gen, Java SDK].
type VolumeAttachment struct {
	VolumeID   string `json:"volumeId"`
	InstanceID string `json:"instanceId"`
	Device     string `json:"device"` // the Java SDK marks it as about to be withdrawn
	Serial     string `json:"serial"`
}

// CreateVolumeRequest is the body of POST /v2/volume [2025 doc, meta]. Give
// CdsSizeInGB or SnapshotID (or both: the size must then be at least the
// snapshot's, and defaults to it). Baidu treats "" and 0 as absent; the
// optional fields are left out when unset all the same.
type CreateVolumeRequest struct {
	CdsSizeInGB int `json:"cdsSizeInGB,omitempty"`
	// StorageType, e.g. enhanced_ssd_pl1, cloud_hp1, hp1 (Baidu's default).
	StorageType string `json:"storageType,omitempty"`
	// ZoneName, e.g. cn-bj-a; Baidu picks one when it is empty [meta].
	ZoneName string `json:"zoneName,omitempty"`
	Name     string `json:"name,omitempty"`
	// Description is sent as "description" (the detail answers "desc").
	Description string `json:"description,omitempty"`
	// SnapshotID must be a CDS snapshot; a system-disk snapshot is refused [doc].
	SnapshotID string `json:"snapshotId,omitempty"`
	// PurchaseCount is 1 to 5; 0 leaves it out (Baidu's default is 1).
	PurchaseCount int   `json:"purchaseCount,omitempty"`
	Tags          []Tag `json:"tags,omitempty"`
	// Billing is "required" in meta; nil leaves it out and lets Baidu decide.
	Billing *Billing `json:"billing,omitempty"`
}

// ListVolumesRequest filters GET /v2/volume. Empty fields are not sent.
type ListVolumesRequest struct {
	// InstanceID lists the disks of one instance, its system disk included [doc].
	InstanceID string
	ZoneName   string
	// UsageFilter is VolumeUsageSystem or VolumeUsageData.
	UsageFilter string
	// PaymentTiming is PaymentPostpaid or PaymentPrepaid, sent as Baidu's
	// chargeFilter (postpay or prepay) [2025 doc, meta].
	PaymentTiming string
}

// Snapshot is a disk snapshot (SnapshotModel) [doc detail example; expireTime SDK].
type Snapshot struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	SizeInGB int    `json:"sizeInGB"`
	Status   string `json:"status"`
	// CreateMethod is SnapshotCreateMethodManual or, assumed, SnapshotCreateMethodAuto.
	CreateMethod string `json:"createMethod"`
	// VolumeID is the disk's id, or the instance id for a system-disk
	// snapshot [doc]. What it shows once the disk has gone is unknown [?].
	VolumeID   string `json:"volumeId"`
	Desc       string `json:"desc"`
	CreateTime string `json:"createTime"`
	ExpireTime string `json:"expireTime"`
}

// CreateSnapshotRequest is the body of POST /v2/snapshot [doc].
type CreateSnapshotRequest struct {
	// VolumeID is a CDS volume id, or an instance id for a snapshot of that
	// instance's system disk [doc, meta].
	VolumeID string `json:"volumeId"`
	// SnapshotName is required: 1-65 characters, starting with a letter [doc].
	SnapshotName string `json:"snapshotName"`
	Desc         string `json:"desc,omitempty"`
	// RetentionInDays is 1 to 10000, or -1 to keep it for ever (Baidu's
	// default) [meta]; 0 leaves it out.
	RetentionInDays int   `json:"retentionInDays,omitempty"`
	Tags            []Tag `json:"tags,omitempty"`
}

// ModifySnapshotRequest is the body of PUT /v2/snapshot/{id}?modifyAttribute
// [meta, SDK]. A nil field is left out and stays as it is; a pointer to ""
// clears the description.
type ModifySnapshotRequest struct {
	SnapshotName    *string `json:"snapshotName,omitempty"`
	Desc            *string `json:"desc,omitempty"`
	RetentionInDays *int    `json:"retentionInDays,omitempty"`
}

// Image is an image (ImageModel) [doc detail example].
type Image struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Type   string `json:"type"` // one of the ImageType constants
	Status string `json:"status"`
	OsType string `json:"osType"` // e.g. linux
	OsName string `json:"osName"`
	// OsVersion, e.g. "14.04.1 LTS".
	OsVersion string `json:"osVersion"`
	OsArch    string `json:"osArch"` // e.g. "x86_64 (64bit)"
	OsBuild   string `json:"osBuild"`
	// MinDiskGB is the smallest system disk the image fits on (note the
	// JSON name's lowercase "b").
	MinDiskGB  int    `json:"minDiskGb"`
	DiskSize   int    `json:"diskSize"`
	CreateTime string `json:"createTime"`
	Desc       string `json:"desc"`
	// Snapshots are the snapshots the image holds [SDK, gen]. What Baidu
	// puts there is not documented [?]; a custom image's system-disk
	// snapshot, if listed, names the source instance as its volumeId.
	Snapshots []Snapshot `json:"snapshots"`
}

// SourceInstance is the instance the image was made from, as far as its
// snapshots tell: the first instance id among their volumeIds, or "" when
// none names one (Baidu may list none).
func (im *Image) SourceInstance() string {
	for _, sn := range im.Snapshots {
		if strings.HasPrefix(sn.VolumeID, "i-") {
			return sn.VolumeID
		}
	}
	return ""
}

// CreateImageRequest is the body of POST /v2/image [2025 doc, meta]. Give
// exactly one of InstanceID (an image of its system disk; the instance must
// be Running or Stopped) and SnapshotID (an Available system-disk snapshot).
type CreateImageRequest struct {
	// ImageName is required: 1-65 characters, starting with a letter [doc].
	ImageName  string `json:"imageName"`
	InstanceID string `json:"instanceId,omitempty"`
	SnapshotID string `json:"snapshotId,omitempty"`
}

// pageFields are the paging fields of every BCC list answer [doc].
type pageFields struct {
	NextMarker  string `json:"nextMarker"`
	IsTruncated bool   `json:"isTruncated"`
}
