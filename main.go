// Command terraform-provider-baidu serves the Baidu AI Cloud provider to
// Terraform over plugin protocol 6.
package main

import (
	"context"
	"flag"
	"log"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/provider"
)

// version is set at build time with -ldflags "-X main.version=...";
// goreleaser does this for releases.
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve; Terraform then attaches via TF_REATTACH_PROVIDERS")
	flag.Parse()
	quietLogsUnlessAsked()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: provider.Address,
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}

// quietLogsUnlessAsked turns the provider's and the plugin SDK's loggers
// off when the user asked for no provider logs. Left unset they default to
// TRACE: each log line (a protocol step, an API request) is formatted as
// JSON for Terraform to parse and throw away, which profiling showed to be
// about a third of the provider's CPU in a large plan or destroy. Any
// TF_LOG or TF_LOG_PROVIDER, or an explicit level for one of these loggers,
// is left as the user made it.
func quietLogsUnlessAsked() {
	if os.Getenv("TF_LOG") != "" || os.Getenv("TF_LOG_PROVIDER") != "" {
		return
	}
	for _, name := range []string{
		"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", // the plugin SDK
		"TF_LOG_PROVIDER_BAIDU",     // this provider (named after its address)
		"TF_LOG_PROVIDER_BAIDU_BCE", // its API client subsystem
	} {
		if _, set := os.LookupEnv(name); !set {
			_ = os.Setenv(name, "off")
		}
	}
}
