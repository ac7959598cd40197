package provider

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// checkGeneration refuses, at plan time, what the API generation in use
// cannot take (a type newer than v2, a contact_created secret or
// sendblue_numbers under v2), when the generation is known: pinned, or found
// out by an earlier call of this run. Otherwise the client checks it before
// the write.
func (d *providerData) checkGeneration(t sendblue.WebhookType, w sendblue.Webhook, diags *diag.Diagnostics, at path.Path) {
	if d == nil || d.client == nil {
		return
	}
	g := d.client.Generation()
	if g == "" {
		return
	}
	if err := sendblue.CheckWebhook(g, t, w); err != nil {
		how := "found out from the server's answers"
		if d.client.Pinned() {
			how = fmt.Sprintf("pinned with api_version = %q; set api_version = \"auto\" to let the provider find the generation the server speaks", g)
		}
		diags.AddAttributeError(at, "Not supported by the "+string(g)+" API generation",
			fmt.Sprintf("%s (the API generation was %s). Nothing was sent.", err, how))
	}
}

// numbersOf returns the set's strings (nil when null or unknown).
func numbersOf(ctx context.Context, s types.Set, diags *diag.Diagnostics) []string {
	if s.IsNull() || s.IsUnknown() {
		return nil
	}
	var out []string
	diags.Append(s.ElementsAs(ctx, &out, false)...)
	slices.Sort(out)
	return out
}

// numbersValue is the set attribute of a list of numbers (null when none).
func numbersValue(nums []string) types.Set {
	if len(nums) == 0 {
		return types.SetNull(types.StringType)
	}
	elems := make([]attr.Value, len(nums))
	for i, n := range nums {
		elems[i] = types.StringValue(n)
	}
	return types.SetValueMust(types.StringType, elems)
}

func optionalString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}
