package instance_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/acctest"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/provider"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/service/instance"
)

// The rules of admin_pass_wo hold at plan time, name the attributes, and
// no request reaches the API: it conflicts with admin_pass,
// admin_pass_wo_version requires it, and it follows the password rule.
func TestAccBCCInstance_writeOnlyPasswordRules(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{})
	cases := []struct {
		body string
		want []string
	}{
		{`admin_pass = "Str0ng!pass"
  admin_pass_wo = "Str0ng!pass"`, []string{`Attribute "admin_pass" cannot be specified when "admin_pass_wo" is specified`}},
		{`admin_pass_wo_version = 1`, []string{`Attribute "admin_pass_wo" must be specified when "admin_pass_wo_version" is specified`}},
		{`admin_pass_wo = "short1!"`, []string{"admin_pass_wo", "8-32 characters"}},
	}
	steps := make([]resource.TestStep, len(cases))
	for i, tc := range cases {
		steps[i] = resource.TestStep{
			Config:      acctest.InstanceConfig(e, `instance_spec = "bcc.g5.c2m8"`+"\n  "+tc.body),
			PlanOnly:    true,
			ExpectError: acctest.ExpectError(tc.want...),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		TerraformVersionChecks:   acctest.WriteOnlyCLIs,
		Steps:                    steps,
	})
	acctest.AssertNoRequests(t, e)
}

// Moving from admin_pass to admin_pass_wo, as the docs describe: the plan
// is an in-place update that sends the write-only password, and admin_pass
// leaves the state. Removing the version afterwards sends nothing.
func TestAccBCCInstance_moveToWriteOnlyPassword(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{})
	const spec = `instance_spec = "bcc.g5.c2m8"` + "\n"
	changes := func() int { return e.Mock.RequestCount("PUT", bccmock.RouteChangeInstancePass) }
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		TerraformVersionChecks:   acctest.WriteOnlyCLIs,
		CheckDestroy:             e.CheckNoInstances,
		Steps: []resource.TestStep{
			{Config: acctest.InstanceConfig(e, spec+`admin_pass = "Stat3d!pass"`), Check: e.CheckAdminPass("Stat3d!pass")},
			{
				Config: acctest.InstanceConfig(e, spec+`admin_pass_wo = "Wr1te!only"
  admin_pass_wo_version = 1`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(acctest.InstanceAddress, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(acctest.InstanceAddress, tfjsonpath.New("admin_pass"), knownvalue.Null()),
					statecheck.ExpectKnownValue(acctest.InstanceAddress, tfjsonpath.New("admin_pass_wo"), knownvalue.Null()),
				},
				Check: e.CheckAdminPass("Wr1te!only"),
			},
			{
				Config: acctest.InstanceConfig(e, spec+`admin_pass_wo = "Wr1te!only"`),
				Check: resource.ComposeTestCheckFunc(e.CheckAdminPass("Wr1te!only"), func(*terraform.State) error {
					if n := changes(); n != 1 {
						return fmt.Errorf("%d password changes, want 1: removing the version must send nothing", n)
					}
					return nil
				}),
			},
		},
	})
}

// A CLI older than Terraform 1.11 does not announce write-only support,
// and the plugin framework then refuses a value for admin_pass_wo at
// validation, before anything is planned: the error the docs quote. The
// CLI's side is played here by the ValidateResourceConfig call it makes.
func TestWriteOnlyPasswordNeedsACLIThatSupportsIt(t *testing.T) {
	ctx := context.Background()
	server, err := providerserver.NewProtocol6WithError(provider.New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	var sr fwresource.SchemaResponse
	instance.NewResource().Schema(ctx, fwresource.SchemaRequest{}, &sr)
	if sr.Diagnostics.HasError() {
		t.Fatal(sr.Diagnostics)
	}
	s := sr.Schema
	// A configuration that sets admin_pass_wo and nothing else.
	typ := s.Type().TerraformType(ctx).(tftypes.Object)
	attrs := make(map[string]tftypes.Value, len(typ.AttributeTypes))
	for name, at := range typ.AttributeTypes {
		attrs[name] = tftypes.NewValue(at, nil)
	}
	attrs["admin_pass_wo"] = tftypes.NewValue(tftypes.String, "Str0ng!pass")
	cfg, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, attrs))
	if err != nil {
		t.Fatal(err)
	}
	for _, allowed := range []bool{false, true} {
		resp, err := server.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{
			TypeName:           "baidu_bcc_instance",
			Config:             &cfg,
			ClientCapabilities: &tfprotov6.ValidateResourceConfigClientCapabilities{WriteOnlyAttributesAllowed: allowed},
		})
		if err != nil {
			t.Fatal(err)
		}
		var refused bool
		for _, d := range resp.Diagnostics {
			if d.Summary == "WriteOnly Attribute Not Allowed" && strings.Contains(d.Detail, "admin_pass_wo") &&
				strings.Contains(d.Detail, "only supported in Terraform 1.11 and later") {
				refused = true
			}
		}
		if refused == allowed {
			t.Errorf("write-only allowed by the CLI = %v: refused = %v, diagnostics %v", allowed, refused, resp.Diagnostics)
		}
	}
}
