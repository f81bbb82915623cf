package instance

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
)

var (
	_ list.ListResource              = (*instanceList)(nil)
	_ list.ListResourceWithConfigure = (*instanceList)(nil)
)

// NewListResource is the constructor registered with the provider.
func NewListResource() list.ListResource {
	return &instanceList{ListResourceBase: framework.NewListResourceBase("_bcc_instance")}
}

// instanceList finds instances for `terraform query`, by the filters of
// data "baidu_bcc_instances", so that instances made outside Terraform can
// be imported with generated configuration.
type instanceList struct {
	framework.ListResourceBase
}

type instanceListModel struct {
	AvailabilityZone types.String `tfsdk:"availability_zone"`
	Status           types.String `tfsdk:"status"`
	PaymentTiming    types.String `tfsdk:"payment_timing"`
	Tags             types.Map    `tfsdk:"tags"`
	NameRegex        types.String `tfsdk:"name_regex"`
}

func (l *instanceList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds BCC instances that match every filter given (none: every instance of the region), " +
			"with one paged `GET /v2/instance` of up to 1,000 instances a page, which stops once the query's `limit` is reached. Released instances (`Deleted`, `Recycled`) " +
			"are left out unless `status` asks for them.",
		Attributes: map[string]schema.Attribute{
			"availability_zone": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only instances in this availability zone, such as `cn-bj-a`. Sent to Baidu (`zoneName`).",
				Validators:          zoneFilterValidators(),
			},
			"status": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only instances with this status, such as `Running` or `Stopped` (case matters). " +
					"Sent to Baidu (`status`).",
				Validators: statusFilterValidators(),
			},
			"payment_timing": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only `Postpaid` or only `Prepaid` instances. Sent to Baidu (`paymentTiming`).",
				Validators:          paymentFilterValidators(),
			},
			"tags": schema.MapAttribute{
				Optional:    true,
				ElementType: types.StringType,
				MarkdownDescription: "Only instances that carry every one of these tags with exactly this value. Sent to Baidu " +
					"(`tags`, as `key:value` pairs), except pairs holding `,` or `:`, which its filter cannot carry and the provider applies.",
				Validators: tagsFilterValidators(),
			},
			"name_regex": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only instances whose name matches this [RE2](https://github.com/google/re2/wiki/Syntax) " +
					"regular expression, such as `^web-`. Applied by the provider: Baidu has no such filter.",
				Validators: nameRegexValidators(),
			},
		},
	}
}

func (l *instanceList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg instanceListModel
	diags := req.Config.Get(ctx, &cfg)
	f := newInstanceFilter(ctx, filterConfig{cfg.AvailabilityZone, cfg.Status, cfg.PaymentTiming, cfg.Tags, cfg.NameRegex}, &diags)
	if diags.HasError() {
		framework.ListFailed(stream, diags)
		return
	}
	c, d := l.Data.Conn()
	if d.HasError() {
		framework.ListFailed(stream, d)
		return
	}
	matched, err := listMatchingInstances(ctx, c.Client, f, int(req.Limit))
	if err != nil {
		diags.AddError("Failed to list BCC instances", err.Error())
		framework.ListFailed(stream, diags)
		return
	}
	items := make([]framework.ListItem, len(matched))
	for i := range matched {
		inst := &matched[i]
		items[i] = framework.ListItem{ID: inst.ID, DisplayName: inst.Name, Resource: func(ctx context.Context, res *tfsdk.Resource) diag.Diagnostics {
			return setListed(ctx, res, inst)
		}}
	}
	l.StreamList(ctx, req, stream, items)
}

// setListed writes the instance as Read leaves it right after an import:
// what the list call reports, the defaults of the arguments Baidu does not
// report, and null for the rest (admin_pass, reservation, user_data,
// security_groups, timeouts). The system disk is left null too, as the
// list call does not carry it; Read after the import fills it.
func setListed(ctx context.Context, res *tfsdk.Resource, inst *client.Instance) diag.Diagnostics {
	var m bccInstanceModel
	if diags := framework.NullModel(ctx, res, &m); diags.HasError() {
		return diags
	}
	m.setFromAPI(inst)
	m.fillImportDefaults()
	return res.Set(ctx, &m)
}
