package provider

import (
	"fmt"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client/bceauth"
)

// Environment variables read by the provider, named as the official Baidu
// provider names them so existing pipelines keep working. The docs name
// them, and tests set them as a user would.
const (
	EnvAccessKey    = "BAIDUCLOUD_ACCESS_KEY"
	EnvSecretKey    = "BAIDUCLOUD_SECRET_KEY"
	EnvSessionToken = "BAIDUCLOUD_SESSION_TOKEN"
	EnvRegion       = "BAIDUCLOUD_REGION"
	EnvBCCEndpoint  = "BAIDUCLOUD_BCC_ENDPOINT"
)

const (
	defaultRegion     = "bj"
	defaultMaxRetries = 5
)

func lookupEnv(name string) string { return os.Getenv(name) }

// setting is one provider argument resolved from configuration or environment.
type setting struct {
	attr  path.Path
	env   string
	value string
	// unknown is true when the configuration value is not known yet (it is
	// computed from another resource during planning).
	unknown bool
}

func resolveSetting(v types.String, attr path.Path, env string, getenv func(string) string) setting {
	s := setting{attr: attr, env: env}
	switch {
	case v.IsUnknown():
		s.unknown = true
	case !v.IsNull():
		s.value = v.ValueString()
	case env != "":
		s.value = getenv(env)
	}
	return s
}

func (s setting) where() string {
	if s.env == "" {
		return fmt.Sprintf("the %q argument", s.attr)
	}
	return fmt.Sprintf("the %q argument or the %s environment variable", s.attr, s.env)
}

// requireCredential checks a key that must be present and must not carry
// stray whitespace (a frequent copy-paste mistake that otherwise surfaces
// only as a confusing SignatureDoesNotMatch from the API).
func requireCredential(s setting, what string, diags *diag.Diagnostics) string {
	switch {
	case s.unknown:
		diags.AddAttributeError(s.attr, "Provider argument not known yet",
			fmt.Sprintf("%s is computed from another resource and is not known yet. Set it to a value known before apply, or set %s.", s.attr, s.env))
	case strings.TrimSpace(s.value) == "":
		diags.AddAttributeError(s.attr, "Missing "+what,
			fmt.Sprintf("The provider needs %s to sign API requests. Set %s.", what, s.where()))
	case strings.TrimSpace(s.value) != s.value:
		diags.AddAttributeError(s.attr, "Invalid "+what,
			fmt.Sprintf("The value from %s has leading or trailing whitespace. Remove it.", s.where()))
	default:
		return s.value
	}
	return ""
}

// resolveClientConfig turns the provider block and environment into a client
// configuration, or diagnostics that name the argument and environment
// variable to fix. It makes no network call.
func resolveClientConfig(m providerModel, getenv func(string) string) (client.Config, diag.Diagnostics) {
	var diags diag.Diagnostics

	ak := requireCredential(resolveSetting(m.AccessKey, path.Root("access_key"), EnvAccessKey, getenv), "access key", &diags)
	sk := requireCredential(resolveSetting(m.SecretKey, path.Root("secret_key"), EnvSecretKey, getenv), "secret key", &diags)

	token := resolveSetting(m.SessionToken, path.Root("session_token"), EnvSessionToken, getenv)
	switch {
	case token.unknown:
		diags.AddAttributeError(token.attr, "Provider argument not known yet",
			"session_token is computed from another resource and is not known yet. Set it to a value known before apply, or set "+EnvSessionToken+".")
	case token.value != "" && strings.TrimSpace(token.value) != token.value:
		diags.AddAttributeError(token.attr, "Invalid session token",
			fmt.Sprintf("The value from %s has leading or trailing whitespace. Remove it.", token.where()))
	}

	region := resolveSetting(m.Region, path.Root("region"), EnvRegion, getenv)
	if region.unknown {
		diags.AddAttributeError(region.attr, "Provider argument not known yet",
			"region is computed from another resource and is not known yet. Set it to a value known before apply, or set "+EnvRegion+".")
	}
	if region.value == "" {
		region.value = defaultRegion
	}

	var endpointValue types.String
	if m.Endpoints != nil {
		endpointValue = m.Endpoints.BCC
	} else {
		endpointValue = types.StringNull()
	}
	endpoint := resolveSetting(endpointValue, path.Root("endpoints").AtName("bcc"), EnvBCCEndpoint, getenv)
	if endpoint.unknown {
		diags.AddAttributeError(endpoint.attr, "Provider argument not known yet",
			"endpoints.bcc is computed from another resource and is not known yet. Set it to a value known before apply, or set "+EnvBCCEndpoint+".")
	}

	maxRetries := defaultMaxRetries
	if !m.MaxRetries.IsNull() && !m.MaxRetries.IsUnknown() {
		maxRetries = int(m.MaxRetries.ValueInt64())
	}

	if !region.unknown && !endpoint.unknown {
		if _, err := client.ResolveEndpoint(region.value, endpoint.value); err != nil {
			// Blame the endpoint when one was given, otherwise the region.
			if strings.TrimSpace(endpoint.value) != "" {
				diags.AddAttributeError(endpoint.attr, "Invalid BCC endpoint",
					fmt.Sprintf("%s (from %s). Use a URL such as https://bcc.bj.baidubce.com, or http://127.0.0.1:PORT for a local mock.", err, endpoint.where()))
			} else {
				diags.AddAttributeError(region.attr, "Unknown region",
					fmt.Sprintf("%s (from %s). Set a known region, or set endpoints.bcc (%s) to reach a region this provider does not know yet.", err, region.where(), EnvBCCEndpoint))
			}
		}
	}

	if diags.HasError() {
		return client.Config{}, diags
	}
	return client.Config{
		Credentials: bceauth.Credentials{AccessKey: ak, SecretKey: sk, SessionToken: token.value},
		Region:      region.value,
		Endpoint:    strings.TrimSpace(endpoint.value),
		MaxRetries:  maxRetries,
	}, diags
}

func markdownList(items []string) string {
	quoted := make([]string, len(items))
	for i, s := range items {
		quoted[i] = "`" + s + "`"
	}
	return strings.Join(quoted, ", ")
}
