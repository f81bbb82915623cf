package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
)

func TestProviderSchemaIsValid(t *testing.T) {
	ctx := context.Background()
	resp := &provider.SchemaResponse{}
	New("test")().Schema(ctx, provider.SchemaRequest{}, resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("schema diagnostics: %v", resp.Diagnostics)
	}
	if d := resp.Schema.ValidateImplementation(ctx); d.HasError() {
		t.Fatalf("schema implementation: %v", d)
	}
	for _, name := range []string{"secret_key", "session_token"} {
		if !resp.Schema.Attributes[name].IsSensitive() {
			t.Errorf("%s must be sensitive", name)
		}
	}
}

// TestProviderServesSchemasOverProtocol6 asks for the schemas the way
// Terraform does and checks the resource is there with its timeouts block.
func TestProviderServesSchemasOverProtocol6(t *testing.T) {
	server, err := providerserver.NewProtocol6WithError(New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	resp, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			t.Fatalf("schema error: %s: %s", d.Summary, d.Detail)
		}
	}
	inst, ok := resp.ResourceSchemas["baidu_bcc_instance"]
	if !ok {
		t.Fatalf("baidu_bcc_instance missing; have %v", keys(resp.ResourceSchemas))
	}
	foundTimeouts := false
	for _, b := range inst.Block.BlockTypes {
		if b.TypeName == "timeouts" {
			foundTimeouts = true
		}
	}
	if !foundTimeouts {
		t.Error("baidu_bcc_instance has no timeouts block")
	}
	for _, a := range inst.Block.Attributes {
		if a.Name == "admin_pass" && !a.Sensitive {
			t.Error("admin_pass must be sensitive")
		}
	}
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestResolveClientConfig(t *testing.T) {
	full := map[string]string{EnvAccessKey: "env-ak", EnvSecretKey: "env-sk-0123456789abcdef"}
	cases := []struct {
		name      string
		model     providerModel
		env       map[string]string
		wantErr   []string // substrings of the error details, all required
		wantAK    string
		wantReg   string
		wantEP    string
		wantRetry int
	}{
		{name: "environment only", env: full, wantAK: "env-ak", wantReg: "bj", wantRetry: 5},
		{
			name:   "configuration wins over environment",
			model:  providerModel{AccessKey: types.StringValue("cfg-ak"), Region: types.StringValue("gz"), MaxRetries: types.Int64Value(2)},
			env:    map[string]string{EnvAccessKey: "env-ak", EnvSecretKey: "env-sk-0123456789abcdef", EnvRegion: "su"},
			wantAK: "cfg-ak", wantReg: "gz", wantRetry: 2,
		},
		{name: "region from environment", env: map[string]string{EnvAccessKey: "a", EnvSecretKey: "s", EnvRegion: "hkg"}, wantAK: "a", wantReg: "hkg", wantRetry: 5},
		{name: "missing credentials name argument and variable", env: map[string]string{},
			wantErr: []string{`"access_key" argument or the BAIDUCLOUD_ACCESS_KEY`, `"secret_key" argument or the BAIDUCLOUD_SECRET_KEY`}},
		{name: "whitespace-only key", model: providerModel{AccessKey: types.StringValue("   ")}, env: full,
			wantErr: []string{"access_key"}},
		{name: "key with trailing newline", model: providerModel{SecretKey: types.StringValue("sk\n")}, env: full,
			wantErr: []string{"leading or trailing whitespace"}},
		{name: "unknown region lists known ones", model: providerModel{Region: types.StringValue("mars")}, env: full,
			wantErr: []string{"mars", "bj", "BAIDUCLOUD_BCC_ENDPOINT"}},
		{name: "unknown region is fine with an endpoint", model: providerModel{Region: types.StringValue("mars"), Endpoints: &endpointsModel{BCC: types.StringValue("http://127.0.0.1:9")}},
			env: full, wantAK: "env-ak", wantReg: "mars", wantEP: "http://127.0.0.1:9", wantRetry: 5},
		{name: "endpoint from environment", env: map[string]string{EnvAccessKey: "a", EnvSecretKey: "s", EnvBCCEndpoint: "http://127.0.0.1:8080"},
			wantAK: "a", wantReg: "bj", wantEP: "http://127.0.0.1:8080", wantRetry: 5},
		{name: "endpoint with a bad scheme", model: providerModel{Endpoints: &endpointsModel{BCC: types.StringValue("ftp://example.com")}}, env: full,
			wantErr: []string{"endpoints.bcc", "BAIDUCLOUD_BCC_ENDPOINT"}},
		{name: "unknown values at plan time", model: providerModel{AccessKey: types.StringUnknown(), Endpoints: &endpointsModel{BCC: types.StringUnknown()}}, env: full,
			wantErr: []string{"not known yet"}},
		{name: "null endpoints block attribute", model: providerModel{Endpoints: &endpointsModel{BCC: types.StringNull()}}, env: full, wantAK: "env-ak", wantReg: "bj", wantRetry: 5},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// Zero framework values are null, as for an unset argument.
			cfg, diags := resolveClientConfig(tc.model, env(tc.env))
			if len(tc.wantErr) > 0 {
				if !diags.HasError() {
					t.Fatalf("expected errors containing %q, got none", tc.wantErr)
				}
				var all strings.Builder
				for _, d := range diags.Errors() {
					all.WriteString(d.Summary() + ": " + d.Detail() + "\n")
				}
				for _, want := range tc.wantErr {
					if !strings.Contains(all.String(), want) {
						t.Errorf("errors do not mention %q:\n%s", want, all.String())
					}
				}
				if strings.Contains(all.String(), "env-sk-0123456789abcdef") {
					t.Errorf("diagnostics leak the secret key:\n%s", all.String())
				}
				return
			}
			if diags.HasError() {
				t.Fatalf("unexpected errors: %v", diags)
			}
			if cfg.Credentials.AccessKey != tc.wantAK || cfg.Region != tc.wantReg || cfg.Endpoint != tc.wantEP || cfg.MaxRetries != tc.wantRetry {
				t.Errorf("got ak=%q region=%q endpoint=%q retries=%d; want %q %q %q %d",
					cfg.Credentials.AccessKey, cfg.Region, cfg.Endpoint, cfg.MaxRetries, tc.wantAK, tc.wantReg, tc.wantEP, tc.wantRetry)
			}
		})
	}
}

// A provider argument that is unknown while planning (computed from another
// resource) must not fail the plan: it may well be fine at apply.
func TestPlanDiagsDeferWhileArgumentsAreUnknown(t *testing.T) {
	cfg := providerModel{AccessKey: types.StringUnknown()}
	_, diags := resolveClientConfig(cfg, env(nil))
	if !diags.HasError() {
		t.Fatal("expected a 'not known yet' error from resolving")
	}
	unknown := framework.NewProviderData(nil, diags, cfg.hasUnknown(), nil)
	if d := unknown.PlanDiags(); d.HasError() {
		t.Errorf("plan failed on an argument that is only unknown yet: %v", d)
	}
	certain := framework.NewProviderData(nil, diags, false, nil)
	if d := certain.PlanDiags(); !d.HasError() {
		t.Error("a certain configuration error must fail the plan")
	}
	var none *framework.ProviderData
	if d := none.PlanDiags(); d.HasError() {
		t.Error("an unconfigured provider has no plan diagnostics")
	}
}
