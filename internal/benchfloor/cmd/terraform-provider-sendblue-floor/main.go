// Command terraform-provider-sendblue-floor serves the floor provider of
// `make bench` (internal/benchfloor). The bench builds it as
// terraform-provider-sendblue into a directory of its own and points
// Terraform's dev_overrides at it, exactly as it does with the real provider.
package main

import (
	"context"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/benchfloor"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/provider"
)

func main() {
	// As the provider's main does, so that the two log alike.
	provider.QuietUnseenFrameworkLogsInProcess()
	if err := providerserver.Serve(context.Background(), benchfloor.New, providerserver.ServeOpts{
		Address: "registry.terraform.io/sendblue-api/sendblue",
	}); err != nil {
		log.Fatal(err)
	}
}
