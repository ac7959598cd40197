package provider

// The map validators of sendblue_account_webhooks' type attributes. (Each
// URL appears once per type by construction: it is the map's key.)

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// numbersReceiveOnly refuses sendblue_numbers in the entries of a type other
// than receive: Sendblue limits deliveries by line for receive webhooks only.
var numbersReceiveOnly = receiveOnlyNumbers{"sendblue_numbers is allowed on receive webhooks only"}

type receiveOnlyNumbers struct{ described }

func (receiveOnlyNumbers) ValidateMap(_ context.Context, req validator.MapRequest, resp *validator.MapResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	for url, elem := range req.ConfigValue.Elements() {
		o, ok := elem.(types.Object)
		if !ok || o.IsNull() || o.IsUnknown() {
			continue
		}
		if n, ok := o.Attributes()["sendblue_numbers"]; ok && !n.IsNull() {
			at := req.Path.AtMapKey(url).AtName("sendblue_numbers")
			resp.Diagnostics.AddAttributeError(at, "sendblue_numbers is for receive webhooks only",
				fmt.Sprintf("%s is set, but Sendblue limits deliveries by line for receive webhooks only. "+
					"Remove it, or move the webhook to receive.", hclPath(at, types.StringNull())))
		}
	}
}
