package framework

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// RegionIdentity is the identity of an object Baidu names by one id within
// one region: instances, disks, snapshots, images. The id alone is unique
// only in its region, so the region is part of the identity; it is optional
// on import, where it means the provider's own region.
type RegionIdentity struct {
	ID     types.String `tfsdk:"id"`
	Region types.String `tfsdk:"region"`
}

// RegionIdentitySchema is the identity schema of a RegionIdentity; what
// names the object, such as "instance ID (i-...)".
func RegionIdentitySchema(what string) identityschema.Schema {
	return identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"id": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       "The " + what + ".",
			},
			"region": IdentityRegionAttribute(),
		},
	}
}

// IdentityRegionAttribute is the region attribute every identity has.
func IdentityRegionAttribute() identityschema.StringAttribute {
	return identityschema.StringAttribute{
		OptionalForImport: true,
		Description: "The region the object is in, such as `bj`. On import it defaults to the provider's region; " +
			"an object of another region is imported through a provider configured for that region.",
	}
}

// Region is the region the provider is configured for, "" when it has no
// connection (its configuration failed, and says why elsewhere).
func (d *ProviderData) Region() string {
	if d == nil || d.conn == nil {
		return ""
	}
	return d.conn.Client.Region()
}

// IdentityOf is the identity of the object id in the provider's region.
func (d *ProviderData) IdentityOf(id string) RegionIdentity {
	return RegionIdentity{ID: types.StringValue(id), Region: types.StringValue(d.Region())}
}

// SetIdentity records the identity of object id, as Create does once the
// object exists.
func (d *ProviderData) SetIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, id string) diag.Diagnostics {
	if identity == nil {
		return nil
	}
	return identity.Set(ctx, d.IdentityOf(id))
}

// FillIdentity sets the identity of object id when it has none yet: state
// written before identities existed, or an import by id. A known identity is
// kept as it is, because Terraform refuses an identity that changes.
func (d *ProviderData) FillIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, id string) diag.Diagnostics {
	if identity == nil || !identity.Raw.IsFullyNull() || id == "" {
		return nil
	}
	return d.SetIdentity(ctx, identity, id)
}

// ImportID is the id an import names: the import command's or block's id,
// or the id of the identity an import block gives, once its region is
// checked against the provider's.
func (d *ProviderData) ImportID(ctx context.Context, req resource.ImportStateRequest, diags *diag.Diagnostics) (string, bool) {
	if req.ID != "" || req.Identity == nil {
		return strings.TrimSpace(req.ID), true
	}
	var identity RegionIdentity
	if diags.Append(req.Identity.Get(ctx, &identity)...); diags.HasError() {
		return "", false
	}
	if !d.CheckIdentityRegion(identity.Region, diags) {
		return "", false
	}
	return strings.TrimSpace(identity.ID.ValueString()), true
}

// CheckIdentityRegion refuses an identity naming a region other than the
// provider's: the provider reaches one region, and reading the id there
// would find nothing, or another object.
func (d *ProviderData) CheckIdentityRegion(region types.String, diags *diag.Diagnostics) bool {
	want := strings.TrimSpace(region.ValueString())
	if region.IsNull() || region.IsUnknown() || want == "" {
		return true
	}
	have := d.Region()
	if have == "" || want == have {
		return true
	}
	diags.AddError("Identity names another region",
		fmt.Sprintf("The identity names region %q, but this provider is configured for region %q, and one provider "+
			"configuration reaches one region. Import it through a provider configured for %q: add "+
			"provider \"baidu\" { alias = %q, region = %q } and set provider = baidu.%s in the import block.",
			want, have, want, want, want, want))
	return false
}
