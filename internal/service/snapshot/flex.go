package snapshot

import (
	"math"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/validate"
)

// setFromAPI copies what the API reports into the model. The source
// (volume_id or instance_id) is kept as configured; only after an import,
// when neither is known, is it taken from Baidu's volumeId, which is the
// instance id for a system-disk snapshot.
func (m *bccSnapshotModel) setFromAPI(s *client.Snapshot) {
	m.ID = types.StringValue(s.ID)
	m.Name = types.StringValue(s.Name)
	m.Description = types.StringValue(s.Desc)
	m.Status = types.StringValue(s.Status)
	m.SizeInGB = types.Int64Value(int64(s.SizeInGB))
	m.CreateMethod = types.StringValue(s.CreateMethod)
	m.CreateTime = types.StringValue(s.CreateTime)
	if m.RetentionInDays.IsNull() {
		// After an import (or a retention set outside Terraform): Baidu
		// shows the retention only as the expiry it gives. A configured
		// retention is never re-derived, so a different rounding on
		// Baidu's side cannot cause a diff.
		if days, ok := retentionDays(s); ok {
			m.RetentionInDays = types.Int64Value(days)
		}
	}
	if m.VolumeID.IsNull() && m.InstanceID.IsNull() && s.VolumeID != "" {
		if strings.HasPrefix(s.VolumeID, validate.PrefixInstance) {
			m.InstanceID = types.StringValue(s.VolumeID)
		} else {
			m.VolumeID = types.StringValue(s.VolumeID)
		}
	}
}

// retentionDays is the retention a snapshot's expiry implies: whole days
// from its creation to its expiry.
func retentionDays(s *client.Snapshot) (int64, bool) {
	if s.ExpireTime == "" {
		return 0, false
	}
	created, err1 := time.Parse(time.RFC3339, s.CreateTime)
	expires, err2 := time.Parse(time.RFC3339, s.ExpireTime)
	if err1 != nil || err2 != nil || !expires.After(created) {
		return 0, false
	}
	return int64(math.Round(expires.Sub(created).Hours() / 24)), true
}

func (m bccSnapshotModel) withUnknownsNulled() *bccSnapshotModel {
	for _, v := range []*types.String{&m.ID, &m.Status, &m.CreateMethod, &m.CreateTime, &m.Description} {
		if v.IsUnknown() {
			*v = types.StringNull()
		}
	}
	if m.SizeInGB.IsUnknown() {
		m.SizeInGB = types.Int64Null()
	}
	return &m
}
