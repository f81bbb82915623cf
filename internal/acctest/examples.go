package acctest

import (
	"os"
	"testing"

	"github.com/hashicorp/go-version"
	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/provider"
)

// Examples that tests of more than one package apply, under examples/.
const (
	ExampleProvider  = "provider/provider.tf"
	ExampleProtected = "resources/baidu_bcc_instance/protected/main.tf"
)

// WriteOnlyCLIs are the CLIs with write-only attributes: Terraform 1.11
// and later (OpenTofu 1.11 and later report versions above that too). An
// older CLI skips the write-only tests, visibly.
var WriteOnlyCLIs = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(version.Must(version.NewVersion("1.11.0")))}

// ReadExample reads an example, rel being its path under examples/.
func ReadExample(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(RepoPath(t, "examples/"+rel))
	if err != nil {
		t.Fatalf("example %s: %v", rel, err)
	}
	return string(b)
}

// UseExampleEnvironment sets the environment a user of the examples would
// have, pointed at e's mock. It makes the test non-parallel (t.Setenv).
func UseExampleEnvironment(t *testing.T, e *Env, accessKey, secretKey string) {
	t.Setenv(provider.EnvAccessKey, accessKey)
	t.Setenv(provider.EnvSecretKey, secretKey)
	t.Setenv(provider.EnvSessionToken, "")
	t.Setenv(provider.EnvRegion, "")
	t.Setenv(provider.EnvBCCEndpoint, e.URL)
	// The examples name the provider by its registry source,
	// terraform-baidu/baidu; serve the in-process provider under it.
	t.Setenv(acc.EnvTfAccProviderNamespace, "terraform-baidu")
}

// IdentityCLIs are the CLIs that import by resource identity: Terraform
// 1.12 and OpenTofu 1.12 and later. An older CLI skips those tests, visibly.
var IdentityCLIs = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(version.Must(version.NewVersion("1.12.0")))}
