package volume

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
)

// createRequest maps the plan to the API's create request.
func (m cdsVolumeModel) createRequest(ctx context.Context) (client.CreateVolumeRequest, error) {
	tags, err := framework.ExpandTags(ctx, m.Tags)
	if err != nil {
		return client.CreateVolumeRequest{}, err
	}
	req := client.CreateVolumeRequest{
		StorageType:   m.StorageType.ValueString(),
		ZoneName:      m.AvailabilityZone.ValueString(),
		Name:          m.Name.ValueString(),
		Description:   m.Description.ValueString(),
		SnapshotID:    m.SnapshotID.ValueString(),
		PurchaseCount: 1,
		Tags:          tags,
		Billing:       &client.Billing{PaymentTiming: client.PaymentPostpaid},
	}
	if !m.SizeInGB.IsNull() && !m.SizeInGB.IsUnknown() {
		req.CdsSizeInGB = int(m.SizeInGB.ValueInt64())
	}
	return req, nil
}

// setFromAPI copies what the API reports into the model. snapshot_id is
// kept as configured: Baidu's sourceSnapshotId is shown only where it keeps
// it, and a disk whose source snapshot was deleted since must not plan a
// replacement.
func (m *cdsVolumeModel) setFromAPI(v *client.Volume) {
	m.ID = types.StringValue(v.ID)
	m.AvailabilityZone = types.StringValue(v.ZoneName)
	m.SizeInGB = types.Int64Value(int64(v.DiskSizeInGB))
	m.StorageType = types.StringValue(v.StorageType)
	m.Name = types.StringValue(v.Name)
	m.Description = types.StringValue(v.Desc)
	if v.PaymentTiming != "" {
		m.PaymentTiming = types.StringValue(v.PaymentTiming)
	}
	m.Status = types.StringValue(v.Status)
	m.Type = types.StringValue(v.Type)
	m.AttachedInstanceID = types.StringValue(v.AttachedInstance())
	m.CreateTime = types.StringValue(v.CreateTime)
	m.Tags = framework.FlattenTags(v.Tags, m.Tags)
}

// setRead is what Read records of the disk: setFromAPI, and after an
// import the source snapshot. The list resource records the same, so that
// the configuration it generates matches the state an import leaves.
func (m *cdsVolumeModel) setRead(v *client.Volume) {
	if m.SnapshotID.IsNull() && v.SourceSnapshotID != "" {
		// Only after an import: the source is otherwise what was
		// configured, and kept even if Baidu stops showing it.
		m.SnapshotID = types.StringValue(v.SourceSnapshotID)
	}
	m.setFromAPI(v)
}

// withUnknownsNulled returns a copy fit for state: state may not hold
// unknown values, and a computed value the API has not reported yet is
// better recorded as null than guessed.
func (m cdsVolumeModel) withUnknownsNulled() *cdsVolumeModel {
	for _, v := range []*types.String{&m.ID, &m.Name, &m.Status, &m.Type, &m.AttachedInstanceID, &m.CreateTime, &m.StorageType, &m.PaymentTiming, &m.Description} {
		if v.IsUnknown() {
			*v = types.StringNull()
		}
	}
	if m.SizeInGB.IsUnknown() {
		m.SizeInGB = types.Int64Null()
	}
	if m.Tags.IsUnknown() {
		m.Tags = types.MapNull(types.StringType)
	}
	return &m
}
