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
	quietSDKLogsUnlessAsked()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: provider.Address,
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}

// quietSDKLogsUnlessAsked turns the plugin SDK's own log levels off when the
// user asked for no provider logs. Left unset they default to TRACE: the
// framework then formats a JSON line per protocol step for Terraform to
// parse and throw away, which profiling showed to be about a third of the
// provider's CPU in a large plan or destroy. Any TF_LOG, TF_LOG_PROVIDER or
// explicit TF_LOG_SDK* setting is left as the user made it.
func quietSDKLogsUnlessAsked() {
	if os.Getenv("TF_LOG") != "" || os.Getenv("TF_LOG_PROVIDER") != "" {
		return
	}
	for _, name := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"} {
		if _, set := os.LookupEnv(name); !set {
			_ = os.Setenv(name, "off")
		}
	}
}
