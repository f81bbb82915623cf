// Package provider implements the Terraform provider for Baidu AI Cloud on the
// terraform-plugin-framework.
package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/service/attachment"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/service/image"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/service/instance"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/service/snapshot"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/service/volume"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/validate"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/wait"
)

// Address is the provider's registry address, used by main and by tests.
const Address = "registry.terraform.io/terraform-baidu/baidu"

var (
	_ provider.Provider                  = (*baiduProvider)(nil)
	_ provider.ProviderWithActions       = (*baiduProvider)(nil)
	_ provider.ProviderWithListResources = (*baiduProvider)(nil)
)

type baiduProvider struct {
	version string
	// clock is what every wait, retry and timeout runs on, and what judges
	// whether a prepaid instance has expired. It is the wall clock except
	// in tests, which share a simulated clock with the mock API. Requests
	// are always signed with real time.
	clock wait.Clock
	// sched overrides the production schedules; nil keeps them.
	sched *framework.Schedules
}

// New returns a constructor for the provider, as providerserver expects.
func New(version string) func() provider.Provider {
	return NewOnClock(version, wait.Real())
}

// NewOnClock is New with every wait, retry and timeout on clock: the
// acceptance tests run the provider on the simulated clock of the mock API
// they drive.
func NewOnClock(version string, clock wait.Clock) func() provider.Provider {
	return func() provider.Provider {
		return &baiduProvider{version: version, clock: clock}
	}
}

type providerModel struct {
	AccessKey    types.String    `tfsdk:"access_key"`
	SecretKey    types.String    `tfsdk:"secret_key"`
	SessionToken types.String    `tfsdk:"session_token"`
	Region       types.String    `tfsdk:"region"`
	MaxRetries   types.Int64     `tfsdk:"max_retries"`
	Endpoints    *endpointsModel `tfsdk:"endpoints"`
	Batching     *batchingModel  `tfsdk:"batching"`
}

type batchingModel struct {
	Enabled   types.Bool   `tfsdk:"enabled"`
	SendAfter types.String `tfsdk:"send_after"`
}

type endpointsModel struct {
	BCC types.String `tfsdk:"bcc"`
}

func (p *baiduProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "baidu"
	resp.Version = p.version
}

func (p *baiduProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Manages Baidu AI Cloud (BCE) resources through Baidu's signed OpenAPI.",
		MarkdownDescription: "Manages Baidu AI Cloud (BCE) resources through Baidu's signed OpenAPI. " +
			"Every argument can also come from an environment variable; a value in the configuration wins.",
		Attributes: map[string]schema.Attribute{
			"access_key": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Access key ID of a Baidu AI Cloud key pair (AK). Environment: `" + EnvAccessKey + "`.",
			},
			"secret_key": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: "Secret access key (SK) of the key pair. Environment: `" + EnvSecretKey + "`.",
			},
			"session_token": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "Session token of temporary STS credentials, sent as `x-bce-security-token`; " +
					"`access_key` and `secret_key` must then be the temporary pair. Environment: `" + EnvSessionToken + "`.",
			},
			"region": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Region to manage, such as `bj` (Beijing) or `gz` (Guangzhou). Default `" + defaultRegion +
					"`. Environment: `" + EnvRegion + "`. Known regions: " + markdownList(client.KnownRegions) + ".",
			},
			"max_retries": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "How many times one API call is retried after a network error, throttling (HTTP 429) or a 5xx answer, " +
					"with capped exponential backoff and jitter. Default `5`.",
				Validators: []validator.Int64{int64validator.Between(0, 50)},
			},
		},
		Blocks: map[string]schema.Block{
			"batching": schema.SingleNestedBlock{
				MarkdownDescription: "How instance reads are batched. A plan reads every instance in state, and waits poll the " +
					"instances they wait for; with batching, reads made at the same time go out as one " +
					"`POST /v2/instance/listByInstanceId` call of up to 100 instances instead of one `GET` each, and waits " +
					"poll on a shared beat so that they share those calls. An instance a batch answer leaves out is read " +
					"on its own before anything concludes it is gone, and a batch call that fails falls back to single reads. " +
					"A refresh of more than 10 instances is answered from one listing of the region's instances " +
					"(`GET /v2/instance`, one page of up to 1,000) instead, renewed every 2 seconds while the refresh goes on: " +
					"Terraform reads at most `-parallelism` instances at a time, and waiting for every round's call costs more " +
					"wall time than single reads. A region with more than 1,000 instances, or credentials that may not list " +
					"instances, read by id as above; so do waits and every read after a change.",
				Attributes: map[string]schema.Attribute{
					"enabled": schema.BoolAttribute{
						Optional: true,
						MarkdownDescription: "Batch instance reads. Default `true`. `false` makes one `GET /v2/instance/{id}` per read, " +
							"and waits poll each instance on its own backoff schedule.",
					},
					"send_after": schema.StringAttribute{
						Optional: true,
						MarkdownDescription: "How long a batch waits for another read to join it before it is sent: each read that joins " +
							"gives it this long again, up to ten times this after its first read, and it is sent at once when it holds 100. " +
							"A duration such as `10ms` (the default), from `0s` to `1s`.",
						Validators: []validator.String{validate.Duration(0, time.Second)},
					},
				},
			},
			"endpoints": schema.SingleNestedBlock{
				MarkdownDescription: "Overrides of service endpoints, for example to point the provider at a mock API or a private endpoint.",
				Attributes: map[string]schema.Attribute{
					"bcc": schema.StringAttribute{
						Optional: true,
						MarkdownDescription: "Base URL of the BCC API. Without a scheme `https://` is assumed; plain `http://` is used only when written. " +
							"Default `https://bcc.{region}.baidubce.com`. Environment: `" + EnvBCCEndpoint + "`.",
					},
				},
			},
		},
	}
}

// Configure resolves the provider configuration against the environment. A
// configuration that cannot produce a client (missing credentials, unknown
// region, bad endpoint) is not an error here: it is kept and reported, naming
// the attribute, when a resource first needs the client. That keeps
// `terraform validate` and plans that make no API call working, and lets
// values that are unknown during planning be resolved at apply.
func (p *baiduProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var model providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}

	clock := p.clock
	if clock == nil {
		clock = wait.Real()
	}
	sched := framework.DefaultSchedules()
	if p.sched != nil {
		sched = *p.sched
	}
	var conn *framework.Conn
	var configDiags diag.Diagnostics
	cfg, diags := resolveClientConfig(model, lookupEnv)
	if diags.HasError() {
		configDiags = diags
	} else {
		cfg.ProviderVersion = p.version
		cfg.TerraformVersion = req.TerraformVersion
		cfg.Clock = clock
		cfg.EndpointSetting = "endpoints.bcc / " + EnvBCCEndpoint
		c, err := client.New(cfg)
		if err != nil {
			configDiags.AddError("Invalid provider configuration", err.Error())
		} else {
			conn = framework.NewConn(c, clock, sched, batchingOf(model.Batching))
			ctx = tflog.SetField(ctx, "bcc_endpoint", c.Endpoint())
			tflog.Debug(ctx, "configured Baidu AI Cloud client")
		}
	}
	data := framework.NewProviderData(conn, configDiags, model.hasUnknown(), clock)
	resp.DataSourceData = data
	resp.ResourceData = data
	resp.ListResourceData = data
	resp.ActionData = data
}

func (p *baiduProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		instance.NewResource,
		volume.NewResource,
		attachment.NewResource,
		snapshot.NewResource,
		image.NewResource,
	}
}

// ListResources are what `terraform query` (Terraform 1.14+) lists; each
// has the name of the resource whose objects it finds.
func (p *baiduProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		instance.NewListResource,
		volume.NewListResource,
		snapshot.NewListResource,
		image.NewListResource,
	}
}

// Actions need Terraform 1.14 or later; older CLIs and OpenTofu never see
// them.
func (p *baiduProvider) Actions(context.Context) []func() action.Action {
	return []func() action.Action{
		instance.NewPowerAction,
		image.NewCreateAction,
		snapshot.NewCreateAction,
	}
}

func (p *baiduProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		instance.NewDataSource,
		instance.NewListDataSource,
	}
}

func (m providerModel) hasUnknown() bool {
	unknown := m.AccessKey.IsUnknown() || m.SecretKey.IsUnknown() || m.SessionToken.IsUnknown() ||
		m.Region.IsUnknown() || m.MaxRetries.IsUnknown()
	if m.Endpoints != nil {
		unknown = unknown || m.Endpoints.BCC.IsUnknown()
	}
	if m.Batching != nil {
		unknown = unknown || m.Batching.Enabled.IsUnknown() || m.Batching.SendAfter.IsUnknown()
	}
	return unknown
}

const defaultSendAfter = 10 * time.Millisecond

// batchingOf resolves the batching block; the schema has validated
// send_after already, and unknown values (only possible while planning)
// take the defaults.
func batchingOf(m *batchingModel) framework.Batching {
	b := framework.Batching{Enabled: true, SendAfter: defaultSendAfter}
	if m == nil {
		return b
	}
	if !m.Enabled.IsNull() && !m.Enabled.IsUnknown() {
		b.Enabled = m.Enabled.ValueBool()
	}
	if !m.SendAfter.IsNull() && !m.SendAfter.IsUnknown() {
		if d, err := time.ParseDuration(m.SendAfter.ValueString()); err == nil {
			b.SendAfter = d
		}
	}
	return b
}
