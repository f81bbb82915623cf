package provider_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/acctest"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/provider"
)

// Bad input never reaches the API: each case fails with a diagnostic that
// names the argument (and, for provider settings, the environment variable),
// and the mock sees no request at all (assertNoRequests; a CheckDestroy
// would not run, as plugin-testing skips it when state is empty).
//
// Cases covered elsewhere and not repeated here: TestAccBCCInstance_invalidArguments
// (payment timing, prepaid without reservation, postpaid with one,
// reservation length 10, a name starting with a digit, root disk -5, a bad
// spec, an empty tag key, a short admin_pass, the import id "web-server-1")
// and TestResolveClientConfig (the resolution rules, without Terraform).

// minimalInstance is a valid instance, so that only the provider settings
// under test can be at fault.
const minimalInstance = `
resource "baidu_bcc_instance" "test" {
  image_id          = "m-acc0001"
  availability_zone = "cn-bj-a"
  instance_spec     = "bcc.g5.c2m8"
}
`

// providerWith renders a provider block from arguments (nil leaves an
// argument out, so that the environment supplies it).
func providerWith(args map[string]*string, endpoint *string) string {
	var b strings.Builder
	b.WriteString("\nprovider \"baidu\" {\n")
	for _, name := range []string{"access_key", "secret_key", "region"} {
		if v, ok := args[name]; ok && v != nil {
			fmt.Fprintf(&b, "  %s = %q\n", name, *v)
		}
	}
	if endpoint != nil {
		fmt.Fprintf(&b, "  endpoints {\n    bcc = %q\n  }\n", *endpoint)
	}
	b.WriteString("}\n")
	return b.String()
}

func optString(s string) *string { return &s }

// Provider settings written in the configuration. The provider accepts its
// configuration (validate passes) and reports what is wrong with it when a
// resource needs the client: already in the plan, since apply would need it
// (see bccInstanceResource.ModifyPlan). Each case is a plan that fails.
func TestAccBadInput_providerArguments(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{})
	ak, sk := optString(acctest.AccessKey), optString(acctest.SecretKey)
	cases := []struct {
		args     map[string]*string
		endpoint *string
		want     []string
	}{
		{map[string]*string{"access_key": optString(""), "secret_key": sk}, &e.URL,
			[]string{"Missing access key", `"access_key" argument or the BAIDUCLOUD_ACCESS_KEY environment variable`}},
		{map[string]*string{"access_key": optString(" \t "), "secret_key": sk}, &e.URL,
			[]string{"Missing access key", `"access_key"`}},
		{map[string]*string{"access_key": ak, "secret_key": optString("   ")}, &e.URL,
			[]string{"Missing secret key", `"secret_key" argument or the BAIDUCLOUD_SECRET_KEY environment variable`}},
		{map[string]*string{"access_key": optString(" " + acctest.AccessKey), "secret_key": sk}, &e.URL,
			[]string{"Invalid access key", `"access_key"`, "leading or trailing whitespace"}},
		// An empty endpoint in the configuration (rather than none) keeps a
		// BAIDUCLOUD_BCC_ENDPOINT in the caller's shell out of this case.
		{map[string]*string{"access_key": ak, "secret_key": sk, "region": optString("mars")}, optString(""),
			[]string{"Unknown region", `unknown region "mars"`, "known regions are bj", `"region" argument or the BAIDUCLOUD_REGION`, "endpoints.bcc"}},
		{map[string]*string{"access_key": ak, "secret_key": sk}, optString("ftp://" + strings.TrimPrefix(e.URL, "http://")),
			[]string{"Invalid BCC endpoint", `scheme must be https or http, not "ftp"`, `"endpoints.bcc" argument or the BAIDUCLOUD_BCC_ENDPOINT`}},
		{map[string]*string{"access_key": ak, "secret_key": sk}, optString(e.URL + "/v2"),
			[]string{"Invalid BCC endpoint", "must not contain a path", `"endpoints.bcc"`}},
	}
	steps := make([]resource.TestStep, len(cases))
	for i, c := range cases {
		steps[i] = resource.TestStep{
			Config:      providerWith(c.args, c.endpoint) + minimalInstance,
			PlanOnly:    true,
			ExpectError: acctest.ExpectError(c.want...),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps:                    steps,
	})
	acctest.AssertNoRequests(t, e)
}

// Provider settings from the environment: the diagnostic names the
// variable. t.Setenv rules out t.Parallel, so this test runs on its own.
func TestAccBadInput_providerEnvironment(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{})
	// Start from a known environment whatever the caller's shell holds.
	good := map[string]string{
		provider.EnvAccessKey: acctest.AccessKey, provider.EnvSecretKey: acctest.SecretKey, provider.EnvSessionToken: "",
		provider.EnvRegion: "bj", provider.EnvBCCEndpoint: e.URL,
	}
	for k, v := range good {
		t.Setenv(k, v)
	}
	// withEnv sets the good environment with the given changes.
	withEnv := func(changes map[string]string) func() {
		return func() {
			for k, v := range good {
				t.Setenv(k, v)
			}
			for k, v := range changes {
				t.Setenv(k, v)
			}
		}
	}
	cases := []struct {
		env  map[string]string
		want []string
	}{
		{map[string]string{provider.EnvAccessKey: ""}, []string{"Missing access key", provider.EnvAccessKey}},
		{map[string]string{provider.EnvAccessKey: "  \t"}, []string{"Missing access key", `"access_key"`, provider.EnvAccessKey}},
		{map[string]string{provider.EnvSecretKey: acctest.SecretKey + "\n"}, []string{"Invalid secret key", provider.EnvSecretKey, "leading or trailing whitespace"}},
		{map[string]string{provider.EnvSessionToken: " token"}, []string{"Invalid session token", provider.EnvSessionToken}},
		{map[string]string{provider.EnvRegion: "mars", provider.EnvBCCEndpoint: ""}, []string{"Unknown region", `"mars"`, provider.EnvRegion}},
		{map[string]string{provider.EnvBCCEndpoint: "ftp://bcc.bj.baidubce.com"}, []string{"Invalid BCC endpoint", `not "ftp"`, provider.EnvBCCEndpoint}},
	}
	steps := make([]resource.TestStep, len(cases))
	for i, c := range cases {
		steps[i] = resource.TestStep{
			PreConfig:   withEnv(c.env),
			Config:      `provider "baidu" {}` + minimalInstance,
			ExpectError: acctest.ExpectError(c.want...),
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps:                    steps,
	})
	acctest.AssertNoRequests(t, e)
}

// Resource arguments outside Baidu's rules fail at plan time.
func TestAccBadInput_resourceArguments(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{})
	long := strings.Repeat("k", 66)
	cases := []struct {
		body string
		want []string
	}{
		{`root_disk_size_in_gb = -1`, []string{"root_disk_size_in_gb", "between 20 and 2048", "-1"}},
		{`root_disk_size_in_gb = 0`, []string{"root_disk_size_in_gb", "between 20 and 2048"}},
		{`root_disk_size_in_gb = 2049`, []string{"root_disk_size_in_gb", "between 20 and 2048", "2049"}},
		{`root_disk_size_in_gb = 4294967316`, []string{"root_disk_size_in_gb", "between 20 and 2048"}}, // 2^32 + 20: no wrap-around to 20
		{`root_disk_size_in_gb = 9223372036854775807`, []string{"root_disk_size_in_gb", "between 20 and 2048"}},
		// Numbers that are not an int64 fail in the plugin framework before
		// any validator runs. Its "Configuration Read Error" blames the
		// provider, but Terraform's source excerpt names the argument and
		// the detail says what is wrong with the number.
		{`root_disk_size_in_gb = 1e30`, []string{"root_disk_size_in_gb = 1e30", "cannot be represented as a 64-bit integer"}},
		{`root_disk_size_in_gb = 40.5`, []string{"root_disk_size_in_gb = 40.5", "is not an integer"}},
		{prepaidFor(0), []string{"reservation_length", "value must be one of"}},
		{prepaidFor(13), []string{"reservation_length", "value must be one of"}},
		{prepaidFor(48), []string{"reservation_length", "value must be one of"}},
		{prepaidFor(-1), []string{"reservation_length", "value must be one of"}},
		{fmt.Sprintf(`tags = { %q = "v" }`, long), []string{"tags", "tag key must be 1-65 characters"}},
		{fmt.Sprintf(`tags = { team = %q }`, long), []string{"tags", "tag value must be at most 65 characters"}},
		{fmt.Sprintf(`name = %q`, "a"+strings.Repeat("b", 65)), []string{"name", "1-65 characters"}},
		{`name = ""`, []string{"name", "1-65 characters"}},
		{`name = "web server"`, []string{"name", `"web server"`, "only letters, digits, Chinese characters"}},
		{`name = "web@1"`, []string{"name", `"web@1"`, "only letters, digits"}},
		{`name = "-web"`, []string{"name", "start with a letter"}},
		{`name = "_web"`, []string{"name", "start with a letter"}},
	}
	steps := make([]resource.TestStep, len(cases))
	for i, c := range cases {
		steps[i] = resource.TestStep{
			Config:      acctest.InstanceConfig(e, "  instance_spec = \"bcc.g5.c2m8\"\n  "+c.body),
			PlanOnly:    true,
			ExpectError: acctest.ExpectError(c.want...),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps:                    steps,
	})
	acctest.AssertNoRequests(t, e)
}

func prepaidFor(months int) string {
	return fmt.Sprintf(`payment_timing = "Prepaid"
  reservation = { reservation_length = %d }`, months)
}

// Malformed import ids are refused before any call, quoting the id and
// showing the expected form.
func TestAccBadInput_importIDs(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{})
	ids := []string{
		" ",             // blank
		"i-",            // prefix only
		"i-abc/def",     // would address another path
		"i-abc?x=1",     // would add a query
		"i-abc def",     // inner space
		"I-YufwpQAe",    // wrong case of the prefix
		"YufwpQAe",      // no prefix
		"i-Yufw\u00e9Q", // not ASCII
	}
	steps := make([]resource.TestStep, len(ids))
	for i, id := range ids {
		steps[i] = resource.TestStep{
			Config:        acctest.InstanceConfig(e, `instance_spec = "bcc.g5.c2m8"`),
			ResourceName:  acctest.InstanceAddress,
			ImportState:   true,
			ImportStateId: id,
			ExpectError:   acctest.ExpectError("Invalid import ID", "is not a BCC instance ID", "i-YufwpQAe"),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps:                    steps,
	})
	acctest.AssertNoRequests(t, e)
}
