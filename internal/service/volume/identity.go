package volume

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
)

// IdentitySchema: the CDS volume ID and its region name the object, so an import block
// can say identity = { id = "..." } instead of a provider-specific string.
func (r *cdsVolumeResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = framework.RegionIdentitySchema("CDS volume ID (v-...)")
}
