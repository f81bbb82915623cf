package framework

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// ListResourceBase is embedded by every list resource: the type name it
// shares with its resource, and the provider data Configure hands it.
type ListResourceBase struct {
	Data     *ProviderData
	typeName string
}

// NewListResourceBase is the base of the list resource for the resource
// named provider + suffix.
func NewListResourceBase(suffix string) ListResourceBase { return ListResourceBase{typeName: suffix} }

func (b *ListResourceBase) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + b.typeName
}

func (b *ListResourceBase) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if data := ConfigureData(req.ProviderData, &resp.Diagnostics); data != nil {
		b.Data = data
	}
}

// ListItem is what a list resource knows of one object it found: enough
// for the identity and the display name, and, when the request includes
// resources, a function that writes the full resource object as Read would
// leave it after an import.
type ListItem struct {
	ID, DisplayName string
	Resource        func(ctx context.Context, res *tfsdk.Resource) diag.Diagnostics
}

// StreamList answers a list request with items, in order, stopping at the
// request's limit. Every result carries the region identity the resource's
// import takes, so that `terraform query -generate-config-out` writes
// import blocks that work as they are.
func (b *ListResourceBase) StreamList(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream, items []ListItem) {
	stream.Results = func(push func(list.ListResult) bool) {
		for i, item := range items {
			if req.Limit > 0 && int64(i) >= req.Limit {
				return
			}
			result := req.NewListResult(ctx)
			result.DisplayName = item.DisplayName
			result.Diagnostics.Append(result.Identity.Set(ctx, b.Data.IdentityOf(item.ID))...)
			if req.IncludeResource && item.Resource != nil && !result.Diagnostics.HasError() {
				result.Diagnostics.Append(item.Resource(ctx, result.Resource)...)
			}
			if !push(result) {
				return
			}
		}
	}
}

// ListFailed ends a list with diags and no results.
func ListFailed(stream *list.ListResultsStream, diags diag.Diagnostics) {
	stream.Results = list.ListResultsStreamDiagnostics(diags)
}

// NullModel reads into target the resource object with every attribute
// null, typed by the schema: what a model looks like after ImportState set
// only the id, before Read. A list result starts from it, so that every
// attribute a room's setFromAPI does not fill has the type the schema
// wants, as in the state an import leaves.
func NullModel(ctx context.Context, res *tfsdk.Resource, target any) diag.Diagnostics {
	obj, ok := res.Schema.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		var diags diag.Diagnostics
		diags.AddError("Unexpected resource schema", "The resource schema is not an object. This is a bug in the provider.")
		return diags
	}
	vals := make(map[string]tftypes.Value, len(obj.AttributeTypes))
	for name, t := range obj.AttributeTypes {
		vals[name] = tftypes.NewValue(t, nil)
	}
	res.Raw = tftypes.NewValue(obj, vals)
	return res.Get(ctx, target)
}
