package client

// JSON names follow the BCC v2 API exactly, including its irregular
// capitalisation (rootDiskSizeInGb next to memoryCapacityInGB).

import (
	"fmt"
	"strconv"
	"strings"
)

// Billing methods (paymentTiming) of instances and disks.
const (
	PaymentPostpaid = "Postpaid"
	PaymentPrepaid  = "Prepaid"
)

// Tag is a key/value tag of a resource.
type Tag struct {
	TagKey   string `json:"tagKey"`
	TagValue string `json:"tagValue"`
}

// Reservation is the prepaid term.
type Reservation struct {
	ReservationLength   int    `json:"reservationLength"`
	ReservationTimeUnit string `json:"reservationTimeUnit"`
}

// Billing selects Postpaid or Prepaid (with a Reservation).
type Billing struct {
	PaymentTiming string       `json:"paymentTiming"`
	Reservation   *Reservation `json:"reservation,omitempty"`
}

// CreateInstanceBySpecRequest is the body of POST /v2/instanceBySpec.
type CreateInstanceBySpecRequest struct {
	Spec     string `json:"spec"`
	ImageID  string `json:"imageId"`
	ZoneName string `json:"zoneName,omitempty"`
	Name     string `json:"name,omitempty"`
	Hostname string `json:"hostname,omitempty"`
	// AdminPass is the PLAIN password. CreateInstanceBySpec sends it
	// encrypted with the secret key and leaves this struct unchanged.
	AdminPass           string   `json:"adminPass,omitempty"`
	KeypairID           string   `json:"keypairId,omitempty"`
	SubnetID            string   `json:"subnetId,omitempty"`
	SecurityGroupIDs    []string `json:"securityGroupIds,omitempty"`
	RootDiskSizeInGb    int      `json:"rootDiskSizeInGb,omitempty"`
	RootDiskStorageType string   `json:"rootDiskStorageType,omitempty"`
	PurchaseCount       int      `json:"purchaseCount,omitempty"`
	UserData            string   `json:"userData,omitempty"`
	Tags                []Tag    `json:"tags,omitempty"`
	Billing             Billing  `json:"billing"`
	// Description is not a field of the create API; CreateInstanceBySpec
	// refuses a non-empty value rather than drop it. Set it afterwards
	// with UpdateInstanceDesc.
	Description string `json:"-"`
}

// CreateInstanceResult is the answer to a create.
type CreateInstanceResult struct {
	InstanceIDs []string `json:"instanceIds"`
	OrderID     string   `json:"orderId"`
}

// Instance is a BCC instance as GET /v2/instance/{id} and the list return
// it. The detail carries neither the root disk nor security groups; see
// ListInstanceVolumes for the disks.
type Instance struct {
	ID            string `json:"id"`
	Name          string `json:"name"`
	Hostname      string `json:"hostname"`
	Desc          string `json:"desc"`
	Status        string `json:"status"`
	Spec          string `json:"spec"`
	InstanceType  string `json:"instanceType"`
	PaymentTiming string `json:"paymentTiming"`
	CreateTime    string `json:"createTime"`
	// ExpireTime is "" for postpaid instances (the API sends null).
	ExpireTime         string `json:"expireTime"`
	InternalIP         string `json:"internalIp"`
	PublicIP           string `json:"publicIp"` // may be "-" or "" without one
	CPUCount           int    `json:"cpuCount"`
	MemoryCapacityInGB int    `json:"memoryCapacityInGB"`
	ImageID            string `json:"imageId"`
	ZoneName           string `json:"zoneName"`
	VpcID              string `json:"vpcId"`
	SubnetID           string `json:"subnetId"`
	KeypairID          string `json:"keypairId"`
	Tags               []Tag  `json:"tags"`
	// DeletionProtection is 0 or 1 in every source; create accepts "0"/"1"
	// strings too, so an answer in that form is read as well. Use Protected.
	DeletionProtection Flag `json:"deletionProtection"`
}

// Protected reports whether the instance's release protection is on: any
// value but 0. Erring towards "protected" costs a refused plan, never a
// release of an instance someone meant to keep.
func (i Instance) Protected() bool { return i.DeletionProtection != 0 }

// ListInstancesRequest filters and pages GET /v2/instance.
type ListInstancesRequest struct {
	InstanceIDs []string // at most 100, ORed
	// InstanceNames match names exactly, at most 100, ORed. A name holding
	// a comma cannot be sent (it would read as two names).
	InstanceNames []string
	ZoneName      string
	Status        string
	PaymentTiming string // Prepaid or Postpaid
	// Tags are sent as "key:value" pairs (a bare key, which matches any
	// value, when the value is empty) joined by commas; Baidu documents no
	// escaping, so a key or value holding ',' or ':' is refused.
	Tags    []Tag
	Marker  string
	MaxKeys int // 0 lets the API choose; at most 1000
}

// ListInstancesResult is one page of instances.
type ListInstancesResult struct {
	Instances   []Instance `json:"instances"`
	Marker      string     `json:"marker"`
	NextMarker  string     `json:"nextMarker"`
	IsTruncated bool       `json:"isTruncated"`
	MaxKeys     int        `json:"maxKeys"`
}

// Volume is a disk (Baidu's VolumeModel) as GET /v2/volume/{id} and the
// list GET /v2/volume return it.
type Volume struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Type is VolumeTypeSystem, VolumeTypeEphemeral or VolumeTypeCds (a data
	// disk). "system" and "data" are only values of the list's usageFilter.
	Type           string `json:"type"`
	StorageType    string `json:"storageType"`
	DiskSizeInGB   int    `json:"diskSizeInGB"`
	Status         string `json:"status"`
	IsSystemVolume bool   `json:"isSystemVolume"`
	ZoneName       string `json:"zoneName"`
	PaymentTiming  string `json:"paymentTiming"` // Prepaid or Postpaid
	CreateTime     string `json:"createTime"`
	// ExpireTime is "" when Baidu sends none (assumed for postpaid disks,
	// as for instances).
	ExpireTime       string `json:"expireTime"`
	Desc             string `json:"desc"` // create sends "description", modify "desc"
	SourceSnapshotID string `json:"sourceSnapshotId"`
	// Attachments names the instance the disk is attached to; there is no
	// top-level instanceId. It is empty (or absent) for a detached disk
	// [assumed: no source shows a detached disk's answer].
	Attachments []VolumeAttachment `json:"attachments"`
	Tags        []Tag              `json:"tags"`
}

type listVolumesResult struct {
	Volumes     []Volume `json:"volumes"`
	NextMarker  string   `json:"nextMarker"`
	IsTruncated bool     `json:"isTruncated"`
}

// Flag is an integer switch that Baidu may send as a number, a numeric
// string ("1"), a boolean or null (0).
type Flag int

// UnmarshalJSON reads a number, a numeric string, true/false or null.
func (f *Flag) UnmarshalJSON(b []byte) error {
	s := strings.TrimSpace(string(b))
	switch s {
	case "null", "false", `""`:
		*f = 0
		return nil
	case "true":
		*f = 1
		return nil
	}
	if unquoted, err := strconv.Unquote(s); err == nil {
		s = strings.TrimSpace(unquoted)
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return fmt.Errorf("a 0/1 switch: %.20q is not a number", string(b))
	}
	*f = Flag(n)
	return nil
}
