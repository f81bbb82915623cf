package instance

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/planmodifiers"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/validate"
)

const (
	defaultCreateTimeout = 10 * time.Minute
	defaultUpdateTimeout = 10 * time.Minute
	defaultDeleteTimeout = 20 * time.Minute
)

type bccInstanceModel struct {
	ID                  types.String   `tfsdk:"id"`
	InstanceSpec        types.String   `tfsdk:"instance_spec"`
	ImageID             types.String   `tfsdk:"image_id"`
	AvailabilityZone    types.String   `tfsdk:"availability_zone"`
	Name                types.String   `tfsdk:"name"`
	Description         types.String   `tfsdk:"description"`
	Hostname            types.String   `tfsdk:"hostname"`
	PaymentTiming       types.String   `tfsdk:"payment_timing"`
	Reservation         types.Object   `tfsdk:"reservation"`
	AdminPass           types.String   `tfsdk:"admin_pass"`
	AdminPassWO         types.String   `tfsdk:"admin_pass_wo"` // write-only: always null here; Create and Update read it from the config
	AdminPassWOVersion  types.Int64    `tfsdk:"admin_pass_wo_version"`
	DeletionProtection  types.Bool     `tfsdk:"deletion_protection"`
	KeypairID           types.String   `tfsdk:"keypair_id"`
	UserData            types.String   `tfsdk:"user_data"`
	RootDiskSizeInGB    types.Int64    `tfsdk:"root_disk_size_in_gb"`
	RootDiskStorageType types.String   `tfsdk:"root_disk_storage_type"`
	SubnetID            types.String   `tfsdk:"subnet_id"`
	SecurityGroups      types.Set      `tfsdk:"security_groups"`
	Tags                types.Map      `tfsdk:"tags"`
	Status              types.String   `tfsdk:"status"`
	InternalIP          types.String   `tfsdk:"internal_ip"`
	PublicIP            types.String   `tfsdk:"public_ip"`
	VpcID               types.String   `tfsdk:"vpc_id"`
	CPUCount            types.Int64    `tfsdk:"cpu_count"`
	MemoryCapacityInGB  types.Int64    `tfsdk:"memory_capacity_in_gb"`
	CreateTime          types.String   `tfsdk:"create_time"`
	ExpireTime          types.String   `tfsdk:"expire_time"`
	OnDestroy           types.Object   `tfsdk:"on_destroy"`
	Timeouts            timeouts.Value `tfsdk:"timeouts"`
}

type reservationModel struct {
	Length   types.Int64  `tfsdk:"reservation_length"`
	TimeUnit types.String `tfsdk:"reservation_time_unit"`
}

var reservationAttrTypes = map[string]attr.Type{
	"reservation_length":    types.Int64Type,
	"reservation_time_unit": types.StringType,
}

func (r *bccInstanceResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	forceNewString := []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace()}
	keepString := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A Baidu Cloud Compute (BCC) virtual machine instance. Destroying it releases the instance " +
			"with `DELETE /v2/instance/{id}`, retrying while Baidu still reports it as being created.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Instance ID, such as `i-YufwpQAe`.",
				PlanModifiers:       keepString,
			},
			"instance_spec": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Instance spec, such as `bcc.g5.c2m8` (2 vCPU, 8 GiB). Changing it resizes the instance in place.",
				Validators:          []validator.String{validate.InstanceSpec()},
			},
			"image_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "ID of the image to boot from. Changing it replaces the instance.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"availability_zone": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Availability zone, such as `cn-bj-a`. Changing it replaces the instance.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{validate.AvailabilityZone()},
			},
			"name": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "Instance name: 1-65 characters, starting with a letter; letters, digits, Chinese characters and `-_/.`. " +
					"Baidu picks one when unset. Updated in place.",
				PlanModifiers: keepString,
				Validators:    []validator.String{validate.InstanceName()},
			},
			"description": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(""),
				MarkdownDescription: "Description. Updated in place.",
				Validators:          []validator.String{stringvalidator.LengthAtMost(256)},
			},
			"hostname": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "Operating system host name. Baidu picks one when unset. Changing it replaces the instance.",
				PlanModifiers:       forceNewString,
			},
			"payment_timing": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(client.PaymentPostpaid),
				MarkdownDescription: "`Postpaid` (pay as you go, the default) or `Prepaid` (needs `reservation`). A prepaid instance " +
					"cannot be released before it expires. Changing it replaces the instance.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:    []validator.String{stringvalidator.OneOf(client.PaymentPostpaid, client.PaymentPrepaid)},
			},
			"on_destroy": onDestroyAttribute(),
			"reservation": schema.SingleNestedAttribute{
				Optional: true,
				MarkdownDescription: "Prepaid term. Required when `payment_timing` is `Prepaid`, not allowed otherwise. " +
					"Changing it replaces the instance. Baidu does not return it, so after an import see the import notes.",
				PlanModifiers: []planmodifier.Object{objectplanmodifier.RequiresReplace()},
				Attributes: map[string]schema.Attribute{
					"reservation_length": schema.Int64Attribute{
						Required:            true,
						MarkdownDescription: "Length of the term: 1-9, 12, 24 or 36 (months), the terms Baidu sells.",
						Validators:          []validator.Int64{int64validator.OneOf(validate.ReservationLengths...)},
					},
					"reservation_time_unit": schema.StringAttribute{
						Optional:            true,
						Computed:            true,
						Default:             stringdefault.StaticString("Month"),
						MarkdownDescription: "Unit of `reservation_length`. Only `Month` is sold.",
						Validators:          []validator.String{stringvalidator.OneOf("Month")},
					},
				},
			},
			"admin_pass": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "Administrator (root) password: 8-32 characters with letters, digits and one of `!@#$%^*()`. " +
					"Sent encrypted; changed in place. Baidu never returns it, so state holds the value as you set it.",
				Validators: []validator.String{validate.AdminPass()},
			},
			"admin_pass_wo": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				WriteOnly: true,
				MarkdownDescription: "Write-only administrator (root) password, with the rule of `admin_pass`; recommended over `admin_pass`. " +
					"Terraform never stores it in state or plan. Sent encrypted at create, and again whenever `admin_pass_wo_version` " +
					"changes: changing only the password does nothing. Needs Terraform 1.11 or later (or OpenTofu 1.11 or later). " +
					"Conflicts with `admin_pass`.",
				Validators: []validator.String{
					validate.AdminPass(),
					stringvalidator.ConflictsWith(path.MatchRoot("admin_pass")),
				},
			},
			"admin_pass_wo_version": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "Any number; changing it sends `admin_pass_wo` to the instance as its new password, in place. " +
					"Requires `admin_pass_wo`.",
				Validators: []validator.Int64{int64validator.AlsoRequires(path.MatchRoot("admin_pass_wo"))},
			},
			"deletion_protection": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				MarkdownDescription: "Whether Baidu refuses to release the instance. Set after the instance is running, before the create " +
					"finishes, and updated in place. While the state says `true`, a plan that would destroy or replace the instance fails: " +
					"set it to `false` and apply, then destroy. Baidu still releases a protected instance when it expires, for unpaid " +
					"debt or on a scheduled auto-release.",
			},
			"keypair_id": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "ID of an SSH key pair to install. Changing it replaces the instance.",
				PlanModifiers:       forceNewString,
			},
			"user_data": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "User data for the instance's first boot, sent to Baidu exactly as written. Baidu recommends " +
					"Base64-encoding it, for example `base64encode(file(\"init.sh\"))`; a value that is not Base64 gets a plan " +
					"warning (not an error). Not read back, so a change made outside Terraform is not seen. Changing it replaces the instance.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:    []validator.String{validate.UserData()},
			},
			"root_disk_size_in_gb": schema.Int64Attribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "Size of the system disk in GB (20-2048). Baidu chooses the image's default when unset. Changing it replaces the instance.",
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown(), int64planmodifier.RequiresReplace()},
				Validators:          []validator.Int64{int64validator.Between(20, 2048)},
			},
			"root_disk_storage_type": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "Storage type of the system disk, such as `cloud_hp1` or `enhanced_ssd_pl1`. Changing it replaces the instance.",
				PlanModifiers:       forceNewString,
				Validators:          []validator.String{stringvalidator.RegexMatches(rootDiskTypePattern, "must be a storage type name such as cloud_hp1 or enhanced_ssd_pl1")},
			},
			"subnet_id": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "ID of the VPC subnet. Baidu uses the zone's default subnet when unset. Changing it replaces the instance.",
				PlanModifiers:       forceNewString,
			},
			"security_groups": schema.SetAttribute{
				Optional:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "IDs of security groups to join at creation. Not returned by the instance API. Changing it replaces the instance.",
				PlanModifiers:       []planmodifier.Set{setplanmodifier.RequiresReplace()},
				Validators:          []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
			},
			"tags": schema.MapAttribute{
				Optional:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "Tags, as a map of key to value (keys 1-65, values 0-65 characters). Updated in place.",
				Validators: []validator.Map{
					mapvalidator.KeysAre(validate.TagKey()),
					mapvalidator.ValueStringsAre(validate.TagValue()),
				},
			},
			"status":                schema.StringAttribute{Computed: true, MarkdownDescription: "Status reported by Baidu, such as `Running`."},
			"internal_ip":           schema.StringAttribute{Computed: true, MarkdownDescription: "Private IP address.", PlanModifiers: keepString},
			"public_ip":             schema.StringAttribute{Computed: true, MarkdownDescription: "Public IP address; empty when the instance has none.", PlanModifiers: keepString},
			"vpc_id":                schema.StringAttribute{Computed: true, MarkdownDescription: "ID of the VPC the instance is in.", PlanModifiers: keepString},
			"cpu_count":             schema.Int64Attribute{Computed: true, MarkdownDescription: "Number of vCPUs.", PlanModifiers: []planmodifier.Int64{planmodifiers.Int64UseStateUnless(path.Root("instance_spec"))}},
			"memory_capacity_in_gb": schema.Int64Attribute{Computed: true, MarkdownDescription: "Memory in GiB.", PlanModifiers: []planmodifier.Int64{planmodifiers.Int64UseStateUnless(path.Root("instance_spec"))}},
			"create_time":           schema.StringAttribute{Computed: true, MarkdownDescription: "Creation time (RFC 3339, UTC).", PlanModifiers: keepString},
			"expire_time":           schema.StringAttribute{Computed: true, MarkdownDescription: "Expiry of a prepaid instance (RFC 3339, UTC); empty for postpaid.", PlanModifiers: keepString},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Update: true, Delete: true}),
		},
	}
}
