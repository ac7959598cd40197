package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// accountWebhooksModel is the data of sendblue_account_webhooks. It has one
// set of entries per type of sendblue.WebhookTypes, in the attribute named
// after the type (path.Root(string(type))), so the schema and the model take
// the types from the client's one list. (Sets: the account's order of
// webhooks means nothing, so an API that lists them in another order shows no
// change.)
type accountWebhooksModel struct {
	ID           types.String
	Lists        map[sendblue.WebhookType]types.Set
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
	m.Lists = make(map[sendblue.WebhookType]types.Set, len(sendblue.WebhookTypes()))
	for _, t := range sendblue.WebhookTypes() {
		m.Lists[t] = modelAttr[types.Set](a, string(t), &diags)
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

// webhookEntryType is one entry of any type's list. Every type has
// sendblue_numbers, so that setting it on another type than receive is a
// clear plan-time error (numbersReceiveOnly) rather than an attribute
// Terraform would silently drop.
var webhookEntryType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"url":              types.StringType,
	"secret":           types.StringType,
	"sendblue_numbers": types.SetType{ElemType: types.StringType},
}}

// elemType is the element type of a type's list.
func elemType(sendblue.WebhookType) types.ObjectType { return webhookEntryType }

func (r *accountWebhooksResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attrs := map[string]schema.Attribute{
		"id": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "Always `account`: an account has one webhook configuration.",
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"global_secret": schema.StringAttribute{
			Optional:  true,
			Computed:  true,
			Sensitive: true,
			MarkdownDescription: "The account-wide global secret (`globalSecret`), which applies to every webhook of the account. " +
				"Sensitive, stored in state. Must not be empty. Default: unset, which leaves the account's global secret as it is " +
				"(it is carried over on each apply); once set, a change made outside Terraform shows as drift. " +
				"Removing it from the configuration stops managing it: it stays on the account and the plan shows no change. Destroy clears it.",
			Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
			PlanModifiers: []planmodifier.String{keepStateWhenUnset},
		},
	}
	attrs["timeouts"] = timeoutsAttribute(ctx)
	for _, t := range sendblue.WebhookTypes() {
		entryAttrs := map[string]schema.Attribute{
			"url": schema.StringAttribute{
				Required: true,
				MarkdownDescription: fmt.Sprintf("The HTTPS URL Sendblue delivers events to: `https://` with a host, no spaces, "+
					"at most %d bytes.", maxURLLength),
				Validators: []validator.String{webhookURLValidator},
			},
			"secret": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "The webhook's own signing secret, sent by Sendblue in the `sb-signing-secret` header. " +
					"Sensitive, stored in state. Must not be empty. Once set, a secret changed outside Terraform shows as drift, and " +
					"removing `secret` from the entry removes it from the webhook. An entry without `secret` that never had one in " +
					"Terraform (imported, for example: an import takes no secret) keeps whatever secret the account holds for it, so " +
					"configuration generated by `-generate-config-out` (which writes `secret = null`) keeps every secret." + map[bool]string{true: " Needs the current API generation " +
					"(the v2 generation takes `contact_created` webhooks as bare URLs).", false: ""}[t == sendblue.TypeContactCreated],
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
		}
		entryAttrs["sendblue_numbers"] = schema.SetAttribute{
			ElementType: types.StringType,
			Optional:    true,
			MarkdownDescription: "`receive` only (a plan-time error elsewhere): the account's Sendblue line numbers (E.164, such as " +
				"`+15551234567`) whose inbound messages this webhook receives; other lines' messages are not delivered to it. " +
				"Default: unset, every line. Needs the current API generation. A change made elsewhere shows as drift.",
			Validators: []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(e164Validator)},
		}
		listValidators := []validator.Set{uniqueWebhookURLs}
		if t != sendblue.TypeReceive {
			listValidators = append(listValidators, numbersReceiveOnly)
		}
		newer := ""
		if !t.InGeneration(sendblue.GenV2) {
			newer = " Needs the current API generation (see the provider's `api_version`)."
		}
		attrs[string(t)] = schema.SetNestedAttribute{
			Optional: true,
			Computed: true,
			Default:  setdefault.StaticValue(types.SetValueMust(elemType(t), nil)),
			MarkdownDescription: fmt.Sprintf("Every webhook of type `%s` (%s), in any order (a set: the order the account lists them in does not matter); no URL twice. Default: none. "+
				"Any `%s` webhook of the account that is not listed is removed.%s", t, t.Events(), t, newer),
			Validators:   listValidators,
			NestedObject: schema.NestedAttributeObject{Attributes: entryAttrs},
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "All the webhooks of a Sendblue account, every type this provider knows, authoritatively: each apply replaces the account's whole " +
			"webhook configuration, so webhooks of these types that are not in the configuration are removed. Destroy removes every such webhook. " +
			"What the provider does not model (webhook types newer than it, the legacy top-level `secret`, other keys) is kept as it is, " +
			"on apply and on destroy, and named in a warning. " +
			"Use one per account, and not together with `sendblue_webhook` on the same account.",
		Attributes: attrs,
	}
}
