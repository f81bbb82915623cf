package image

import (
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
)

// setFromAPI copies what the API reports. instance_id and snapshot_id are
// never read back: Baidu does not report them, and a released source must
// not show a diff.
func (m *bccImageModel) setFromAPI(im *client.Image) {
	m.ID = types.StringValue(im.ID)
	m.Name = types.StringValue(im.Name)
	m.Status = types.StringValue(im.Status)
	m.OsType = types.StringValue(im.OsType)
	m.OsName = types.StringValue(im.OsName)
	m.OsVersion = types.StringValue(im.OsVersion)
	m.MinDiskGB = types.Int64Value(int64(im.MinDiskGB))
	m.CreateTime = types.StringValue(im.CreateTime)
}

func (m bccImageModel) withUnknownsNulled() *bccImageModel {
	for _, v := range []*types.String{&m.ID, &m.Status, &m.OsType, &m.OsName, &m.OsVersion, &m.CreateTime} {
		if v.IsUnknown() {
			*v = types.StringNull()
		}
	}
	if m.MinDiskGB.IsUnknown() {
		m.MinDiskGB = types.Int64Null()
	}
	return &m
}
