package volume

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/planmodifiers"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/validate"
)

const (
	defaultVolumeCreateTimeout = 10 * time.Minute
	defaultVolumeUpdateTimeout = 10 * time.Minute
	defaultVolumeDeleteTimeout = 10 * time.Minute

	defaultVolumeStorageType = "hp1" // Baidu's default [meta]
	minVolumeSizeGB          = 5
	maxVolumeSizeGB          = 32765
)

// volumeStorageTypes are the storage types a CDS disk can be created with:
// the ones Baidu's API reference lists, then older names its SDK still has.
var volumeStorageTypes = []string{
	"hp1", "cloud_hp1", "enhanced_ssd_pl0", "enhanced_ssd_pl1", "enhanced_ssd_pl2", "enhanced_ssd_pl3",
	"premium_ssd", "ssd", "std1", "sata", "hdd", "HDD_Throughput",
}

type cdsVolumeModel struct {
	ID                 types.String   `tfsdk:"id"`
	AvailabilityZone   types.String   `tfsdk:"availability_zone"`
	SizeInGB           types.Int64    `tfsdk:"size_in_gb"`
	StorageType        types.String   `tfsdk:"storage_type"`
	SnapshotID         types.String   `tfsdk:"snapshot_id"`
	Name               types.String   `tfsdk:"name"`
	Description        types.String   `tfsdk:"description"`
	Tags               types.Map      `tfsdk:"tags"`
	PaymentTiming      types.String   `tfsdk:"payment_timing"`
	Status             types.String   `tfsdk:"status"`
	Type               types.String   `tfsdk:"type"`
	AttachedInstanceID types.String   `tfsdk:"attached_instance_id"`
	CreateTime         types.String   `tfsdk:"create_time"`
	FinalSnapshot      types.String   `tfsdk:"final_snapshot"`
	Timeouts           timeouts.Value `tfsdk:"timeouts"`
}

func (r *cdsVolumeResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A CDS (cloud disk) data volume, postpaid. Attach it to an instance with `baidu_cds_volume_attachment`. " +
			"When an instance it is attached to is released, Baidu detaches the disk and keeps it, with its snapshots.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Volume ID, such as `v-IgJOjBWj`.",
				PlanModifiers:       keep,
			},
			"availability_zone": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Availability zone, such as `cn-bj-a`; the disk can be attached only to instances in it. Changing it replaces the disk.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{validate.AvailabilityZone()},
			},
			"size_in_gb": schema.Int64Attribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "Size in GB, 5-32765. Required unless `snapshot_id` is set (the size then defaults to the snapshot's). " +
					"Growing it resizes the disk in place; disks only grow, so a smaller value is a plan-time error.",
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
				Validators:    []validator.Int64{int64validator.Between(minVolumeSizeGB, maxVolumeSizeGB)},
			},
			"storage_type": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(defaultVolumeStorageType),
				MarkdownDescription: "Storage type: `hp1` (high-performance cloud disk, Baidu's default), `cloud_hp1` (general-purpose SSD), " +
					"`enhanced_ssd_pl0` to `enhanced_ssd_pl3` (enhanced SSD by performance level), or one of the older names `premium_ssd`, " +
					"`ssd`, `std1`, `sata`, `hdd`, `HDD_Throughput`. Changing it replaces the disk.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:    []validator.String{stringvalidator.OneOf(volumeStorageTypes...)},
			},
			"snapshot_id": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "ID of a CDS snapshot to create the disk from (a system-disk snapshot cannot be used). Changing it replaces the disk.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{validate.ID("a snapshot", validate.PrefixSnapshot)},
			},
			"name": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "Name: 1-65 characters, starting with a letter; letters, digits, Chinese characters, spaces and `-_/.`. " +
					"Baidu names the disk after its id when unset. Updated in place.",
				PlanModifiers: keep,
				Validators:    []validator.String{validate.StorageName("a disk name")},
			},
			"description": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "Description, at most 200 characters. Updated in place. Baidu cannot clear a description: " +
					"removing the attribute leaves the current one as it is, and `\"\"` in place of a non-empty one is a plan-time error.",
				PlanModifiers: []planmodifier.String{planmodifiers.DescriptionKept("disk")},
				Validators:    []validator.String{stringvalidator.LengthAtMost(200)},
			},
			"final_snapshot": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Name of a snapshot to make of the disk just before a destroy deletes it, and keep (Baidu keeps a " +
					"deleted disk's snapshots). Same name rules as `baidu_bcc_snapshot`. The snapshot is not in state: the destroy ends " +
					"with a warning naming it and how to import it. A destroy run again reuses the snapshot the first one made; if it " +
					"cannot be made, the disk is not deleted. Changing it is an update with no API call, and takes effect once applied.",
				Validators: []validator.String{validate.StorageName("a snapshot name")},
			},
			"tags": schema.MapAttribute{
				Optional:    true,
				ElementType: types.StringType,
				MarkdownDescription: "Tags, as a map of key to value, set when the disk is created. Baidu has no call to change a disk's tags, " +
					"so changing them replaces the disk.",
				PlanModifiers: []planmodifier.Map{mapplanmodifier.RequiresReplace()},
				Validators: []validator.Map{
					mapvalidator.KeysAre(validate.TagKey()),
					mapvalidator.ValueStringsAre(validate.TagValue()),
				},
			},
			"payment_timing": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(client.PaymentPostpaid),
				MarkdownDescription: "Only `Postpaid` (pay as you go) is supported in this version; a prepaid disk is a plan-time error.",
				Validators:          []validator.String{validate.PostpaidOnly("disks")},
			},
			"status": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Status reported by Baidu: `Available` when detached, `InUse` when attached, transitional ones such as `Attaching`.",
			},
			"type": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Baidu's volume type: `Cds` for a data disk.",
				PlanModifiers:       keep,
			},
			"attached_instance_id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "ID of the instance the disk is attached to; empty when detached.",
			},
			"create_time": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Creation time (RFC 3339, UTC).",
				PlanModifiers:       keep,
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Update: true, Delete: true}),
		},
	}
}
