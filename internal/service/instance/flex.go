package instance

import (
	"context"
	"fmt"
	"regexp"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
)

// createRequest maps the plan to the API's create request.
func (m bccInstanceModel) createRequest(ctx context.Context) (client.CreateInstanceBySpecRequest, diag.Diagnostics) {
	var diags diag.Diagnostics
	req := client.CreateInstanceBySpecRequest{
		Spec:                m.InstanceSpec.ValueString(),
		ImageID:             m.ImageID.ValueString(),
		ZoneName:            m.AvailabilityZone.ValueString(),
		Name:                m.Name.ValueString(),
		Hostname:            m.Hostname.ValueString(),
		AdminPass:           m.AdminPass.ValueString(),
		KeypairID:           m.KeypairID.ValueString(),
		SubnetID:            m.SubnetID.ValueString(),
		RootDiskSizeInGb:    int(m.RootDiskSizeInGB.ValueInt64()),
		RootDiskStorageType: m.RootDiskStorageType.ValueString(),
		PurchaseCount:       1,
		UserData:            m.UserData.ValueString(),
		Billing:             client.Billing{PaymentTiming: m.PaymentTiming.ValueString()},
		// Description is not part of the create API; Create sets it after.
	}
	if !m.SecurityGroups.IsNull() && !m.SecurityGroups.IsUnknown() {
		diags.Append(m.SecurityGroups.ElementsAs(ctx, &req.SecurityGroupIDs, false)...)
		sort.Strings(req.SecurityGroupIDs)
	}
	tags, err := framework.ExpandTags(ctx, m.Tags)
	if err != nil {
		diags.AddAttributeError(path.Root("tags"), "Invalid tags", err.Error())
	}
	req.Tags = tags
	if !m.Reservation.IsNull() && !m.Reservation.IsUnknown() {
		var res reservationModel
		diags.Append(m.Reservation.As(ctx, &res, basetypes.ObjectAsOptions{})...)
		req.Billing.Reservation = &client.Reservation{
			ReservationLength:   int(res.Length.ValueInt64()),
			ReservationTimeUnit: res.TimeUnit.ValueString(),
		}
	}
	return req, diags
}

// setFromAPI copies what the API reports into the model. Arguments the API
// does not return (admin_pass, admin_pass_wo_version, user_data,
// reservation, security_groups, the system disk) keep their current values.
func (m *bccInstanceModel) setFromAPI(inst *client.Instance) {
	m.ID = types.StringValue(inst.ID)
	m.InstanceSpec = types.StringValue(inst.Spec)
	m.ImageID = types.StringValue(inst.ImageID)
	m.AvailabilityZone = types.StringValue(inst.ZoneName)
	m.Name = types.StringValue(inst.Name)
	m.Description = types.StringValue(inst.Desc)
	m.Hostname = types.StringValue(inst.Hostname)
	if inst.PaymentTiming != "" {
		m.PaymentTiming = types.StringValue(inst.PaymentTiming)
	}
	m.KeypairID = types.StringValue(inst.KeypairID)
	m.SubnetID = types.StringValue(inst.SubnetID)
	m.Status = types.StringValue(inst.Status)
	m.InternalIP = types.StringValue(inst.InternalIP)
	m.PublicIP = types.StringValue(normalizePublicIP(inst.PublicIP))
	m.VpcID = types.StringValue(inst.VpcID)
	m.CPUCount = types.Int64Value(int64(inst.CPUCount))
	m.MemoryCapacityInGB = types.Int64Value(int64(inst.MemoryCapacityInGB))
	m.CreateTime = types.StringValue(inst.CreateTime)
	m.ExpireTime = types.StringValue(inst.ExpireTime)
	m.DeletionProtection = types.BoolValue(inst.Protected())

	m.Tags = framework.FlattenTags(inst.Tags, m.Tags)
}

// fillImportDefaults gives the arguments that an import leaves null, and
// that the API does not report, the values a configuration without them
// would plan: after it, Read's state and a list result agree with the
// configuration that -generate-config-out writes.
func (m *bccInstanceModel) fillImportDefaults() {
	if m.PaymentTiming.IsNull() {
		m.PaymentTiming = types.StringValue(client.PaymentPostpaid)
	}
	if m.OnDestroy.IsNull() {
		m.OnDestroy = defaultOnDestroy()
	}
}

// readSystemDisk fills the root disk attributes from the instance's system
// volume. It costs one call, so it runs only when the values are not known
// (after a create that left them to Baidu, and after an import).
func (m *bccInstanceModel) readSystemDisk(ctx context.Context, c *client.Client) error {
	volumes, err := c.ListInstanceVolumes(ctx, m.ID.ValueString())
	if err != nil {
		return err
	}
	for _, v := range volumes {
		if v.Type == "System" || v.IsSystemVolume {
			m.RootDiskSizeInGB = types.Int64Value(int64(v.DiskSizeInGB))
			m.RootDiskStorageType = types.StringValue(v.StorageType)
			return nil
		}
	}
	return fmt.Errorf("Baidu listed %d volumes for instance %s and none is its system disk, so root_disk_size_in_gb and root_disk_storage_type cannot be read",
		len(volumes), m.ID.ValueString())
}

// withUnknownsNulled returns a copy fit for state: state may not hold
// unknown values, and a computed value the API has not reported yet is
// better recorded as null than guessed.
func (m bccInstanceModel) withUnknownsNulled() *bccInstanceModel {
	nullString := func(v *types.String) {
		if v.IsUnknown() {
			*v = types.StringNull()
		}
	}
	nullInt := func(v *types.Int64) {
		if v.IsUnknown() {
			*v = types.Int64Null()
		}
	}
	for _, v := range []*types.String{&m.ID, &m.Name, &m.Description, &m.Hostname, &m.PaymentTiming, &m.KeypairID,
		&m.RootDiskStorageType, &m.SubnetID, &m.Status, &m.InternalIP, &m.PublicIP, &m.VpcID, &m.CreateTime, &m.ExpireTime,
		&m.InstanceSpec, &m.ImageID, &m.AvailabilityZone, &m.AdminPass, &m.AdminPassWO, &m.UserData} {
		nullString(v)
	}
	for _, v := range []*types.Int64{&m.RootDiskSizeInGB, &m.CPUCount, &m.MemoryCapacityInGB, &m.AdminPassWOVersion} {
		nullInt(v)
	}
	if m.DeletionProtection.IsUnknown() {
		m.DeletionProtection = types.BoolNull()
	}
	if m.Tags.IsUnknown() {
		m.Tags = types.MapNull(types.StringType)
	}
	if m.SecurityGroups.IsUnknown() {
		m.SecurityGroups = types.SetNull(types.StringType)
	}
	if m.Reservation.IsUnknown() {
		m.Reservation = types.ObjectNull(reservationAttrTypes)
	}
	if m.OnDestroy.IsUnknown() || m.OnDestroy.IsNull() {
		m.OnDestroy = defaultOnDestroy()
	}
	return &m
}

// normalizePublicIP maps Baidu's "-" placeholder to the empty string.
func normalizePublicIP(ip string) string {
	if ip == "-" {
		return ""
	}
	return ip
}

// rootDiskTypePattern is the shape of Baidu storage type names.
var rootDiskTypePattern = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
