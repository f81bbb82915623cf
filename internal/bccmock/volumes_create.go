package bccmock

import (
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// cdsStorageTypes are the storage types a CDS disk can be created with.
// Local disks and elastic ephemeral disks are not CDS and not modelled.
var cdsStorageTypes = []string{
	"hp1", "cloud_hp1", "enhanced_ssd_pl0", "enhanced_ssd_pl1", "enhanced_ssd_pl2", "enhanced_ssd_pl3",
	"premium_ssd", "ssd", "std1", "sata", "hdd", "HDD_Throughput",
}

const (
	defaultCdsStorageType = "hp1"
	minCdsSizeGB          = 5
	maxCdsSizeGB          = 32765
	maxVolumePurchase     = 5
)

// createVolumeRequest is POST /v2/volume. Baidu's SDK sends many of these
// fields even when unset, as "", 0, false or null, so those values mean
// "absent" throughout.
type createVolumeRequest struct {
	Name               string       `json:"name"`
	Description        string       `json:"description"`
	SnapshotID         string       `json:"snapshotId"`
	ZoneName           string       `json:"zoneName"`
	PurchaseCount      int          `json:"purchaseCount"`
	CdsSizeInGB        int          `json:"cdsSizeInGB"`
	StorageType        string       `json:"storageType"`
	Billing            *wireBilling `json:"billing"`
	InstanceID         string       `json:"instanceId"`
	Tags               []wireTag    `json:"tags"`
	DeleteWithInstance bool         `json:"deleteWithInstance"`
	DeleteAutoSnapshot bool         `json:"deleteAutoSnapshot"`
	// Accepted only when absent: the mock does not model what they do.
	EncryptKey             string     `json:"encryptKey"`
	ClusterID              string     `json:"clusterId"`
	ShareSnapshotID        string     `json:"shareSnapshotId"`
	AutoSnapshotPolicy     []rawValue `json:"autoSnapshotPolicy"`
	CdsExtraIo             int        `json:"cdsExtraIo"`
	RelationTag            bool       `json:"relationTag"`
	EnableDeleteProtection flexBool   `json:"enableDeleteProtection"`
}

type createVolumeResponse struct {
	VolumeIDs   []string `json:"volumeIds"`
	WarningList []string `json:"warningList"`
}

// volumePlan is a validated create request.
type volumePlan struct {
	req      createVolumeRequest
	count    int
	size     int
	storage  string
	zone     string
	payment  string
	months   int
	instance *instance
}

func validateCreateVolume(req createVolumeRequest) (volumePlan, *apiError) {
	p := volumePlan{req: req}
	for _, unsupported := range []struct {
		field string
		set   bool
	}{
		{"encryptKey", req.EncryptKey != ""}, {"clusterId", req.ClusterID != ""}, {"shareSnapshotId", req.ShareSnapshotID != ""},
		{"autoSnapshotPolicy", len(req.AutoSnapshotPolicy) > 0}, {"cdsExtraIo", req.CdsExtraIo != 0},
		{"relationTag", req.RelationTag}, {"enableDeleteProtection", bool(req.EnableDeleteProtection)},
	} {
		if unsupported.set {
			return p, badBody("%s is not supported by this mock; leave it out.", unsupported.field)
		}
	}
	if req.CdsSizeInGB == 0 && req.SnapshotID == "" {
		return p, badBody("cdsSizeInGB or snapshotId is required.")
	}
	if req.CdsSizeInGB != 0 && (req.CdsSizeInGB < minCdsSizeGB || req.CdsSizeInGB > maxCdsSizeGB) {
		return p, badBody("cdsSizeInGB must be between %d and %d, got %d.", minCdsSizeGB, maxCdsSizeGB, req.CdsSizeInGB)
	}
	p.size = req.CdsSizeInGB
	p.count = req.PurchaseCount
	if p.count == 0 {
		p.count = 1
	}
	if p.count < 1 || p.count > maxVolumePurchase {
		return p, badBody("purchaseCount must be between 1 and %d, got %d.", maxVolumePurchase, req.PurchaseCount)
	}
	p.storage = req.StorageType
	if p.storage == "" {
		p.storage = defaultCdsStorageType
	}
	if !slices.Contains(cdsStorageTypes, p.storage) {
		return p, badBody("storageType %q is not one of %s.", p.storage, strings.Join(cdsStorageTypes, ", "))
	}
	if req.ZoneName != "" && !zonePattern.MatchString(req.ZoneName) {
		return p, badBody("zoneName %q is not a zone name like cn-bj-a.", req.ZoneName)
	}
	if req.Name != "" && !validName(req.Name) {
		return p, newError(http.StatusBadRequest, CodeDiskNameInvalid, "Volume name is invalid.")
	}
	if utf8.RuneCountInString(req.Description) > maxDescLength {
		return p, badBody("description is longer than %d characters.", maxDescLength)
	}
	if aerr := validateTags(req.Tags, "tags"); aerr != nil {
		return p, aerr
	}
	payment, months, aerr := validateBilling(req.Billing)
	if aerr != nil {
		return p, aerr
	}
	p.payment, p.months = payment, months
	return p, nil
}

// validateBilling checks a billing object as instances and disks share it.
func validateBilling(b *wireBilling) (payment string, months int, aerr *apiError) {
	if b == nil || b.PaymentTiming == "" {
		return "", 0, badBody("billing.paymentTiming is required: Prepaid or Postpaid.")
	}
	switch b.PaymentTiming {
	case PaymentPostpaid:
		return PaymentPostpaid, 0, nil
	case PaymentPrepaid:
		r := b.Reservation
		if r == nil || r.ReservationLength == 0 {
			return "", 0, badBody("billing.reservation.reservationLength is required for Prepaid (one of %v months).", reservationMonths)
		}
		if !slices.Contains(reservationMonths, r.ReservationLength) {
			return "", 0, badBody("billing.reservation.reservationLength %d is not sold: choose one of %v months.", r.ReservationLength, reservationMonths)
		}
		if r.ReservationTimeUnit != "" && r.ReservationTimeUnit != "Month" {
			return "", 0, badBody("billing.reservation.reservationTimeUnit %q is not supported: use Month.", r.ReservationTimeUnit)
		}
		return PaymentPrepaid, r.ReservationLength, nil
	}
	return "", 0, badBody("billing.paymentTiming %q is not valid: use Prepaid or Postpaid.", b.PaymentTiming)
}

// createVolumeLocked is POST /v2/volume?clientToken=.
func (s *Server) createVolumeLocked(c *call) (int, any, *apiError) {
	var req createVolumeRequest
	key, replay, done, aerr := s.tokenCallLocked(c, "", &req)
	if done {
		return replay.status, replay.body, aerr
	}
	p, aerr := validateCreateVolume(req)
	if aerr != nil {
		return 0, nil, aerr
	}
	if aerr := s.planSourcesLocked(&p, c.now); aerr != nil {
		return 0, nil, aerr
	}

	ids := make([]string, 0, p.count)
	for range p.count {
		v := s.newVolumeLocked(p, key.token, c.now)
		ids = append(ids, v.id)
	}
	resp := createVolumeResponse{VolumeIDs: ids, WarningList: []string{}}
	s.rememberLocked(key, c.body, resp)
	return http.StatusOK, resp, nil
}

// planSourcesLocked checks what the request refers to: the instance to
// attach to and the snapshot to copy.
func (s *Server) planSourcesLocked(p *volumePlan, now time.Time) *apiError {
	req := p.req
	p.zone = req.ZoneName
	if req.InstanceID != "" {
		in, aerr := s.liveLocked(req.InstanceID, now)
		if aerr != nil {
			return aerr
		}
		if !in.settledIn() {
			return conflict(CodeInstanceStatusCannotAttach, "Instance only when it is running or stopped state can mount to it.")
		}
		if p.zone == "" {
			p.zone = in.zoneName
		}
		if p.zone != in.zoneName {
			return zoneMismatch(p.zone, in)
		}
		if p.payment == PaymentPrepaid && in.payment != PaymentPrepaid {
			return badBody("a Prepaid disk can be created attached only to a Prepaid instance; %s is %s.", in.id, in.payment)
		}
		p.instance = in
	}
	if p.zone == "" {
		p.zone = defaultZone
	}
	if req.SnapshotID != "" {
		snapSize, aerr := s.volumeSourceSnapshotLocked(req.SnapshotID, now)
		if aerr != nil {
			return aerr
		}
		if p.size == 0 {
			p.size = snapSize
		}
		if p.size < snapSize {
			return badBody("cdsSizeInGB %d is smaller than the snapshot's %d GB.", p.size, snapSize)
		}
	}
	return nil
}

func zoneMismatch(zone string, in *instance) *apiError {
	return newError(http.StatusForbidden, CodeVolumeZoneNotMatch,
		"The volume in zone %s and the instance %s in zone %s are not in the same zone.", zone, in.id, in.zoneName)
}

func (s *Server) newVolumeLocked(p volumePlan, token string, now time.Time) *volume {
	id, seq := s.st.newObjectID("v-", s.st.volumeSeq)
	v := &volume{
		seq: seq, id: id, name: p.req.Name, desc: p.req.Description, sizeGB: p.size, storageType: p.storage,
		zone: p.zone, payment: p.payment, createTime: now, sourceSnapshotID: p.req.SnapshotID,
		tags: append([]wireTag{}, p.req.Tags...), clientToken: token,
		deleteWithInst: p.req.DeleteWithInstance, deleteAutoSnap: p.req.DeleteAutoSnapshot,
	}
	if v.name == "" {
		v.name = id
	}
	if p.payment == PaymentPrepaid {
		if s.cfg.PrepaidExpireAfter > 0 {
			v.expireTime = now.Add(s.cfg.PrepaidExpireAfter)
		} else {
			v.expireTime = now.AddDate(0, p.months, 0)
		}
	}
	then := VolumeStatusAvailable
	if p.instance != nil {
		// The device is taken now, so disks created together get distinct
		// ones; the attachment shows once the disk is InUse.
		v.instanceID = p.instance.id
		v.device, _ = s.freeDeviceLocked(p.instance.id, now)
		then = VolumeStatusInUse
	}
	v.begin(now, opCreate, VolumeStatusCreating, then, s.cfg.VolumeCreateTime)
	v.settle(now)
	s.st.volumes[id] = v
	return v
}
