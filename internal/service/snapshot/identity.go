package snapshot

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
)

// IdentitySchema: the snapshot ID and its region name the object, so an import block
// can say identity = { id = "..." } instead of a provider-specific string.
func (r *bccSnapshotResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = framework.RegionIdentitySchema("snapshot ID (s-...)")
}
