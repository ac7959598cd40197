package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// accountWebhooksModel is the data of sendblue_account_webhooks. It has one
// map of entries per type of sendblue.WebhookTypes, keyed by URL, in the
// attribute named after the type (path.Root(string(type))), so the schema
// and the model take the types from the client's one list. A map keyed by
// URL is order-free (the account's order of webhooks means nothing) and
// holds each URL once by construction; and since only the nested secret is
// sensitive, a plan names every URL it adds, removes or changes.
type accountWebhooksModel struct {
	ID           types.String
	Lists        map[sendblue.WebhookType]types.Map
	GlobalSecret types.String
	Timeouts     timeouts.Value

	// attrTypes are the schema's attribute types, as read, to write the
	// model back.
	attrTypes map[string]attr.Type
}

// modelSetter is a plan or a state.
type modelSetter interface {
	Set(ctx context.Context, val any) diag.Diagnostics
}

// getAccountWebhooks reads the model from a plan, a state or a configuration.
func getAccountWebhooks(ctx context.Context, from modelGetter, m *accountWebhooksModel) diag.Diagnostics {
	var obj types.Object
	diags := from.Get(ctx, &obj)
	if diags.HasError() {
		return diags
	}
	a := obj.Attributes()
	m.attrTypes = obj.AttributeTypes(ctx)
	m.ID = modelAttr[types.String](a, "id", &diags)
	m.GlobalSecret = modelAttr[types.String](a, "global_secret", &diags)
	m.Timeouts = modelAttr[timeouts.Value](a, "timeouts", &diags)
	m.Lists = make(map[sendblue.WebhookType]types.Map, len(sendblue.WebhookTypes()))
	for _, t := range sendblue.WebhookTypes() {
		m.Lists[t] = modelAttr[types.Map](a, string(t), &diags)
	}
	return diags
}

// accountFrom reads the model from a plan, a state or a configuration,
// for begin.
func accountFrom(ctx context.Context, from modelGetter, m *accountWebhooksModel) func() diag.Diagnostics {
	return func() diag.Diagnostics { return getAccountWebhooks(ctx, from, m) }
}

// setAccountWebhooks writes the model to a plan or a state.
func setAccountWebhooks(ctx context.Context, to modelSetter, m *accountWebhooksModel) diag.Diagnostics {
	a := map[string]attr.Value{"id": m.ID, "global_secret": m.GlobalSecret, "timeouts": m.Timeouts}
	for t, l := range m.Lists {
		a[string(t)] = l
	}
	obj, diags := types.ObjectValue(m.attrTypes, a)
	if diags.HasError() {
		return diags
	}
	diags.Append(to.Set(ctx, obj)...)
	return diags
}

// modelAttr returns attribute name of a as a T, or adds an error.
func modelAttr[T attr.Value](a map[string]attr.Value, name string, diags *diag.Diagnostics) T {
	v, ok := a[name].(T)
	if !ok {
		diags.AddError("Unexpected sendblue_account_webhooks data",
			fmt.Sprintf("The attribute %s holds %T, not the expected %T. This is a bug in the provider.", name, a[name], v))
	}
	return v
}

// webhookEntryType is the value of one entry of any type's map (its key is
// the URL). Every type has sendblue_numbers, so that setting it on another
// type than receive is a clear plan-time error (numbersReceiveOnly) rather
// than an attribute Terraform would silently drop.
var webhookEntryType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"secret":           types.StringType,
	"sendblue_numbers": types.SetType{ElemType: types.StringType},
}}

// accountSchemaVersion is the version of the schema below; the state of an
// earlier one is upgraded (account_webhooks_upgrade.go).
const accountSchemaVersion = 1

func (r *accountWebhooksResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attrs := map[string]schema.Attribute{
		"id": idAttribute("Always `account`: an account has one webhook configuration."),
		"global_secret": globalSecretAttribute("The account-wide global secret (`globalSecret`), which applies to every webhook of the account. " +
			"Sensitive, stored in state. Must not be empty. Default: unset, which leaves the account's global secret as it is " +
			"(it is carried over on each apply); once set, a change made outside Terraform shows as drift. " +
			"Removing it from the configuration stops managing it: it stays on the account and the plan shows no change. Destroy clears it."),
	}
	attrs["timeouts"] = timeoutsAttribute(ctx)
	for _, t := range sendblue.WebhookTypes() {
		entryAttrs := map[string]schema.Attribute{
			"secret": secretAttribute("The webhook's own signing secret, sent by Sendblue in the `sb-signing-secret` header. " +
				"Sensitive, stored in state; a plan shows `(sensitive value)` in its place, inside the entry it names by URL. " +
				"Must not be empty. Once set, a secret changed outside Terraform shows as drift, and " +
				"removing `secret` from the entry removes it from the webhook. An entry without `secret` that never had one in " +
				"Terraform (imported, for example: an import takes no secret) keeps whatever secret the account holds for it, so " +
				"configuration generated by `-generate-config-out` (which writes `secret = null`) keeps every secret." + map[bool]string{true: " Needs the current API generation " +
				"(the v2 generation takes `contact_created` webhooks as bare URLs).", false: ""}[t == sendblue.TypeContactCreated]),
			"sendblue_numbers": numbersAttribute("`receive` only (a plan-time error elsewhere): the account's Sendblue line numbers (E.164, such as " +
				"`+15551234567`) whose inbound messages this webhook receives; other lines' messages are not delivered to it. " +
				"Default: unset, every line. Needs the current API generation. A change made elsewhere shows as drift."),
		}
		mapValidators := []validator.Map{mapvalidator.KeysAre(webhookURLValidator)}
		if t != sendblue.TypeReceive {
			mapValidators = append(mapValidators, numbersReceiveOnly)
		}
		newer := ""
		if !t.InGeneration(sendblue.GenV2) {
			newer = " Needs the current API generation (see the provider's `api_version`)."
		}
		attrs[string(t)] = schema.MapNestedAttribute{
			Optional: true,
			Computed: true,
			Default:  mapdefault.StaticValue(types.MapValueMust(webhookEntryType, nil)),
			MarkdownDescription: fmt.Sprintf("Every webhook of type `%s` (%s), keyed by its URL: `{ \"https://…\" = { secret = …, sendblue_numbers = […] } }`, "+
				"or `{}` for an entry with neither. Each key is the HTTPS URL Sendblue delivers events to: `https://` with a host, no spaces, at most %d bytes. "+
				"A map, so the order means nothing and each URL appears once; a plan names each URL it adds, removes or changes. Default: none. "+
				"Any `%s` webhook of the account that is not listed is removed.%s", t, t.Events(), maxURLLength, t, newer),
			Validators:   mapValidators,
			NestedObject: schema.NestedAttributeObject{Attributes: entryAttrs},
		}
	}
	resp.Schema = schema.Schema{
		Version: accountSchemaVersion,
		MarkdownDescription: "All the webhooks of a Sendblue account, every type this provider knows, authoritatively: each apply replaces the account's whole " +
			"webhook configuration, so webhooks of these types that are not in the configuration are removed. Destroy removes every such webhook. " +
			"What the provider does not model (webhook types newer than it, the legacy top-level `secret`, other keys, and fields of an entry " +
			"it does not know) is kept as it is, on apply and on destroy, and named in a warning. " +
			"Use one per account, and not together with `sendblue_webhook` on the same account.",
		Attributes: attrs,
	}
}
