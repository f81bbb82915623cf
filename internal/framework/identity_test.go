package framework

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client/bceauth"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/wait"
)

func providerDataIn(t *testing.T, region string) *ProviderData {
	t.Helper()
	c, err := client.New(client.Config{Credentials: bceauth.Credentials{AccessKey: "ak", SecretKey: "sk"}, Region: region})
	if err != nil {
		t.Fatal(err)
	}
	return NewProviderData(NewConn(c, wait.Real(), DefaultSchedules(), Batching{}), nil, false, nil)
}

func nullIdentity(ctx context.Context) *tfsdk.ResourceIdentity {
	s := RegionIdentitySchema("test ID")
	return &tfsdk.ResourceIdentity{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)}
}

// State written before identities existed gets one on its next Read; an
// identity already recorded is never rewritten, even when the provider now
// names another region (Terraform refuses a changed identity).
func TestFillIdentityOnlyFillsAMissingIdentity(t *testing.T) {
	ctx := context.Background()
	identity := nullIdentity(ctx)
	if d := providerDataIn(t, "bj").FillIdentity(ctx, identity, "i-abc"); d.HasError() {
		t.Fatal(d)
	}
	var got RegionIdentity
	identity.Get(ctx, &got)
	if got.ID.ValueString() != "i-abc" || got.Region.ValueString() != "bj" {
		t.Fatalf("filled identity %+v, want i-abc in bj", got)
	}
	providerDataIn(t, "gz").FillIdentity(ctx, identity, "i-other")
	identity.Get(ctx, &got)
	if got.ID.ValueString() != "i-abc" || got.Region.ValueString() != "bj" {
		t.Fatalf("a recorded identity was rewritten to %+v", got)
	}
}

func TestCheckIdentityRegion(t *testing.T) {
	d := providerDataIn(t, "bj")
	for _, tc := range []struct {
		region types.String
		ok     bool
	}{
		{types.StringNull(), true},
		{types.StringValue(""), true},
		{types.StringValue("bj"), true},
		{types.StringValue("gz"), false},
	} {
		var diags diag.Diagnostics
		if ok := d.CheckIdentityRegion(tc.region, &diags); ok != tc.ok || diags.HasError() == ok {
			t.Errorf("region %s: ok %v, diagnostics %v", tc.region, ok, diags)
		}
		if !tc.ok && !strings.Contains(diags[0].Detail(), `provider = baidu.gz`) {
			t.Errorf("the refusal should name the way out: %s", diags[0].Detail())
		}
	}
}
