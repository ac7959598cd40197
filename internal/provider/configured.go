package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// configured is what each resource, list resource and data source of the
// provider embeds: its type name after the provider's (sendblue_<name>), and
// the provider's data that Configure hands it, nil until the provider is
// configured.
type configured struct {
	name string
	data *providerData
}

// configuredResource gives a resource or a list resource (the framework
// names and configures both with the same requests) its Metadata and
// Configure.
type configuredResource struct{ configured }

// resourceNamed is the configuredResource of sendblue_<name>.
func resourceNamed(name string) configuredResource {
	return configuredResource{configured{name: name}}
}

func (c *configuredResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + c.name
}

func (c *configuredResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	c.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

// configuredData extracts providerData in a Configure. It returns nil when
// the provider is not configured yet (plan with unknown provider values), and
// reports a type mistake as an error.
func configuredData(raw any, diags interface{ AddError(string, string) }) *providerData {
	if raw == nil {
		return nil
	}
	d, ok := raw.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("expected *providerData, got %T; please report this issue to the provider developers", raw))
		return nil
	}
	return d
}
