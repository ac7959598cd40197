package provider

import (
	"cmp"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

type webhooksDataModel struct {
	Type            types.String        `tfsdk:"type"`
	Webhooks        []webhooksDataEntry `tfsdk:"webhooks"`
	GlobalSecretSet types.Bool          `tfsdk:"global_secret_set"`
	dataSourceTimeouts
}

// webhooksDataEntry is one webhook the account holds, by its identity.
type webhooksDataEntry struct {
	webhookIdentityModel
	HasSecret       types.Bool `tfsdk:"has_secret"`
	SendblueNumbers types.Set  `tfsdk:"sendblue_numbers"`
	Supported       types.Bool `tfsdk:"supported"`
}

// listWebhooks flattens c into entries of type only (every type when empty),
// sorted by type name and then URL. The sort is stable, so duplicates keep
// their order (they are equal anyway).
func listWebhooks(c *sendblue.Configuration, only sendblue.WebhookType) []webhooksDataEntry {
	out := []webhooksDataEntry{}
	for _, t := range c.SortedTypes() {
		if only != "" && t != only {
			continue
		}
		for _, w := range c.Get(t) {
			out = append(out, webhooksDataEntry{
				webhookIdentityModel: webhookIdentity(t, w.URL),
				HasSecret:            types.BoolValue(w.Secret != ""),
				SendblueNumbers:      numbersValue(w.SendblueNumbers),
				Supported:            types.BoolValue(t.Valid()),
			})
		}
	}
	slices.SortStableFunc(out, func(a, b webhooksDataEntry) int {
		return cmp.Or(strings.Compare(a.Type.ValueString(), b.Type.ValueString()), strings.Compare(a.URL.ValueString(), b.URL.ValueString()))
	})
	return out
}
