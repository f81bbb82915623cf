package instance

import (
	"context"
	"fmt"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/validate"
)

var (
	_ datasource.DataSource              = (*bccInstancesDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*bccInstancesDataSource)(nil)
)

// NewListDataSource is the constructor registered with the provider.
func NewListDataSource() datasource.DataSource {
	return &bccInstancesDataSource{DataSourceBase: framework.NewDataSourceBase("_bcc_instances")}
}

// bccInstancesDataSource lists instances by filters, for finding what runs
// that a configuration does not manage (drift) and for feeding instance
// sets to other configuration.
type bccInstancesDataSource struct {
	framework.DataSourceBase
}

type bccInstancesDataModel struct {
	AvailabilityZone types.String       `tfsdk:"availability_zone"`
	Status           types.String       `tfsdk:"status"`
	PaymentTiming    types.String       `tfsdk:"payment_timing"`
	Tags             types.Map          `tfsdk:"tags"`
	NameRegex        types.String       `tfsdk:"name_regex"`
	IDs              types.List         `tfsdk:"ids"`
	Instances        []bccInstanceBrief `tfsdk:"instances"`
}

// bccInstanceBrief is one instance of the list: what tells instances apart
// and what drift hunting compares. The full set is data "baidu_bcc_instance".
type bccInstanceBrief struct {
	ID                 types.String `tfsdk:"id"`
	Name               types.String `tfsdk:"name"`
	Status             types.String `tfsdk:"status"`
	InstanceSpec       types.String `tfsdk:"instance_spec"`
	AvailabilityZone   types.String `tfsdk:"availability_zone"`
	PaymentTiming      types.String `tfsdk:"payment_timing"`
	InternalIP         types.String `tfsdk:"internal_ip"`
	CreateTime         types.String `tfsdk:"create_time"`
	ExpireTime         types.String `tfsdk:"expire_time"`
	DeletionProtection types.Bool   `tfsdk:"deletion_protection"`
	Tags               types.Map    `tfsdk:"tags"`
}

func (d *bccInstancesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The BCC instances that match every filter given (none: all instances of the region). " +
			"Released instances (status `Deleted` or `Recycled`) are left out unless `status` asks for them. " +
			"An empty result is not an error.",
		Attributes: map[string]schema.Attribute{
			"availability_zone": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only instances in this availability zone, such as `cn-bj-a`.",
				Validators:          zoneFilterValidators(),
			},
			"status": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only instances with this status, such as `Running` or `Stopped` (case matters). " +
					"`Deleted` or `Recycled` lists released instances, which are otherwise left out.",
				Validators: statusFilterValidators(),
			},
			"payment_timing": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only `Postpaid` or only `Prepaid` instances.",
				Validators:          paymentFilterValidators(),
			},
			"tags": schema.MapAttribute{
				Optional:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "Only instances that carry every one of these tags with exactly this value.",
				Validators:          tagsFilterValidators(),
			},
			"name_regex": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only instances whose name matches this [RE2](https://github.com/google/re2/wiki/Syntax) " +
					"regular expression, such as `^web-`. It matches anywhere in the name unless anchored with `^` and `$`. " +
					"Applied by the provider to what the other filters return.",
				Validators: nameRegexValidators(),
			},
			"ids": schema.ListAttribute{
				Optional:    true,
				Computed:    true,
				ElementType: types.StringType,
				MarkdownDescription: fmt.Sprintf("As an argument: only instances with these IDs (1 to %d; repeats are ignored). "+
					"As a result: the IDs of the matching instances, sorted. An ID that matches no instance is left out of the result.", maxIDsFilter),
				Validators: []validator.List{idsFilterSize{}, listvalidator.ValueStringsAre(validate.InstanceID())},
			},
			"instances": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching instances, in the order of `ids`.",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id":                  computed("Instance ID."),
						"name":                computed("Instance name."),
						"status":              computed("Status reported by Baidu."),
						"instance_spec":       computed("Instance spec, such as `bcc.g5.c2m8`."),
						"availability_zone":   computed("Availability zone."),
						"payment_timing":      computed("`Postpaid` or `Prepaid`."),
						"internal_ip":         computed("Private IP address."),
						"create_time":         computed("Creation time (RFC 3339, UTC)."),
						"expire_time":         computed("Expiry of a prepaid instance (RFC 3339, UTC); empty for postpaid."),
						"deletion_protection": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether Baidu refuses to release the instance."},
						"tags":                schema.MapAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "Tags; an empty map when none."},
					},
				},
			},
		},
	}
}

func (d *bccInstancesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg bccInstancesDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	filter, ok := cfg.filter(ctx, resp)
	if !ok {
		return
	}
	c, diags := d.Data.Conn()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	matched, err := listMatchingInstances(ctx, c.Client, filter, 0)
	if err != nil {
		resp.Diagnostics.AddError("Failed to list BCC instances", err.Error())
		return
	}
	ids := make([]string, len(matched))
	cfg.Instances = make([]bccInstanceBrief, len(matched))
	for i := range matched {
		ids[i] = matched[i].ID
		cfg.Instances[i] = briefOf(&matched[i])
	}
	list, diags := types.ListValueFrom(ctx, types.StringType, ids)
	resp.Diagnostics.Append(diags...)
	cfg.IDs = list
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}

// filter turns the configuration into an instanceFilter. The schema has
// validated every value already; a failure here is reported on the
// attribute all the same rather than trusted away.
func (m bccInstancesDataModel) filter(ctx context.Context, resp *datasource.ReadResponse) (instanceFilter, bool) {
	f := newInstanceFilter(ctx, filterConfig{m.AvailabilityZone, m.Status, m.PaymentTiming, m.Tags, m.NameRegex}, &resp.Diagnostics)
	if !m.IDs.IsNull() {
		var ids []string
		resp.Diagnostics.Append(m.IDs.ElementsAs(ctx, &ids, false)...)
		f.ids = dedupeSorted(ids)
	}
	return f, !resp.Diagnostics.HasError()
}

// listMatchingInstances pages through GET /v2/instance with the filters
// Baidu applies and 1,000 instances a page (its maximum), so that 5,000
// instances cost 5 calls, and keeps what every filter matches, sorted by id.
// With a limit above zero it stops paging once that many matched: a
// `terraform query` (limit 100 by default) of a large account then costs
// the pages that hold its results, not all of them.
func listMatchingInstances(ctx context.Context, c *client.Client, f instanceFilter, limit int) ([]client.Instance, error) {
	req := f.request()
	tflog.Debug(ctx, "listing BCC instances", map[string]any{
		"zone_name": f.zone, "status": f.status, "payment_timing": f.payment, "instance_ids": len(f.ids),
		"tags_sent": len(req.Tags), "tags_local": len(f.tags) - len(req.Tags), "name_regex": f.nameRegex != nil, "limit": limit,
	})
	var matched []client.Instance
	listed, unfiltered := 0, 0
	err := c.EachInstancePage(ctx, req, func(page []client.Instance) bool {
		listed += len(page)
		for i := range page {
			if !f.matchSent(&page[i]) {
				unfiltered++
			}
			if f.match(&page[i]) {
				matched = append(matched, page[i])
			}
		}
		return limit <= 0 || len(matched) < limit
	})
	if err != nil {
		return nil, err
	}
	if unfiltered > 0 {
		// Evidence that Baidu ignored or read differently a filter it was
		// sent (its tag filter format is not documented); the result is
		// right regardless, since every filter is applied here too.
		tflog.Warn(ctx, "Baidu listed instances that its filters should have left out; the provider left them out", map[string]any{
			"instances": unfiltered,
		})
	}
	sort.Slice(matched, func(i, j int) bool { return matched[i].ID < matched[j].ID })
	tflog.Debug(ctx, "listed BCC instances", map[string]any{"listed": listed, "matched": len(matched)})
	return matched, nil
}

func briefOf(inst *client.Instance) bccInstanceBrief {
	return bccInstanceBrief{
		ID:                 types.StringValue(inst.ID),
		Name:               types.StringValue(inst.Name),
		Status:             types.StringValue(inst.Status),
		InstanceSpec:       types.StringValue(inst.Spec),
		AvailabilityZone:   types.StringValue(inst.ZoneName),
		PaymentTiming:      types.StringValue(paymentTimingOf(inst)),
		InternalIP:         types.StringValue(inst.InternalIP),
		CreateTime:         types.StringValue(inst.CreateTime),
		ExpireTime:         types.StringValue(inst.ExpireTime),
		DeletionProtection: types.BoolValue(inst.Protected()),
		Tags:               tagsOrEmpty(inst.Tags),
	}
}
