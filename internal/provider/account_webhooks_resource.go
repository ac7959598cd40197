package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// accountWebhooksID is the only ID of sendblue_account_webhooks: there is one
// webhook configuration per account (per API key).
const accountWebhooksID = "account"

var (
	_ resource.ResourceWithConfigure   = (*accountWebhooksResource)(nil)
	_ resource.ResourceWithImportState = (*accountWebhooksResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*accountWebhooksResource)(nil)
)

// NewAccountWebhooksResource returns the sendblue_account_webhooks resource,
// which owns an account's whole webhook configuration through the replace
// call, for teams that want Terraform to be the only source of webhooks.
func NewAccountWebhooksResource() resource.Resource { return &accountWebhooksResource{} }

type accountWebhooksResource struct {
	data *providerData
}

// accountWebhooksModel names its list attributes after the API's types, so
// that the attribute of a type is path.Root(string(type)).
type accountWebhooksModel struct {
	ID              types.String   `tfsdk:"id"`
	Receive         types.Set      `tfsdk:"receive"`
	CallLog         types.Set      `tfsdk:"call_log"`
	LineBlocked     types.Set      `tfsdk:"line_blocked"`
	LineAssigned    types.Set      `tfsdk:"line_assigned"`
	Outbound        types.Set      `tfsdk:"outbound"`
	ContactCreated  types.Set      `tfsdk:"contact_created"`
	TypingIndicator types.Set      `tfsdk:"typing_indicator"`
	InboundCall     types.Set      `tfsdk:"inbound_call"`
	ContactProfile  types.Set      `tfsdk:"contact_profile"`
	GlobalSecret    types.String   `tfsdk:"global_secret"`
	Timeouts        timeouts.Value `tfsdk:"timeouts"`
}

// lists returns the model's set of entries of each type. (Sets: the
// account's order of webhooks means nothing, so an API that lists them in
// another order shows no change.)
func (m *accountWebhooksModel) lists() map[sendblue.WebhookType]*types.Set {
	return map[sendblue.WebhookType]*types.Set{
		sendblue.TypeReceive:         &m.Receive,
		sendblue.TypeCallLog:         &m.CallLog,
		sendblue.TypeLineBlocked:     &m.LineBlocked,
		sendblue.TypeLineAssigned:    &m.LineAssigned,
		sendblue.TypeOutbound:        &m.Outbound,
		sendblue.TypeContactCreated:  &m.ContactCreated,
		sendblue.TypeTypingIndicator: &m.TypingIndicator,
		sendblue.TypeInboundCall:     &m.InboundCall,
		sendblue.TypeContactProfile:  &m.ContactProfile,
	}
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

func (r *accountWebhooksResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_account_webhooks"
}

func (r *accountWebhooksResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	events := map[sendblue.WebhookType]string{
		sendblue.TypeReceive:         "inbound messages",
		sendblue.TypeCallLog:         "call logs",
		sendblue.TypeLineBlocked:     "blocked lines",
		sendblue.TypeLineAssigned:    "line assignments",
		sendblue.TypeOutbound:        "outbound message status",
		sendblue.TypeContactCreated:  "new contacts",
		sendblue.TypeTypingIndicator: "typing indicators",
		sendblue.TypeInboundCall:     "inbound calls",
		sendblue.TypeContactProfile:  "contact-profile publication",
	}
	attrs := map[string]schema.Attribute{
		"id": schema.StringAttribute{
			Computed:      true,
			Description:   "Always `account`: an account has one webhook configuration.",
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"global_secret": schema.StringAttribute{
			Optional:  true,
			Computed:  true,
			Sensitive: true,
			Description: "The account-wide global secret (`globalSecret`), which applies to every webhook of the account. " +
				"Sensitive, stored in state. Must not be empty. Default: unset, which leaves the account's global secret as it is " +
				"(it is carried over on each apply); once set, a change made outside Terraform shows as drift. " +
				"Removing it from the configuration stops managing it: it stays on the account and the plan shows no change. Destroy clears it.",
			Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
			PlanModifiers: []planmodifier.String{keepStateWhenUnset{}},
		},
	}
	for _, t := range sendblue.WebhookTypes() {
		entryAttrs := map[string]schema.Attribute{
			"url": schema.StringAttribute{
				Required: true,
				Description: fmt.Sprintf("The HTTPS URL Sendblue delivers events to: `https://` with a host, no spaces, "+
					"at most %d bytes.", maxURLLength),
				Validators: []validator.String{webhookURLValidator{}},
			},
			"secret": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				Description: "The webhook's own signing secret, sent by Sendblue in the `sb-signing-secret` header. " +
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
			Description: "`receive` only (a plan-time error elsewhere): the account's Sendblue line numbers (E.164, such as " +
				"`+15551234567`) whose inbound messages this webhook receives; other lines' messages are not delivered to it. " +
				"Default: unset, every line. Needs the current API generation. A change made elsewhere shows as drift.",
			Validators: []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(e164Validator{})},
		}
		listValidators := []validator.Set{uniqueWebhookURLs{}}
		if t != sendblue.TypeReceive {
			listValidators = append(listValidators, numbersReceiveOnly{})
		}
		newer := ""
		if !t.InGeneration(sendblue.GenV2) {
			newer = " Needs the current API generation (see the provider's `api_version`)."
		}
		attrs[string(t)] = schema.SetNestedAttribute{
			Optional: true,
			Computed: true,
			Default:  setdefault.StaticValue(types.SetValueMust(elemType(t), nil)),
			Description: fmt.Sprintf("Every webhook of type `%s` (%s), in any order (a set: the order the account lists them in does not matter); no URL twice. Default: none. "+
				"Any `%s` webhook of the account that is not listed is removed.%s", t, events[t], t, newer),
			Validators:   listValidators,
			NestedObject: schema.NestedAttributeObject{Attributes: entryAttrs},
		}
	}
	resp.Schema = schema.Schema{
		Description: "All the webhooks of a Sendblue account, every type this provider knows, authoritatively: each apply replaces the account's whole " +
			"webhook configuration, so webhooks of these types that are not in the configuration are removed. Destroy removes every such webhook. " +
			"What the provider does not model (webhook types newer than it, the legacy top-level `secret`, other keys) is kept as it is, " +
			"on apply and on destroy, and named in a warning. " +
			"Use one per account, and not together with `sendblue_webhook` on the same account.",
		Attributes: attrs,
		Blocks: map[string]schema.Block{
			"timeouts": timeoutsBlock(ctx),
		},
	}
}

func (r *accountWebhooksResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan notes the resource for the mixing warning, warns before a
// destroy, and refuses a create that would silently remove webhooks: a plan
// to create shows no prior state, so webhooks already on the account would
// vanish without appearing in it. Importing first makes them show.
func (r *accountWebhooksResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.data == nil {
		return
	}
	r.data.notePlanned(plannedAccountWebhooks, &resp.Diagnostics)
	if req.Plan.Raw.IsNull() {
		if !req.State.Raw.IsNull() {
			resp.Diagnostics.AddWarning("Destroying sendblue_account_webhooks removes every webhook of the account",
				"Destroy replaces the account's webhook configuration with one that holds none of the webhook types this provider manages: "+
					"every such webhook is removed, including any added outside Terraform, and the account's global secret is cleared. "+
					"What the provider does not model (newer webhook types, the legacy top-level secret, other keys) is kept. "+
					"To stop managing the webhooks but keep them, use a removed block with lifecycle { destroy = false } instead.")
		}
		return
	}
	if !req.State.Raw.IsNull() {
		// An update: the generation check needs the planned entries.
		var plan accountWebhooksModel
		resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
		if resp.Diagnostics.HasError() {
			return
		}
		if want, d := plan.configuration(ctx); !d.HasError() {
			r.data.checkConfigGeneration(want, &resp.Diagnostics)
		}
		// An entry the account holds more than once is one element of the
		// refreshed set: the plan would show nothing, so it says that the
		// apply rewrites the configuration, which leaves it once.
		if view, err := r.data.account.Snapshot(ctx); err == nil {
			if dups := duplicateEntries(view.Config()); len(dups) > 0 {
				resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), types.StringUnknown())...)
				resp.Diagnostics.AddWarning("The Sendblue account holds webhooks more than once",
					fmt.Sprintf("The account holds %s more than once, so each event is delivered more than once. "+
						"The apply replaces the account's configuration, which leaves each of them once.", strings.Join(dups, ", ")))
			}
		}
		return
	}
	var plan accountWebhooksModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	for _, l := range plan.lists() {
		if !listKnown(*l) {
			return // URLs from other resources: Create checks again once they are known.
		}
	}
	want, d := plan.configuration(ctx)
	resp.Diagnostics.Append(d...)
	if d.HasError() {
		return
	}
	known := configSecrets(want)
	// The plan's read of the account is bounded like a refresh.
	ctx, cancel, ok := operationContext(ctx, plan.Timeouts.Read, defaultReadTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	ctx = r.data.mask(ctx, known...)
	view, err := r.data.account.Snapshot(ctx)
	if err != nil {
		addAccountError(&resp.Diagnostics, "list", err, known...)
		return
	}
	r.data.checkConfigGeneration(want, &resp.Diagnostics)
	r.data.warnUnmodelled(view.Config(), &resp.Diagnostics)
	// The guard counts every entry, of types the provider knows or not: a
	// plan to create cannot show any of them.
	if unseen := unseenEntries(view.Config(), true, want); len(unseen) > 0 {
		addUnseenError(&resp.Diagnostics, unseen, false)
	}
}

// checkConfigGeneration refuses, before anything is sent, entries the API
// generation in use cannot take, when the generation is known (pinned, or
// found out by an earlier call of this run; the client checks again before
// writing otherwise).
func (d *providerData) checkConfigGeneration(c *sendblue.Configuration, diags *diag.Diagnostics) {
	for _, t := range sendblue.WebhookTypes() {
		for i, w := range c.Get(t) {
			_ = i
			d.checkGeneration(t, w, diags, path.Root(string(t)))
			if diags.HasError() {
				return
			}
		}
	}
}

// warnUnmodelled warns once per provider process, naming them, when the
// account holds keys this provider does not model: sendblue_account_webhooks
// keeps them as they are.
func (d *providerData) warnUnmodelled(c *sendblue.Configuration, diags *diag.Diagnostics) {
	keys := c.Unmodelled()
	if d == nil || len(keys) == 0 {
		return
	}
	d.unmodelledWarned.Do(func() {
		diags.AddWarning("The Sendblue account holds webhook settings this provider does not manage",
			fmt.Sprintf("The account's webhook configuration holds %s, which this version of the provider does not model "+
				"(webhook types newer than it, the legacy top-level secret, or other settings). sendblue_account_webhooks keeps them "+
				"exactly as they are on every apply and on destroy; the sendblue_webhooks data source lists webhooks of any type. "+
				"A newer version of the provider may manage them.", quoteAll(keys)))
	})
}

// quoteAll renders keys as `a`, `b` and `c`.
func quoteAll(keys []string) string {
	q := make([]string, len(keys))
	for i, k := range keys {
		q[i] = "`" + k + "`"
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
}

func (r *accountWebhooksResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if !r.data.ready(&resp.Diagnostics) {
		return
	}
	var plan accountWebhooksModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := operationContext(ctx, plan.Timeouts.Create, defaultCreateTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	r.replace(ctx, &plan, nil, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *accountWebhooksResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	if !r.data.ready(&resp.Diagnostics) {
		return
	}
	var plan, state accountWebhooksModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := operationContext(ctx, plan.Timeouts.Update, defaultUpdateTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	r.replace(ctx, &plan, &state, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// replace makes the account hold exactly plan. It first lists the account
// afresh and refuses to go on when the account holds something that neither
// the prior state (nil on create) nor the plan shows, since the plan the user
// approved did not say it would be removed. A global secret that the
// configuration does not manage is carried over, so that it is not cleared
// behind the plan's back. On success plan.ID is set.
func (r *accountWebhooksResource) replace(ctx context.Context, plan, prior *accountWebhooksModel, diags *diag.Diagnostics) {
	want, d := plan.configuration(ctx)
	diags.Append(d...)
	shown := []*sendblue.Configuration{want}
	if prior != nil {
		before, d := prior.configuration(ctx)
		diags.Append(d...)
		shown = append(shown, before)
	}
	if diags.HasError() {
		return
	}
	known := configSecrets(shown...)
	ctx = r.data.mask(ctx, known...)

	r.data.account.Invalidate()
	current, err := r.data.account.Snapshot(ctx)
	if err != nil {
		addAccountError(diags, "list", err, known...)
		return
	}
	known = append(known, configSecrets(current.Config())...)
	ctx = r.data.mask(ctx, known...)
	// Secrets this resource does not manage stay as the account holds them,
	// in what is sent and in what the plan showed.
	if prior != nil {
		managed := prior.managedSecrets(ctx)
		for _, c := range shown {
			keepUnmanagedSecrets(c, current.Config(), managed)
		}
	}
	// On create every entry counts; on update only those of the types this
	// resource manages (the others are kept as they are).
	// A URL the account holds more than once counts once: the plan said
	// the apply rewrites it (see duplicateEntries).
	if unseen := unseenEntries(withoutDuplicates(current.Config()), prior == nil, shown...); len(unseen) > 0 {
		addUnseenError(diags, unseen, prior != nil)
		return
	}
	r.data.checkConfigGeneration(want, diags)
	if diags.HasError() {
		return
	}
	if plan.GlobalSecret.IsNull() {
		want.GlobalSecret = current.GlobalSecret()
	}
	// Whatever the provider does not model goes back as it is.
	want.KeepUnmodelled(current.Config())
	tflog.Debug(ctx, "replacing the account's webhook configuration", map[string]any{"webhooks": want.Len()})
	if _, err := r.data.account.ReplaceAll(ctx, want); err != nil {
		addAccountError(diags, "replace", err, known...)
		return
	}
	plan.ID = types.StringValue(accountWebhooksID)
}

func (r *accountWebhooksResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if !r.data.ready(&resp.Diagnostics) {
		return
	}
	var state accountWebhooksModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := operationContext(ctx, state.Timeouts.Read, defaultReadTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	known := state.knownSecrets(ctx)
	ctx = r.data.mask(ctx, known...)

	view, err := r.data.account.Snapshot(ctx)
	if err != nil {
		addAccountError(&resp.Diagnostics, "read", err, known...)
		return
	}
	ctx = r.data.mask(ctx, configSecrets(view.Config())...)
	r.data.warnUnmodelled(view.Config(), &resp.Diagnostics)
	resp.Diagnostics.Append(state.setConfiguration(view.Config(), state.managedSecrets(ctx))...)
	// Like sendblue_webhook, the global secret is tracked only once the
	// configuration manages it; otherwise it is carried over on apply.
	if !state.GlobalSecret.IsNull() {
		state.GlobalSecret = optionalString(view.GlobalSecret())
	}
	state.ID = types.StringValue(accountWebhooksID)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *accountWebhooksResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	if !r.data.ready(&resp.Diagnostics) {
		return
	}
	var state accountWebhooksModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := operationContext(ctx, state.Timeouts.Delete, defaultDeleteTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	known := state.knownSecrets(ctx)
	ctx = r.data.mask(ctx, known...)

	// A configuration without any webhook of the types this resource
	// manages, and without a global secret (the replace call replaces it
	// too); what the provider does not model is listed afresh and kept.
	r.data.account.Invalidate()
	current, err := r.data.account.Snapshot(ctx)
	if err != nil {
		addAccountError(&resp.Diagnostics, "list", err, known...)
		return
	}
	known = append(known, configSecrets(current.Config())...)
	ctx = r.data.mask(ctx, known...)
	empty := &sendblue.Configuration{Webhooks: map[sendblue.WebhookType][]sendblue.Webhook{}}
	empty.KeepUnmodelled(current.Config())
	tflog.Debug(ctx, "removing every webhook of the account", map[string]any{"kept": empty.Unmodelled()})
	if _, err := r.data.account.ReplaceAll(ctx, empty); err != nil {
		addAccountError(&resp.Diagnostics, "delete", err, known...)
	}
}

func (r *accountWebhooksResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if strings.TrimSpace(req.ID) != accountWebhooksID {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("The import ID of sendblue_account_webhooks must be %q (the account of the provider's credentials), not %q. "+
				"For example: terraform import sendblue_account_webhooks.all %s", accountWebhooksID, req.ID, accountWebhooksID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), accountWebhooksID)...)
}

// configuration converts the model into the client's configuration. Null
// lists count as empty.
func (m *accountWebhooksModel) configuration(ctx context.Context) (*sendblue.Configuration, diag.Diagnostics) {
	var diags diag.Diagnostics
	c := &sendblue.Configuration{Webhooks: map[sendblue.WebhookType][]sendblue.Webhook{}, GlobalSecret: m.GlobalSecret.ValueString()}
	for t, l := range m.lists() {
		if l.IsNull() || l.IsUnknown() {
			continue
		}
		var ws []sendblue.Webhook
		for _, elem := range l.Elements() {
			obj, ok := elem.(types.Object)
			if !ok || obj.IsNull() || obj.IsUnknown() {
				continue
			}
			a := obj.Attributes()
			u, _ := a["url"].(types.String)
			sec, _ := a["secret"].(types.String)
			nums, ok := a["sendblue_numbers"].(types.Set)
			if !ok {
				nums = types.SetNull(types.StringType)
			}
			ws = append(ws, sendblue.Webhook{URL: u.ValueString(), Secret: sec.ValueString(),
				SendblueNumbers: numbersOf(ctx, nums, &diags)})
		}
		if len(ws) > 0 {
			c.Webhooks[t] = ws
		}
	}
	return c, diags
}

// knownSecrets returns the secrets the model holds (null and unknown
// values count as none), to mask and redact them.
func (m *accountWebhooksModel) knownSecrets(ctx context.Context) []string {
	c, _ := m.configuration(ctx)
	return configSecrets(c)
}

// managedSecrets returns the entries whose secret the model holds: the
// secrets this resource manages. An entry without one (imported, or
// configured without `secret`) leaves the webhook's secret on the account
// as it is.
func (m *accountWebhooksModel) managedSecrets(ctx context.Context) map[webhookRef]bool {
	c, _ := m.configuration(ctx)
	out := map[webhookRef]bool{}
	for t, ws := range c.Webhooks {
		for _, w := range ws {
			if w.Secret != "" {
				out[webhookRef{t, w.URL}] = true
			}
		}
	}
	return out
}

// keepUnmanagedSecrets gives each entry of c without a secret the secret
// the account holds for it (current), unless managed says this resource
// managed it before (then the configuration removes it). So an entry whose
// secret Terraform does not manage keeps it on every replace.
func keepUnmanagedSecrets(c, current *sendblue.Configuration, managed map[webhookRef]bool) {
	for t, ws := range c.Webhooks {
		for i, w := range ws {
			if w.Secret != "" || managed[webhookRef{t, w.URL}] {
				continue
			}
			if found, ok := current.Find(t, w.URL); ok {
				ws[i].Secret = found.Secret
			}
		}
	}
}

// setConfiguration sets every set from c, with each entry's secret as the
// account holds it when this resource manages it (managed), so that a
// secret changed outside Terraform shows as drift, and null otherwise (an
// import takes no secret: configuration generated from it then keeps every
// secret). A type without webhooks is an empty set, as the default of an
// omitted attribute is.
func (m *accountWebhooksModel) setConfiguration(c *sendblue.Configuration, managed map[webhookRef]bool) diag.Diagnostics {
	var diags diag.Diagnostics
	for t, l := range m.lists() {
		elems := []attr.Value{}
		for _, w := range c.Get(t) {
			secret := types.StringNull()
			if managed[webhookRef{t, w.URL}] {
				secret = optionalString(w.Secret)
			}
			vals := map[string]attr.Value{
				"url":              types.StringValue(w.URL),
				"secret":           secret,
				"sendblue_numbers": numbersValue(w.SendblueNumbers),
			}
			obj, d := types.ObjectValue(elemType(t).AttrTypes, vals)
			diags.Append(d...)
			// An entry the account holds twice is one set element (see
			// duplicateEntries, which makes the plan rewrite it).
			if !slices.ContainsFunc(elems, obj.Equal) {
				elems = append(elems, obj)
			}
		}
		v, d := types.SetValue(elemType(t), elems)
		diags.Append(d...)
		*l = v
	}
	return diags
}

// duplicateEntries returns "<type> <url>" of each URL the account holds
// more than once under a type this resource manages.
func duplicateEntries(c *sendblue.Configuration) []string {
	var out []string
	for _, t := range sendblue.WebhookTypes() {
		seen := map[string]int{}
		for _, w := range c.Get(t) {
			seen[w.URL]++
			if seen[w.URL] == 2 {
				out = append(out, string(t)+" "+w.URL)
			}
		}
	}
	return out
}

// withoutDuplicates returns c with the second and later entries of a URL
// under a type left out (a copy; c is shared).
func withoutDuplicates(c *sendblue.Configuration) *sendblue.Configuration {
	out := c.Clone()
	for t, ws := range out.Webhooks {
		seen := map[string]bool{}
		out.Webhooks[t] = slices.DeleteFunc(ws, func(w sendblue.Webhook) bool {
			dup := seen[w.URL]
			seen[w.URL] = true
			return dup
		})
	}
	return out
}

// listKnown reports whether l and everything in it is known.
func listKnown(l types.Set) bool {
	if l.IsUnknown() {
		return false
	}
	for _, e := range l.Elements() {
		if e.IsUnknown() {
			return false
		}
		if o, ok := e.(types.Object); ok {
			for _, a := range o.Attributes() {
				if a.IsUnknown() {
					return false
				}
			}
		}
	}
	return true
}

// webhookKey is an entry as the unseen check compares it.
type webhookKey struct {
	t       sendblue.WebhookType
	url     string
	secret  string
	numbers string
}

func keyOf(t sendblue.WebhookType, w sendblue.Webhook) webhookKey {
	nums := slices.Clone(w.SendblueNumbers)
	slices.Sort(nums)
	return webhookKey{t: t, url: w.URL, secret: w.Secret, numbers: strings.Join(nums, ",")}
}

// unseenEntries returns "<type> <url>" for each entry of current that none of
// shown holds as often with the same secret and numbers: what replacing
// current with shown[0] would remove or change although no configuration
// shown in the plan had it. all says whether entries of types the provider
// does not know count (on create they do: the plan shows none of them).
// Each type and URL is named once, in the API's type order.
func unseenEntries(current *sendblue.Configuration, all bool, shown ...*sendblue.Configuration) []string {
	allowed := map[webhookKey]int{}
	for _, c := range shown {
		counts := map[webhookKey]int{}
		for t, ws := range c.Webhooks {
			for _, w := range ws {
				counts[keyOf(t, w)]++
			}
		}
		for k, n := range counts {
			allowed[k] = max(allowed[k], n)
		}
	}
	var out []string
	named := map[string]bool{}
	for _, t := range current.SortedTypes() {
		if !all && !t.Valid() {
			continue
		}
		for _, w := range current.Get(t) {
			k := keyOf(t, w)
			if allowed[k] > 0 {
				allowed[k]--
				continue
			}
			if s := string(t) + " " + w.URL; !named[s] {
				named[s] = true
				out = append(out, s)
			}
		}
	}
	return out
}

// addUnseenError explains that the account holds webhooks the plan does not
// show, naming them (never their secrets) and the way out.
func addUnseenError(diags *diag.Diagnostics, unseen []string, changedSincePlan bool) {
	const show = 20
	list := unseen
	more := ""
	if len(list) > show {
		list, more = list[:show], fmt.Sprintf("\n  ... and %d more", len(unseen)-show)
	}
	names := "  " + strings.Join(list, "\n  ") + more
	if changedSincePlan {
		diags.AddError("The Sendblue account changed since the plan",
			fmt.Sprintf("The account now holds webhooks (or secrets) that the plan did not show, and applying it would remove or change them:\n%s\n\n"+
				"Nothing was changed. Run terraform plan again to see the account as it is now, then apply that plan.", names))
		return
	}
	diags.AddError("The Sendblue account already has webhooks that this resource would remove",
		fmt.Sprintf("sendblue_account_webhooks replaces the account's whole webhook configuration, and the account already holds "+
			"webhooks (or secrets) that are not in this configuration:\n%s\n\n"+
			"A plan to create the resource cannot show them, so nothing was changed. Import the account first, with\n\n"+
			"  import {\n    to = sendblue_account_webhooks.<name>\n    id = %q\n  }\n\n"+
			"or terraform import sendblue_account_webhooks.<name> %s, then the plan shows every webhook it removes. "+
			"Or add them to the configuration.", names, accountWebhooksID, accountWebhooksID))
}

// addAccountError turns a client error about the whole account into a
// diagnostic that says what failed and what to do. The client already keeps
// what it sent out of its errors; the secrets given here (those of the state,
// the plan and the account as last listed) are redacted as well, in case the
// API's message quotes the account's configuration.
func addAccountError(diags *diag.Diagnostics, op string, err error, secrets ...string) {
	summary := fmt.Sprintf("Could not %s the Sendblue account's webhooks", op)
	detail := redactSecrets(err.Error(), secrets)
	if sendblue.IsUnauthorized(err) {
		summary = "Sendblue refused the credentials"
	} else if advice := failureAdvice(op, err); advice != "" {
		detail += "\n\n" + advice
	}
	diags.AddError(summary, detail)
}

// redactSecrets replaces each secret in msg with "***", as whole values
// (see sendblue.Redact).
func redactSecrets(msg string, secrets []string) string {
	return sendblue.Redact(msg, secrets...)
}

// numbersReceiveOnly refuses sendblue_numbers in the entries of a type other
// than receive: Sendblue limits deliveries by line for receive webhooks only.
type numbersReceiveOnly struct{}

func (numbersReceiveOnly) Description(context.Context) string {
	return "sendblue_numbers is allowed on receive webhooks only"
}

func (v numbersReceiveOnly) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (numbersReceiveOnly) ValidateSet(_ context.Context, req validator.SetRequest, resp *validator.SetResponse) {
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
type uniqueWebhookURLs struct{}

func (uniqueWebhookURLs) Description(context.Context) string {
	return "each URL may appear only once in the list"
}

func (v uniqueWebhookURLs) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (uniqueWebhookURLs) ValidateSet(_ context.Context, req validator.SetRequest, resp *validator.SetResponse) {
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
