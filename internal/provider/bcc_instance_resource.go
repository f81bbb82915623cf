package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/planmodifiers"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/validate"
)

const (
	paymentPostpaid = "Postpaid"
	paymentPrepaid  = "Prepaid"

	defaultCreateTimeout = 10 * time.Minute
	defaultUpdateTimeout = 10 * time.Minute
	defaultDeleteTimeout = 20 * time.Minute
)

var (
	_ resource.Resource                   = (*bccInstanceResource)(nil)
	_ resource.ResourceWithConfigure      = (*bccInstanceResource)(nil)
	_ resource.ResourceWithImportState    = (*bccInstanceResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*bccInstanceResource)(nil)
	_ resource.ResourceWithValidateConfig = (*bccInstanceResource)(nil)
)

// NewBCCInstanceResource is the constructor registered with the provider.
func NewBCCInstanceResource() resource.Resource { return &bccInstanceResource{} }

type bccInstanceResource struct {
	data *providerData
}

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

func (r *bccInstanceResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_bcc_instance"
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
				Default:  stringdefault.StaticString(paymentPostpaid),
				MarkdownDescription: "`Postpaid` (pay as you go, the default) or `Prepaid` (needs `reservation`). A prepaid instance " +
					"cannot be released before it expires. Changing it replaces the instance.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:    []validator.String{stringvalidator.OneOf(paymentPostpaid, paymentPrepaid)},
			},
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
			"keypair_id": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "ID of an SSH key pair to install. Changing it replaces the instance.",
				PlanModifiers:       forceNewString,
			},
			"user_data": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "User data passed to the instance at first boot. Not returned by Baidu. Changing it replaces the instance.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
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

func (r *bccInstanceResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if req.ProviderData == nil {
		return // the framework calls Configure before the provider is configured
	}
	data, ok := req.ProviderData.(*providerData)
	if !ok {
		resp.Diagnostics.AddError("Unexpected provider data", fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider.", req.ProviderData))
		return
	}
	r.data = data
}

// ValidateConfig checks rules that span attributes, at plan time and without
// any API call.
func (r *bccInstanceResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var timing types.String
	var reservation types.Object
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("payment_timing"), &timing)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("reservation"), &reservation)...)
	if resp.Diagnostics.HasError() || timing.IsUnknown() || reservation.IsUnknown() {
		return
	}
	prepaid := timing.ValueString() == paymentPrepaid
	switch {
	case prepaid && reservation.IsNull():
		resp.Diagnostics.AddAttributeError(path.Root("reservation"), "Missing reservation for a prepaid instance",
			`payment_timing is "Prepaid", which needs a reservation term. Add reservation = { reservation_length = 1 } `+
				`(months: 1-9, 12, 24 or 36), or use payment_timing = "Postpaid".`)
	case !prepaid && !reservation.IsNull():
		resp.Diagnostics.AddAttributeError(path.Root("reservation"), "Reservation set for a postpaid instance",
			`reservation applies only when payment_timing is "Prepaid"; this instance is postpaid. `+
				`Remove the reservation argument, or set payment_timing = "Prepaid".`)
	}
}

func (r *bccInstanceResource) client(diags *diag.Diagnostics) *client.Client {
	c, d := r.data.Client()
	diags.Append(d...)
	return c
}

// timeoutFunc is the shape of timeouts.Value's Create, Update and Delete.
type timeoutFunc func(ctx context.Context, defaultTimeout time.Duration) (time.Duration, diag.Diagnostics)

// begin prepares a create, update or delete: the client, and a context
// bounded by the operation's timeout. It returns a nil client when the
// diagnostics hold an error; cancel is always safe to call.
func (r *bccInstanceResource) begin(ctx context.Context, timeout timeoutFunc, defaultTimeout time.Duration, diags *diag.Diagnostics) (*client.Client, context.Context, context.CancelFunc, time.Duration) {
	c := r.client(diags)
	d, td := timeout(ctx, defaultTimeout)
	diags.Append(td...)
	if diags.HasError() {
		return nil, ctx, func() {}, 0
	}
	ctx, cancel := context.WithTimeout(ctx, d)
	return c, ctx, cancel, d
}

func (r *bccInstanceResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan bccInstanceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c, ctx, cancel, _ := r.begin(ctx, plan.Timeouts.Create, defaultCreateTimeout, &resp.Diagnostics)
	defer cancel()
	if c == nil {
		return
	}

	createReq, d := plan.createRequest(ctx)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}

	// One token for this create: the client reuses it on every transport
	// retry, so a create whose answer was lost cannot make a second instance.
	token := client.NewClientToken()
	result, err := c.CreateInstanceBySpec(ctx, token, createReq)
	if err != nil {
		resp.Diagnostics.AddError("Failed to create BCC instance", err.Error())
		return
	}
	if len(result.InstanceIDs) != 1 {
		resp.Diagnostics.AddError("Unexpected create response",
			fmt.Sprintf("Baidu returned %d instance IDs (%v) for a create of one instance; the provider cannot tell which to manage.", len(result.InstanceIDs), result.InstanceIDs))
		return
	}
	id := result.InstanceIDs[0]
	ctx = tflog.SetField(ctx, "instance_id", id)
	tflog.Info(ctx, "created BCC instance; waiting for it to be Running")

	// Record the instance before waiting: if the wait fails or the user
	// interrupts, Terraform keeps it (tainted) instead of orphaning it.
	plan.ID = types.StringValue(id)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan.withUnknownsNulled())...)
	if resp.Diagnostics.HasError() {
		return
	}

	inst, err := waitInstanceRunning(ctx, c, id)
	if err != nil {
		resp.Diagnostics.AddError("BCC instance did not become Running",
			fmt.Sprintf("Instance %s was created and is recorded in state, but waiting for it failed: %s. "+
				"Terraform marks it tainted, so the next apply replaces it.", id, err))
		return
	}
	// The create API has no description field; set it once the instance
	// is up. A failure leaves the instance in state with the description
	// Baidu reports, so the next plan shows the update again.
	if desc := plan.Description.ValueString(); desc != "" {
		if err := c.UpdateInstanceDesc(ctx, id, desc); err != nil {
			resp.Diagnostics.AddError("Failed to set BCC instance description", err.Error())
			plan.Description = types.StringValue(inst.Desc)
		}
	}
	if plan.RootDiskSizeInGB.IsUnknown() || plan.RootDiskStorageType.IsUnknown() {
		resp.Diagnostics.Append(plan.readSystemDisk(ctx, c)...)
	}
	wantDesc := plan.Description
	plan.setFromAPI(inst)
	plan.Description = wantDesc
	resp.Diagnostics.Append(resp.State.Set(ctx, plan.withUnknownsNulled())...)
}

func (r *bccInstanceResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state bccInstanceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	inst, err := findInstanceByID(ctx, c, state.ID.ValueString())
	if isInstanceGone(err) {
		// Deleted outside Terraform: drop it so the next plan re-creates it.
		tflog.Info(ctx, "BCC instance is gone; removing it from state", map[string]any{"instance_id": state.ID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Failed to read BCC instance", err.Error())
		return
	}
	state.setFromAPI(inst)
	if state.RootDiskSizeInGB.IsNull() || state.RootDiskStorageType.IsNull() {
		// Only right after an import: the instance API does not carry the
		// system disk, so look it up once instead of on every refresh.
		resp.Diagnostics.Append(state.readSystemDisk(ctx, c)...)
	}
	if state.PaymentTiming.IsNull() {
		state.PaymentTiming = types.StringValue(paymentPostpaid)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *bccInstanceResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state bccInstanceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c, ctx, cancel, _ := r.begin(ctx, plan.Timeouts.Update, defaultUpdateTimeout, &resp.Diagnostics)
	defer cancel()
	if c == nil {
		return
	}

	id := state.ID.ValueString()
	ctx = tflog.SetField(ctx, "instance_id", id)

	// current tracks what has been applied, so that a failure half way
	// leaves state describing the instance as it is, not as planned.
	current := state
	current.Timeouts = plan.Timeouts
	fail := func(summary string, err error) {
		resp.Diagnostics.AddError(summary, err.Error())
		resp.Diagnostics.Append(resp.State.Set(ctx, current.withUnknownsNulled())...)
	}

	if !plan.Name.IsUnknown() && !plan.Name.Equal(state.Name) {
		if err := c.RenameInstance(ctx, id, plan.Name.ValueString()); err != nil {
			fail("Failed to rename BCC instance", err)
			return
		}
		current.Name = plan.Name
	}
	if !plan.Description.Equal(state.Description) {
		if err := c.UpdateInstanceDesc(ctx, id, plan.Description.ValueString()); err != nil {
			fail("Failed to update BCC instance description", err)
			return
		}
		current.Description = plan.Description
	}
	if !plan.AdminPass.Equal(state.AdminPass) {
		// Removing admin_pass from the configuration only stops tracking
		// it; there is no "no password" to set.
		if !plan.AdminPass.IsNull() {
			if err := c.ChangeAdminPass(ctx, id, plan.AdminPass.ValueString()); err != nil {
				fail("Failed to change BCC instance admin password", err)
				return
			}
		}
		current.AdminPass = plan.AdminPass
	}
	if !plan.Tags.Equal(state.Tags) {
		bind, unbind, d := tagChanges(ctx, state.Tags, plan.Tags)
		resp.Diagnostics.Append(d...)
		if resp.Diagnostics.HasError() {
			return
		}
		if len(unbind) > 0 {
			if err := c.UnbindTags(ctx, id, unbind); err != nil {
				fail("Failed to remove tags from BCC instance", err)
				return
			}
		}
		if len(bind) > 0 {
			if err := c.BindTags(ctx, id, bind); err != nil {
				fail("Failed to add tags to BCC instance", err)
				return
			}
		}
		current.Tags = plan.Tags
	}
	// The resize comes last, so the read that ends its wait already shows
	// every change; without a resize, one read does.
	var inst *client.Instance
	if !plan.InstanceSpec.Equal(state.InstanceSpec) {
		if err := c.ResizeInstanceBySpec(ctx, id, plan.InstanceSpec.ValueString(), client.NewClientToken()); err != nil {
			fail("Failed to resize BCC instance", err)
			return
		}
		current.InstanceSpec = plan.InstanceSpec
		var err error
		if inst, err = waitInstanceRunning(ctx, c, id); err != nil {
			fail("BCC instance did not finish resizing", err)
			return
		}
	} else {
		var err error
		if inst, err = findInstanceByID(ctx, c, id); err != nil {
			fail("Failed to read BCC instance after update", err)
			return
		}
	}
	plan.setFromAPI(inst)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan.withUnknownsNulled())...)
}

func (r *bccInstanceResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state bccInstanceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c, ctx, cancel, timeout := r.begin(ctx, state.Timeouts.Delete, defaultDeleteTimeout, &resp.Diagnostics)
	defer cancel()
	if c == nil {
		return
	}

	id := state.ID.ValueString()
	ctx = tflog.SetField(ctx, "instance_id", id)
	res := releaseInstance(ctx, c, id)
	switch res.outcome {
	case releaseAlreadyGone:
		tflog.Info(ctx, "BCC instance was already released")
		return
	case releaseDone:
		tflog.Info(ctx, "released BCC instance; waiting until it is gone", map[string]any{"attempts": res.attempts})
	case releaseStillCreating:
		stopped := fmt.Sprintf("until the delete timeout (%s) ran out", timeout)
		if errors.Is(ctx.Err(), context.Canceled) {
			stopped = "until Terraform was interrupted"
		}
		resp.Diagnostics.AddError("BCC instance is still being created",
			fmt.Sprintf("Baidu refused to release instance %s because it is still being created (%s). "+
				"The provider made %d release attempts over %s, %s. "+
				"This is retryable: run `terraform destroy` again in a few minutes, or raise timeouts.delete. Last request ID: %s.",
				id, client.CodeReleaseWhileCreating, res.attempts, res.elapsed.Round(time.Second), stopped, orUnknown(client.RequestIDOf(res.err))))
		return
	case releasePrepaid:
		resp.Diagnostics.AddError("Cannot release prepaid instance", prepaidReleaseDetail(id, state.ExpireTime.ValueString(), res.err))
		return
	default:
		if ctx.Err() != nil {
			resp.Diagnostics.AddError("Timed out releasing BCC instance",
				fmt.Sprintf("Releasing instance %s did not finish within the delete timeout (%s): %s. Run `terraform destroy` again, or raise timeouts.delete.", id, timeout, res.err))
			return
		}
		resp.Diagnostics.AddError("Failed to release BCC instance", res.err.Error())
		return
	}

	if err := waitInstanceReleased(ctx, c, id); err != nil {
		resp.Diagnostics.AddError("BCC instance release not confirmed", err.Error())
	}
}

func prepaidReleaseDetail(id, expireTime string, err error) string {
	expiry := "its expiry time"
	if expireTime != "" {
		expiry = expireTime
	}
	return fmt.Sprintf("Instance %s is prepaid and does not expire until %s. Baidu releases a prepaid instance only after it expires (%s).\n\n"+
		"Ways out:\n"+
		"  - Wait until after %s and run `terraform destroy` again.\n"+
		"  - Stop managing it with Terraform: a `removed` block (Terraform 1.7+) or `terraform state rm`; the instance keeps running until it expires.\n"+
		"  - Release it early, with the refund Baidu decides, in the Baidu Cloud console.\n\n"+
		"Request ID: %s.", id, expiry, client.CodeReleaseNotPrepay, expiry, orUnknown(client.RequestIDOf(err)))
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

// ModifyPlan fails plans that cannot be applied for want of a usable
// provider configuration, and warns, before apply, that a planned destroy or
// replacement of an unexpired prepaid instance will fail, so pipelines learn
// both from the plan.
func (r *bccInstanceResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	// Apply will need the client: a provider configuration that certainly
	// cannot produce one (missing key, bad endpoint) fails the plan now.
	resp.Diagnostics.Append(r.data.PlanDiags()...)
	if resp.Diagnostics.HasError() || req.State.Raw.IsNull() {
		return // nothing more to say about a create
	}
	destroying := req.Plan.Raw.IsNull()
	if !destroying && len(resp.RequiresReplace) == 0 {
		return
	}
	var state bccInstanceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	// Baidu's own "Expired" status (refreshed just before planning) is the
	// best evidence that release will work; the clock comparison covers
	// plans made with -refresh=false.
	if resp.Diagnostics.HasError() || state.PaymentTiming.ValueString() != paymentPrepaid || state.Status.ValueString() == statusExpired {
		return
	}
	expires, err := time.Parse(time.RFC3339, state.ExpireTime.ValueString())
	if err != nil || !expires.After(r.data.Now()) {
		return
	}
	action := "destroy"
	if !destroying {
		action = "replace"
	}
	resp.Diagnostics.AddWarning("Prepaid instance cannot be released before it expires",
		fmt.Sprintf("This plan will %s prepaid instance %s, which expires at %s. Baidu refuses to release a prepaid instance before it expires, "+
			"so the apply will fail with %s. Wait until it expires, remove it from Terraform with a `removed` block or `terraform state rm`, "+
			"or release it early in the Baidu Cloud console.", action, state.ID.ValueString(), state.ExpireTime.ValueString(), client.CodeReleaseNotPrepay))
}

func (r *bccInstanceResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := strings.TrimSpace(req.ID)
	if !validate.IsInstanceID(id) {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("%q is not a BCC instance ID. Import with the instance ID, which is i- followed by letters and digits: "+
				"terraform import baidu_bcc_instance.example i-YufwpQAe", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
}

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
	if !m.Tags.IsNull() && !m.Tags.IsUnknown() {
		tags := map[string]string{}
		diags.Append(m.Tags.ElementsAs(ctx, &tags, false)...)
		req.Tags = sortedTags(tags)
	}
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
// does not return (admin_pass, user_data, reservation, security_groups, the
// system disk) keep their current values.
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

	tags := make(map[string]attr.Value, len(inst.Tags))
	for _, t := range inst.Tags {
		tags[t.TagKey] = types.StringValue(t.TagValue)
	}
	switch {
	case len(tags) > 0:
		m.Tags = types.MapValueMust(types.StringType, tags)
	case m.Tags.IsNull() || m.Tags.IsUnknown():
		// No tags and none configured: keep null so an unset argument
		// does not show a diff.
		m.Tags = types.MapNull(types.StringType)
	default:
		m.Tags = types.MapValueMust(types.StringType, tags)
	}
}

// readSystemDisk fills the root disk attributes from the instance's system
// volume. It costs one call, so it runs only when the values are not known
// (after a create that left them to Baidu, and after an import).
func (m *bccInstanceModel) readSystemDisk(ctx context.Context, c *client.Client) diag.Diagnostics {
	var diags diag.Diagnostics
	volumes, err := c.ListInstanceVolumes(ctx, m.ID.ValueString())
	if err != nil {
		diags.AddError("Failed to read the system disk of BCC instance", err.Error())
		return diags
	}
	for _, v := range volumes {
		if v.Type == "System" || v.IsSystemVolume {
			m.RootDiskSizeInGB = types.Int64Value(int64(v.DiskSizeInGB))
			m.RootDiskStorageType = types.StringValue(v.StorageType)
			return diags
		}
	}
	diags.AddError("BCC instance has no system disk",
		fmt.Sprintf("Baidu listed %d volumes for instance %s and none is its system disk, so root_disk_size_in_gb and root_disk_storage_type cannot be read.",
			len(volumes), m.ID.ValueString()))
	return diags
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
		&m.InstanceSpec, &m.ImageID, &m.AvailabilityZone, &m.AdminPass, &m.UserData} {
		nullString(v)
	}
	for _, v := range []*types.Int64{&m.RootDiskSizeInGB, &m.CPUCount, &m.MemoryCapacityInGB} {
		nullInt(v)
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
	return &m
}

// normalizePublicIP maps Baidu's "-" placeholder to the empty string.
func normalizePublicIP(ip string) string {
	if ip == "-" {
		return ""
	}
	return ip
}

func sortedTags(m map[string]string) []client.Tag {
	tags := make([]client.Tag, 0, len(m))
	for k, v := range m {
		tags = append(tags, client.Tag{TagKey: k, TagValue: v})
	}
	sort.Slice(tags, func(i, j int) bool { return tags[i].TagKey < tags[j].TagKey })
	return tags
}

// tagChanges returns the tags to bind and to unbind to go from old to new.
// A changed value is unbound (old pair) and bound again (new pair).
func tagChanges(ctx context.Context, oldTags, newTags types.Map) (bind, unbind []client.Tag, diags diag.Diagnostics) {
	before, after := map[string]string{}, map[string]string{}
	if !oldTags.IsNull() && !oldTags.IsUnknown() {
		diags.Append(oldTags.ElementsAs(ctx, &before, false)...)
	}
	if !newTags.IsNull() && !newTags.IsUnknown() {
		diags.Append(newTags.ElementsAs(ctx, &after, false)...)
	}
	removed, added := map[string]string{}, map[string]string{}
	for k, v := range before {
		if nv, ok := after[k]; !ok || nv != v {
			removed[k] = v
		}
	}
	for k, v := range after {
		if ov, ok := before[k]; !ok || ov != v {
			added[k] = v
		}
	}
	return sortedTags(added), sortedTags(removed), diags
}

// rootDiskTypePattern is the shape of Baidu storage type names.
var rootDiskTypePattern = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
