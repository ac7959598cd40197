package provider

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

var (
	_ resource.ResourceWithConfigure        = (*webhookResource)(nil)
	_ resource.ResourceWithImportState      = (*webhookResource)(nil)
	_ resource.ResourceWithConfigValidators = (*webhookResource)(nil)
	_ resource.ResourceWithValidateConfig   = (*webhookResource)(nil)
)

// NewWebhookResource returns the sendblue_webhook resource.
func NewWebhookResource() resource.Resource { return &webhookResource{} }

type webhookResource struct {
	data *providerData
}

type webhookModel struct {
	ID              types.String   `tfsdk:"id"`
	URL             types.String   `tfsdk:"url"`
	Type            types.String   `tfsdk:"type"`
	Secret          types.String   `tfsdk:"secret"`
	SecretWO        types.String   `tfsdk:"secret_wo"`
	SecretWOVersion types.Int64    `tfsdk:"secret_wo_version"`
	GlobalSecret    types.String   `tfsdk:"global_secret"`
	SendblueNumbers types.Set      `tfsdk:"sendblue_numbers"`
	Copies          types.Int64    `tfsdk:"copies"`
	Timeouts        timeouts.Value `tfsdk:"timeouts"`
}

func (r *webhookResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webhook"
}

func (r *webhookResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	typeNames := typesCode()
	resp.Schema = schema.Schema{
		MarkdownDescription: "One webhook of a Sendblue account, identified by its type and URL. " +
			"Other webhooks of the account are left as they are.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The webhook's identifier, `<type>:<url>` (the API has no per-webhook id).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"url": schema.StringAttribute{
				Required: true,
				MarkdownDescription: fmt.Sprintf("The HTTPS URL Sendblue delivers events to: `https://` with a host, no spaces, at most %d bytes. "+
					"Changing it replaces the webhook.", maxURLLength),
				Validators:    []validator.String{webhookURLValidator},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"type": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(string(sendblue.DefaultType)),
				MarkdownDescription: "The event the webhook is for: one of " + typeNames + ". Default: `receive` (inbound messages). " +
					"`typing_indicator`, `inbound_call` and `contact_profile` need the current API generation (see the provider's `api_version`). " +
					"Changing it replaces the webhook.",
				Validators:    []validator.String{stringvalidator.OneOf(sendblue.WebhookTypeStrings()...)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"secret": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "The webhook's own signing secret, sent by Sendblue in the `sb-signing-secret` header of each delivery. " +
					"Sensitive, but stored in state: prefer `secret_wo`. Not allowed together with `secret_wo`; with type `contact_created` it needs the current API generation. " +
					"Must not be empty. A change, or removing it, replaces the webhook's entry on the server (delete, then add with the new secret, " +
					"or with none): removing `secret` removes the secret from the webhook. If the API refuses the new entry, the old one is put back.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"secret_wo": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				WriteOnly: true,
				MarkdownDescription: "Write-only signing secret (Terraform 1.11 or later): sent to Sendblue, never stored in state or plan. " +
					"Sent on create and whenever `secret_wo_version` changes; requires `secret_wo_version`. " +
					"Not allowed together with `secret`; with type `contact_created` it needs the current API generation. Must not be empty.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"secret_wo_version": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "Any number that you change to send a new `secret_wo` to Sendblue. " +
					"Required with `secret_wo`, not allowed without it. Removing both `secret_wo` and `secret_wo_version` removes the " +
					"secret from the webhook (unless `secret` takes over).",
			},
			"sendblue_numbers": schema.SetAttribute{
				ElementType: types.StringType,
				Optional:    true,
				MarkdownDescription: "Type `receive` only: the account's Sendblue line numbers (E.164, such as `+15551234567`) whose inbound messages " +
					"this webhook receives; other lines' messages are not delivered to it. Default: unset, every line. " +
					"Needs the current API generation. Read back from the account, so a change made elsewhere shows as drift; " +
					"a change replaces the webhook's entry on the server (delete, then add), as a secret change does.",
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(e164Validator),
				},
			},
			"global_secret": schema.StringAttribute{
				Optional:  true,
				Computed:  true,
				Sensitive: true,
				MarkdownDescription: "The account-wide global secret, sent as `globalSecret` when this webhook is added (a change re-adds the webhook " +
					"to send it). It applies to every webhook of the account, not only this one, and it stays when this webhook is destroyed. " +
					"All `sendblue_webhook` resources of one provider configuration that set it must set the same value (an error at plan otherwise). " +
					"Removing it from the configuration stops managing it: the account keeps its global secret, and the plan shows no change " +
					"(the API has no call that clears it for one webhook). Sensitive, stored in state. Must not be empty.",
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers: []planmodifier.String{keepStateWhenUnset},
			},
			"copies": schema.Int64Attribute{
				Computed: true,
				MarkdownDescription: "How many entries the account holds for this webhook's URL under its type, as last read. " +
					"The provider keeps exactly one: when the account holds more (a write that landed twice, a copy added elsewhere), " +
					"the plan shows `copies = N -> 1` and the apply deletes the URL's entries and adds the one configured entry back.",
				PlanModifiers: []planmodifier.Int64{planOneCopy{}},
			},
			"timeouts": timeoutsAttribute(ctx),
		},
	}
}

func (r *webhookResource) ConfigValidators(_ context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		whenAnySet{resourcevalidator.Conflicting(path.MatchRoot("secret"), path.MatchRoot("secret_wo")), []string{"secret", "secret_wo"}},
		whenAnySet{resourcevalidator.RequiredTogether(path.MatchRoot("secret_wo"), path.MatchRoot("secret_wo_version")), []string{"secret_wo", "secret_wo_version"}},
	}
}

// ValidateConfig refuses sendblue_numbers on any type but receive.
func (r *webhookResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var typ types.String
	var nums types.Set
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("type"), &typ)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("sendblue_numbers"), &nums)...)
	if typ.IsUnknown() || nums.IsNull() {
		return
	}
	if t := cmp.Or(typ.ValueString(), string(sendblue.DefaultType)); t != string(sendblue.TypeReceive) {
		resp.Diagnostics.AddAttributeError(path.Root("sendblue_numbers"), "sendblue_numbers is for receive webhooks only",
			fmt.Sprintf("sendblue_numbers is not allowed with type %q: Sendblue limits deliveries by line only for receive webhooks "+
				"(inbound messages). Remove sendblue_numbers, or use type \"receive\".", t))
	}
}

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
			how = "pinned with api_version"
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

func (r *webhookResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

// wantedSecret is the secret to send: the write-only one when configured,
// else the plain one.
func wantedSecret(secret, secretWO types.String) string {
	if !secretWO.IsNull() && !secretWO.IsUnknown() {
		return secretWO.ValueString()
	}
	return secret.ValueString()
}

func (r *webhookResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, cfg webhookModel
	ctx, cancel, ok := r.data.begin(ctx, opCreate, &resp.Diagnostics, &plan.Timeouts,
		from(ctx, req.Plan, &plan), from(ctx, req.Config, &cfg))
	if !ok {
		return
	}
	defer cancel()

	t, w := plan.webhook(ctx, cfg, &resp.Diagnostics)
	ctx = r.data.mask(ctx, w.Secret, plan.GlobalSecret.ValueString())
	tflog.Debug(ctx, "creating webhook", map[string]any{"type": string(t), "url": w.URL})

	err := r.data.account.Create(ctx, t, w, plan.GlobalSecret.ValueString())
	var exists *sendblue.ExistsError
	switch {
	case errors.As(err, &exists):
		resp.Diagnostics.AddAttributeError(path.Root("url"), "Webhook already exists", err.Error())
		return
	case sendblue.IsUnknownOutcome(err):
		// The add may have landed. Saving the resource with the error makes
		// Terraform mark it tainted: the next plan replaces it if it is on
		// the account (Read keeps it) or creates it if not (Read drops it),
		// so no webhook is left on the account that state does not know.
		addAPIError(&resp.Diagnostics, "create", aboutWebhook(t, w.URL), err)
		resp.Diagnostics.AddError("Sendblue webhook saved as tainted",
			fmt.Sprintf("Whether %s webhook %s was added is not known, so it is kept in state and marked tainted: "+
				"the next plan replaces it if it is on the account, or creates it if it is not.", t, w.URL))
	case err != nil:
		addAPIError(&resp.Diagnostics, "create", aboutWebhook(t, w.URL), err)
		return
	}
	plan.save(ctx, t, w.URL, &resp.State, resp.Identity, &resp.Diagnostics)
}

// onState runs an operation on the state (Read, Delete): fn gets the state,
// its secrets masked in logs, and a context bounded by the operation's
// timeout. fn does not run when either could not be had (diags say why).
func (r *webhookResource) onState(ctx context.Context, op operation, src tfsdk.State, diags *diag.Diagnostics, fn func(context.Context, *webhookModel)) {
	var m webhookModel
	ctx, cancel, ok := r.data.begin(ctx, op, diags, &m.Timeouts, func() diag.Diagnostics { return m.get(ctx, src.Raw) })
	if !ok {
		return
	}
	defer cancel()
	fn(r.data.mask(ctx, m.Secret.ValueString(), m.GlobalSecret.ValueString()), &m)
}

// webhook is the webhook a plan asks for: its type, and its URL, numbers
// and the secret the configuration cfg wants on the server.
func (m *webhookModel) webhook(ctx context.Context, cfg webhookModel, diags *diag.Diagnostics) (sendblue.WebhookType, sendblue.Webhook) {
	return sendblue.WebhookType(m.Type.ValueString()), sendblue.Webhook{
		URL:             m.URL.ValueString(),
		Secret:          wantedSecret(m.Secret, cfg.SecretWO),
		SendblueNumbers: numbersOf(ctx, m.SendblueNumbers, diags),
	}
}

// save records m as the webhook of type t at url in the state and the
// identity (secret_wo never).
func (m *webhookModel) save(ctx context.Context, t sendblue.WebhookType, url string, state *tfsdk.State, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	m.ID = types.StringValue(webhookID(t, url))
	m.SecretWO = types.StringNull()
	diags.Append(state.Set(ctx, m)...)
	setWebhookIdentity(ctx, identity, t, url, diags)
}

func (r *webhookResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state, cfg webhookModel
	ctx, cancel, ok := r.data.begin(ctx, opUpdate, &resp.Diagnostics, &plan.Timeouts,
		from(ctx, req.Plan, &plan), from(ctx, req.State, &state), from(ctx, req.Config, &cfg))
	if !ok {
		return
	}
	defer cancel()

	t, w := plan.webhook(ctx, cfg, &resp.Diagnostics)
	ctx = r.data.mask(ctx, w.Secret, state.Secret.ValueString(), plan.GlobalSecret.ValueString(), state.GlobalSecret.ValueString())

	// The webhook's own secret on the server is what the configuration
	// says: `secret`, or `secret_wo` (sent when its version changes). Any
	// change of them, including removing them, re-adds the entry with the
	// new secret or with none, as the plan shows. `global_secret` is sent
	// only when it is set and changed; removing it keeps the planned (prior)
	// value, so the plan shows no change and none is made.
	woChanged := !plan.SecretWOVersion.Equal(state.SecretWOVersion)
	secretChanged := !plan.Secret.Equal(state.Secret)
	globalChanged := !cfg.GlobalSecret.IsNull() && !plan.GlobalSecret.Equal(state.GlobalSecret)
	numbersChanged := !sendblue.SameNumbers(w.SendblueNumbers, numbersOf(ctx, state.SendblueNumbers, &resp.Diagnostics))
	// More than one entry of the URL, as read: re-adding leaves exactly one.
	copiesChanged := state.Copies.ValueInt64() > 1
	gs := ""
	if globalChanged {
		gs = plan.GlobalSecret.ValueString()
	}

	if secretChanged && !woChanged && !globalChanged && !numbersChanged && !copiesChanged && state.Secret.IsNull() && w.Secret != "" {
		// The configuration starts managing a secret (after an import, say):
		// when the webhook has that secret already, there is nothing to send.
		if view, err := r.data.account.Snapshot(ctx); err == nil {
			if found, count, ok := view.Lookup(t, w.URL); ok && count == 1 && found.Secret == w.Secret {
				secretChanged = false
			}
		}
	}
	if secretChanged || woChanged || globalChanged || numbersChanged || copiesChanged {
		tflog.Debug(ctx, "rotating webhook", map[string]any{"type": string(t), "url": w.URL})
		rotate := func() error { return r.data.account.Rotate(ctx, t, w, gs) }
		if !secretChanged && !woChanged && plan.Secret.IsNull() && plan.SecretWOVersion.IsNull() {
			// The configuration does not manage the webhook's own secret:
			// it is re-added with the secret it has on the account.
			rotate = func() error { return r.data.account.RotateKeepSecret(ctx, t, w, gs) }
		}
		if err := rotate(); err != nil {
			// Nothing planned is recorded as done: the webhook was left (or
			// put back) as it was, so the next plan shows the change again.
			resp.State.Raw = req.State.Raw.Copy()
			addAPIError(&resp.Diagnostics, "update", aboutWebhook(t, w.URL), err)
			return
		}
	}
	plan.save(ctx, t, w.URL, &resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *webhookResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	r.onState(ctx, opDelete, req.State, &resp.Diagnostics, func(ctx context.Context, state *webhookModel) {
		t, url := sendblue.WebhookType(state.Type.ValueString()), state.URL.ValueString()
		if err := r.data.account.Delete(ctx, t, url); err != nil {
			addAPIError(&resp.Diagnostics, "delete", aboutWebhook(t, url), err)
		}
	})
}

// ImportState takes the ID `<type>:<url>` (or a bare URL for receive), or,
// with Terraform 1.12 and later, the identity {type, url}.
func (r *webhookResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	var (
		t   sendblue.WebhookType
		url string
	)
	if req.ID == "" && req.Identity != nil && !req.Identity.Raw.IsNull() {
		var diags diag.Diagnostics
		t, url, diags = webhookFromIdentity(ctx, req.Identity)
		resp.Diagnostics.Append(diags...)
		if resp.Diagnostics.HasError() {
			return
		}
	} else {
		var err error
		t, url, err = parseWebhookID(req.ID)
		if err != nil {
			resp.Diagnostics.AddError("Invalid import ID", err.Error())
			return
		}
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), webhookID(t, url))...)
	setWebhookIdentity(ctx, resp.Identity, t, url, &resp.Diagnostics)
}
