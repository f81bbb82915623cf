package framework

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// ResourceBase is embedded by every resource: its type name, the provider
// data Configure hands it, and a ModifyPlan that fails plans which cannot be
// applied for want of a usable provider configuration. A resource with plan
// checks of its own defines ModifyPlan and starts it with PlanDiags.
type ResourceBase struct {
	Data     *ProviderData
	typeName string // after the provider's name, such as "_bcc_instance"
}

// NewResourceBase is the base of the resource named provider + suffix.
func NewResourceBase(suffix string) ResourceBase { return ResourceBase{typeName: suffix} }

func (b *ResourceBase) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + b.typeName
}

func (b *ResourceBase) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if data := ConfigureData(req.ProviderData, &resp.Diagnostics); data != nil {
		b.Data = data
	}
}

func (b *ResourceBase) ModifyPlan(_ context.Context, _ resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	resp.Diagnostics.Append(b.Data.PlanDiags()...)
}

// DataSourceBase is embedded by every data source: its type name and the
// provider data Configure hands it.
type DataSourceBase struct {
	Data     *ProviderData
	typeName string
}

// NewDataSourceBase is the base of the data source named provider + suffix.
func NewDataSourceBase(suffix string) DataSourceBase { return DataSourceBase{typeName: suffix} }

func (b *DataSourceBase) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + b.typeName
}

func (b *DataSourceBase) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	if data := ConfigureData(req.ProviderData, &resp.Diagnostics); data != nil {
		b.Data = data
	}
}

// ActionBase is embedded by every action: its type name, the provider data
// Configure hands it, and a ModifyPlan that fails a plan which would invoke
// the action without a usable provider configuration, as ResourceBase's
// does for resources.
type ActionBase struct {
	Data     *ProviderData
	typeName string
}

// NewActionBase is the base of the action named provider + suffix.
func NewActionBase(suffix string) ActionBase { return ActionBase{typeName: suffix} }

func (b *ActionBase) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + b.typeName
}

func (b *ActionBase) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	if data := ConfigureData(req.ProviderData, &resp.Diagnostics); data != nil {
		b.Data = data
	}
}

func (b *ActionBase) ModifyPlan(_ context.Context, _ action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	resp.Diagnostics.Append(b.Data.PlanDiags()...)
}
