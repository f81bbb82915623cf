package instance

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/validate"
)

var (
	_ datasource.DataSource                   = (*bccInstanceDataSource)(nil)
	_ datasource.DataSourceWithConfigure      = (*bccInstanceDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*bccInstanceDataSource)(nil)
)

// NewDataSource is the constructor registered with the provider.
func NewDataSource() datasource.DataSource {
	return &bccInstanceDataSource{DataSourceBase: framework.NewDataSourceBase("_bcc_instance")}
}

// bccInstanceDataSource reads one existing instance, by id or by name, for
// configurations that use an instance Terraform does not manage and for
// comparing what runs with what the configuration says.
type bccInstanceDataSource struct {
	framework.DataSourceBase
}

type bccInstanceDataModel struct {
	ID                 types.String `tfsdk:"id"`
	Name               types.String `tfsdk:"name"`
	Description        types.String `tfsdk:"description"`
	Hostname           types.String `tfsdk:"hostname"`
	Status             types.String `tfsdk:"status"`
	InstanceSpec       types.String `tfsdk:"instance_spec"`
	ImageID            types.String `tfsdk:"image_id"`
	AvailabilityZone   types.String `tfsdk:"availability_zone"`
	PaymentTiming      types.String `tfsdk:"payment_timing"`
	InternalIP         types.String `tfsdk:"internal_ip"`
	PublicIP           types.String `tfsdk:"public_ip"`
	VpcID              types.String `tfsdk:"vpc_id"`
	SubnetID           types.String `tfsdk:"subnet_id"`
	KeypairID          types.String `tfsdk:"keypair_id"`
	CPUCount           types.Int64  `tfsdk:"cpu_count"`
	MemoryCapacityInGB types.Int64  `tfsdk:"memory_capacity_in_gb"`
	CreateTime         types.String `tfsdk:"create_time"`
	ExpireTime         types.String `tfsdk:"expire_time"`
	DeletionProtection types.Bool   `tfsdk:"deletion_protection"`
	Tags               types.Map    `tfsdk:"tags"`
}

func (d *bccInstanceDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "One existing BCC instance, found by `id` or by `name`. Reading it fails, rather than " +
			"returning nothing, when no instance (or, by name, more than one) matches: a configuration that " +
			"depends on an instance should not go ahead without it.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "Instance ID, such as `i-YufwpQAe`. Set exactly one of `id` and `name`. " +
					"Read with one `GET /v2/instance/{id}`.",
				Validators: []validator.String{validate.InstanceID()},
			},
			"name": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "Instance name, matched exactly. Set exactly one of `id` and `name`. Baidu does not " +
					"keep names unique, so exactly one live instance (not `Deleted` or `Recycled`) must have it.",
				Validators: []validator.String{validate.InstanceName()},
			},
			"description":           computed("Description."),
			"hostname":              computed("Operating system host name."),
			"status":                computed("Status reported by Baidu, such as `Running` or `Stopped`."),
			"instance_spec":         computed("Instance spec, such as `bcc.g5.c2m8`."),
			"image_id":              computed("ID of the image the instance was created from."),
			"availability_zone":     computed("Availability zone, such as `cn-bj-a`."),
			"payment_timing":        computed("`Postpaid` or `Prepaid`."),
			"internal_ip":           computed("Private IP address."),
			"public_ip":             computed("Public IP address; empty when the instance has none."),
			"vpc_id":                computed("ID of the VPC the instance is in."),
			"subnet_id":             computed("ID of the VPC subnet."),
			"keypair_id":            computed("ID of the SSH key pair installed at creation; empty when none."),
			"cpu_count":             schema.Int64Attribute{Computed: true, MarkdownDescription: "Number of vCPUs."},
			"memory_capacity_in_gb": schema.Int64Attribute{Computed: true, MarkdownDescription: "Memory in GiB."},
			"create_time":           computed("Creation time (RFC 3339, UTC)."),
			"expire_time":           computed("Expiry of a prepaid instance (RFC 3339, UTC); empty for postpaid."),
			"deletion_protection": schema.BoolAttribute{
				Computed:            true,
				MarkdownDescription: "Whether Baidu refuses to release the instance until the protection is turned off.",
			},
			"tags": schema.MapAttribute{
				Computed:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "Tags, as a map of key to value; an empty map when the instance has none.",
			},
		},
	}
}

// ValidateConfig requires exactly one way to find the instance, at plan
// time and without any API call. An unknown value (computed from another
// resource) is accepted: it will be known when the data source is read.
func (d *bccInstanceDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var id, name types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("id"), &id)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("name"), &name)...)
	if resp.Diagnostics.HasError() {
		return
	}
	switch {
	case id.IsNull() && name.IsNull():
		resp.Diagnostics.AddAttributeError(path.Root("id"), "Missing instance id or name",
			`data "baidu_bcc_instance" needs exactly one of id and name to find the instance; neither is set. `+
				`Set id = "i-..." (the instance ID) or name = "..." (its exact name).`)
	case !id.IsNull() && !name.IsNull():
		resp.Diagnostics.AddAttributeError(path.Root("name"), "Conflicting instance id and name",
			`data "baidu_bcc_instance" takes exactly one of id and name; both are set. `+
				`Remove name to read the instance by its ID, or remove id to find it by name.`)
	}
}

func (d *bccInstanceDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg bccInstanceDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c, diags := d.Data.Conn()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	var inst *client.Instance
	if !cfg.ID.IsNull() {
		inst = readInstanceByID(ctx, c, cfg.ID.ValueString(), &resp.Diagnostics)
	} else {
		inst = findInstanceByName(ctx, c, cfg.Name.ValueString(), &resp.Diagnostics)
	}
	if inst == nil {
		return
	}
	var m bccInstanceDataModel
	m.setFromAPI(inst)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// readInstanceByID reads one instance with one GET. A data source cannot
// drop itself from state the way a resource does, so an instance that is
// gone (by Baidu's not-found or a Deleted/Recycled status) is an error that
// says which evidence Baidu gave; any other failure is reported as the
// error it is, never as "gone".
func readInstanceByID(ctx context.Context, c *framework.Conn, id string, diags *diag.Diagnostics) *client.Instance {
	ctx = tflog.SetField(ctx, "instance_id", id)
	tflog.Debug(ctx, "reading BCC instance for data source")
	inst, err := c.Client.GetInstance(ctx, id)
	inst, err = instanceOrGone(id, inst, err)
	switch {
	case framework.IsNotFound(err):
		diags.AddAttributeError(path.Root("id"), "No BCC instance with this ID",
			fmt.Sprintf("There is no instance %s: %s. Check the ID (and the provider's region), or remove the data source.", id, err))
		return nil
	case err != nil:
		diags.AddError("Failed to read BCC instance", err.Error())
		return nil
	}
	return inst
}

// findInstanceByName lists the instances with Baidu's exact-name filter and
// keeps the live ones. The name is compared again here, so that an answer
// that ignored the filter can never pick an instance of another name.
func findInstanceByName(ctx context.Context, c *framework.Conn, name string, diags *diag.Diagnostics) *client.Instance {
	ctx = tflog.SetField(ctx, "instance_name", name)
	list, err := c.Client.ListAllInstances(ctx, client.ListInstancesRequest{InstanceNames: []string{name}})
	if err != nil {
		diags.AddError("Failed to list BCC instances", fmt.Sprintf("Looking for instances named %q: %s", name, err))
		return nil
	}
	var live []client.Instance
	var ids, gone []string
	for _, inst := range list {
		switch {
		case inst.Name != name:
		case inst.Status == statusDeleted || inst.Status == statusRecycled:
			gone = append(gone, inst.ID+" ("+inst.Status+")")
		default:
			live = append(live, inst)
			ids = append(ids, inst.ID)
		}
	}
	sort.Strings(ids)
	sort.Strings(gone)
	tflog.Debug(ctx, "listed BCC instances by name for data source", map[string]any{
		"listed": len(list), "live": len(ids), "released": len(gone),
	})
	switch {
	case len(live) == 1:
		return &live[0]
	case len(live) == 0:
		detail := fmt.Sprintf("No live BCC instance is named %q, so there is none to read.", name)
		if len(gone) > 0 {
			detail += fmt.Sprintf(" Released instances still listed under that name do not count: %s.", strings.Join(gone, ", "))
		}
		diags.AddAttributeError(path.Root("name"), "No BCC instance matched the name",
			detail+" Check the name (it is matched exactly, case included) and the provider's region.")
	default:
		diags.AddAttributeError(path.Root("name"), "Several BCC instances matched the name",
			fmt.Sprintf("%d live BCC instances are named %q: %s. Baidu does not keep names unique, so the name "+
				"cannot tell which one is meant. Set id to the one you want instead of name, for example id = %q.",
				len(ids), name, strings.Join(ids, ", "), ids[0]))
	}
	return nil
}

// setFromAPI copies an instance into the data source model.
func (m *bccInstanceDataModel) setFromAPI(inst *client.Instance) {
	m.ID = types.StringValue(inst.ID)
	m.Name = types.StringValue(inst.Name)
	m.Description = types.StringValue(inst.Desc)
	m.Hostname = types.StringValue(inst.Hostname)
	m.Status = types.StringValue(inst.Status)
	m.InstanceSpec = types.StringValue(inst.Spec)
	m.ImageID = types.StringValue(inst.ImageID)
	m.AvailabilityZone = types.StringValue(inst.ZoneName)
	m.PaymentTiming = types.StringValue(paymentTimingOf(inst))
	m.InternalIP = types.StringValue(inst.InternalIP)
	m.PublicIP = types.StringValue(normalizePublicIP(inst.PublicIP))
	m.VpcID = types.StringValue(inst.VpcID)
	m.SubnetID = types.StringValue(inst.SubnetID)
	m.KeypairID = types.StringValue(inst.KeypairID)
	m.CPUCount = types.Int64Value(int64(inst.CPUCount))
	m.MemoryCapacityInGB = types.Int64Value(int64(inst.MemoryCapacityInGB))
	m.CreateTime = types.StringValue(inst.CreateTime)
	m.ExpireTime = types.StringValue(inst.ExpireTime)
	m.DeletionProtection = types.BoolValue(inst.Protected())
	m.Tags = tagsOrEmpty(inst.Tags)
}

// paymentTimingOf is the instance's payment timing; an answer without one
// is postpaid, as the resource reads it.
func paymentTimingOf(inst *client.Instance) string {
	if inst.PaymentTiming == "" {
		return client.PaymentPostpaid
	}
	return inst.PaymentTiming
}

// tagsOrEmpty is the tags as a map that is never null, so that data source
// users can index and count it without guarding against null.
func tagsOrEmpty(tags []client.Tag) types.Map {
	return framework.FlattenTags(tags, types.MapValueMust(types.StringType, nil))
}
