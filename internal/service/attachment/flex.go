package attachment

import (
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
)

// setFromAPI records the device and serial of the attachment.
func (m *cdsVolumeAttachmentModel) setFromAPI(v *client.Volume) {
	a, _ := v.AttachmentTo(m.InstanceID.ValueString())
	m.ID = types.StringValue(attachmentID(m.VolumeID.ValueString(), m.InstanceID.ValueString()))
	m.Device = types.StringValue(a.Device)
	m.Serial = types.StringValue(a.Serial)
}

func (m cdsVolumeAttachmentModel) withUnknownsNulled() *cdsVolumeAttachmentModel {
	for _, v := range []*types.String{&m.Device, &m.Serial} {
		if v.IsUnknown() {
			*v = types.StringNull()
		}
	}
	return &m
}
