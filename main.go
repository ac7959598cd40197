// Command terraform-provider-sendblue serves the Sendblue provider to
// Terraform over the plugin protocol. Everything else lives in internal/.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/provider"
)

// version and commit are stamped by the release build through ldflags
// (-X main.version=... -X main.commit=...).
var (
	version = "dev"
	commit  = "none"
)

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()
	// Before Serve: the framework reads its log level from the environment.
	provider.QuietUnseenFrameworkLogsInProcess()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/sendblue-api/sendblue",
		Debug:   debug,
	})
	if err != nil {
		log.Fatalf("terraform-provider-sendblue %s (%s): %s", version, commit, err)
	}
}
