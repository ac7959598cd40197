package provider

// The set validators of sendblue_account_webhooks' type attributes.

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// numbersReceiveOnly refuses sendblue_numbers in the entries of a type other
// than receive: Sendblue limits deliveries by line for receive webhooks only.
var numbersReceiveOnly = receiveOnlyNumbers{"sendblue_numbers is allowed on receive webhooks only"}

type receiveOnlyNumbers struct{ described }

func (receiveOnlyNumbers) ValidateSet(_ context.Context, req validator.SetRequest, resp *validator.SetResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	for _, elem := range req.ConfigValue.Elements() {
		o, ok := elem.(types.Object)
		if !ok || o.IsNull() || o.IsUnknown() {
			continue
		}
		if n, ok := o.Attributes()["sendblue_numbers"]; ok && !n.IsNull() {
			at := req.Path.AtSetValue(elem).AtName("sendblue_numbers")
			resp.Diagnostics.AddAttributeError(at, "sendblue_numbers is for receive webhooks only",
				fmt.Sprintf("%s is set, but Sendblue limits deliveries by line for receive webhooks only. "+
					"Remove it, or move the webhook to receive.", at))
		}
	}
}

// uniqueWebhookURLs refuses a URL listed twice in one type's set (with
// different secrets or numbers; identical entries are one set element): the
// account would hold it twice, and every event would be delivered twice.
var uniqueWebhookURLs = uniqueURLs{"each URL may appear only once in the list"}

type uniqueURLs struct{ described }

func (uniqueURLs) ValidateSet(_ context.Context, req validator.SetRequest, resp *validator.SetResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	seen := map[string]bool{}
	for _, elem := range req.ConfigValue.Elements() {
		u, ok := elementURL(elem)
		if !ok {
			continue
		}
		if seen[u] {
			resp.Diagnostics.AddAttributeError(req.Path.AtSetValue(elem), "Duplicate webhook URL",
				fmt.Sprintf("%s lists the URL %s twice (with different settings). Each URL may appear once per type: "+
					"the account would otherwise deliver every event to it twice. Remove one of them.", req.Path, u))
			continue
		}
		seen[u] = true
	}
}

// elementURL returns the known URL of a list element: a string, or an
// object's url attribute.
func elementURL(v attr.Value) (string, bool) {
	switch e := v.(type) {
	case types.String:
		return e.ValueString(), !e.IsNull() && !e.IsUnknown()
	case types.Object:
		if e.IsNull() || e.IsUnknown() {
			return "", false
		}
		s, ok := e.Attributes()["url"].(types.String)
		if !ok || s.IsNull() || s.IsUnknown() {
			return "", false
		}
		return s.ValueString(), true
	}
	return "", false
}
