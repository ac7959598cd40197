package provider

import (
	"context"
	"fmt"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// webhookModel is a sendblue_webhook: its plan, state or configuration. It
// holds its identity, {type, url}.
type webhookModel struct {
	ID types.String `tfsdk:"id"`
	webhookIdentityModel
	Secret          types.String   `tfsdk:"secret"`
	SecretWO        types.String   `tfsdk:"secret_wo"`
	SecretWOVersion types.Int64    `tfsdk:"secret_wo_version"`
	GlobalSecret    types.String   `tfsdk:"global_secret"`
	SendblueNumbers types.Set      `tfsdk:"sendblue_numbers"`
	Copies          types.Int64    `tfsdk:"copies"`
	Timeouts        timeouts.Value `tfsdk:"timeouts"`
}

// webhookIdentityModel is a webhook's identity, {type, url}: what names it
// in the resource, its identity and the data source's entries.
type webhookIdentityModel struct {
	Type types.String `tfsdk:"type"`
	URL  types.String `tfsdk:"url"`
}

// webhookIdentity is the identity of the webhook of type t at url.
func webhookIdentity(t sendblue.WebhookType, url string) webhookIdentityModel {
	return webhookIdentityModel{Type: types.StringValue(string(t)), URL: types.StringValue(url)}
}

// wantedSecret is the secret to send: the write-only one when configured,
// else the plain one.
func wantedSecret(secret, secretWO types.String) string {
	if !secretWO.IsNull() && !secretWO.IsUnknown() {
		return secretWO.ValueString()
	}
	return secret.ValueString()
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
	raw, d := m.value(ctx, state.Schema.Type().TerraformType(ctx))
	diags.Append(d...)
	if !d.HasError() {
		state.Raw = raw
	}
	setWebhookIdentity(ctx, identity, t, url, diags)
}

// Reading and writing a webhookModel without the framework's reflection.
//
// tfsdk's Get and Set map an object to a struct by reflection, and compile a
// regular expression per struct field on every call to check its tag: in a
// plan of 500 webhooks (a Read, and a ModifyPlan that reads the plan, the
// configuration and the prior state, per resource) that was a large share of
// the provider's CPU. get and value do the same conversion field by field,
// with the attribute types of the schema. Every operation of the resource
// (ValidateConfig, ModifyPlan, Create, Read, Update, Delete) reads and writes
// its model through them.

// webhookAttrTypes are the attribute types of sendblue_webhook's schema.
var webhookAttrTypes = sync.OnceValue(func() map[string]attr.Type {
	var resp resource.SchemaResponse
	(&webhookResource{}).Schema(context.Background(), resource.SchemaRequest{}, &resp)
	if obj, ok := resp.Schema.Type().(types.ObjectType); ok {
		return obj.AttrTypes
	}
	panic("sendblue_webhook: the schema's type is not an object")
})

// webhookAttrCount is the number of attributes of the model.
const webhookAttrCount = 10

// get reads a sendblue_webhook object (a plan, a state or a configuration,
// not null) into m, as tfsdk's Get does.
func (m *webhookModel) get(ctx context.Context, raw tftypes.Value) diag.Diagnostics {
	var diags diag.Diagnostics
	var obj map[string]tftypes.Value
	if err := raw.As(&obj); err != nil {
		diags.AddError("Value Conversion Error", "sendblue_webhook: "+err.Error())
		return diags
	}
	if len(obj) != webhookAttrCount {
		diags.AddError("Value Conversion Error", fmt.Sprintf("sendblue_webhook: an object of %d attributes, the model has %d", len(obj), webhookAttrCount))
		return diags
	}
	r := objectReader{ctx: ctx, obj: obj, types: webhookAttrTypes(), diags: &diags}
	m.ID = attrOf[types.String](r, "id")
	m.URL = attrOf[types.String](r, "url")
	m.Type = attrOf[types.String](r, "type")
	m.Secret = attrOf[types.String](r, "secret")
	m.SecretWO = attrOf[types.String](r, "secret_wo")
	m.SecretWOVersion = attrOf[types.Int64](r, "secret_wo_version")
	m.GlobalSecret = attrOf[types.String](r, "global_secret")
	m.SendblueNumbers = attrOf[types.Set](r, "sendblue_numbers")
	m.Copies = attrOf[types.Int64](r, "copies")
	m.Timeouts = attrOf[timeouts.Value](r, "timeouts")
	return diags
}

// from is get of raw, for begin.
func (m *webhookModel) from(ctx context.Context, raw tftypes.Value) func() diag.Diagnostics {
	return func() diag.Diagnostics { return m.get(ctx, raw) }
}

// value is m as an object of type typ (the state's), as tfsdk's Set writes it.
func (m *webhookModel) value(ctx context.Context, typ tftypes.Type) (tftypes.Value, diag.Diagnostics) {
	var diags diag.Diagnostics
	w := objectWriter{ctx: ctx, obj: make(map[string]tftypes.Value, webhookAttrCount), diags: &diags}
	w.put("id", m.ID)
	w.put("url", m.URL)
	w.put("type", m.Type)
	w.put("secret", m.Secret)
	w.put("secret_wo", m.SecretWO)
	w.put("secret_wo_version", m.SecretWOVersion)
	w.put("global_secret", m.GlobalSecret)
	w.put("sendblue_numbers", m.SendblueNumbers)
	w.put("copies", m.Copies)
	w.put("timeouts", m.Timeouts)
	if diags.HasError() {
		return tftypes.Value{}, diags
	}
	if err := tftypes.ValidateValue(typ, w.obj); err != nil {
		diags.AddError("Value Conversion Error", "sendblue_webhook: "+err.Error())
		return tftypes.Value{}, diags
	}
	return tftypes.NewValue(typ, w.obj), diags
}

// objectReader reads the attributes of an object, by the schema's types.
type objectReader struct {
	ctx   context.Context
	obj   map[string]tftypes.Value
	types map[string]attr.Type
	diags *diag.Diagnostics
}

// attrOf is the attribute name of r's object as a T (the zero T, with an
// error in r's diagnostics, when it cannot be had).
func attrOf[T attr.Value](r objectReader, name string) T {
	var zero T
	tv, ok := r.obj[name]
	if !ok {
		r.diags.AddAttributeError(path.Root(name), "Value Conversion Error", "sendblue_webhook: the object lacks "+name)
		return zero
	}
	v, err := r.types[name].ValueFromTerraform(r.ctx, tv)
	if err != nil {
		r.diags.AddAttributeError(path.Root(name), "Value Conversion Error", "sendblue_webhook: "+err.Error())
		return zero
	}
	t, ok := v.(T)
	if !ok {
		r.diags.AddAttributeError(path.Root(name), "Value Conversion Error", fmt.Sprintf("sendblue_webhook: cannot store a %T in a %T", v, zero))
	}
	return t
}

// objectWriter collects the attributes of an object.
type objectWriter struct {
	ctx   context.Context
	obj   map[string]tftypes.Value
	diags *diag.Diagnostics
}

func (w objectWriter) put(name string, v attr.Value) {
	tv, err := v.ToTerraformValue(w.ctx)
	if err != nil {
		w.diags.AddAttributeError(path.Root(name), "Value Conversion Error", "sendblue_webhook: "+err.Error())
	}
	w.obj[name] = tv
}
