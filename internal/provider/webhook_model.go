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
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Reading and writing a webhookModel without the framework's reflection.
//
// tfsdk's Get and Set map an object to a struct by reflection, and compile a
// regular expression per struct field on every call to check its tag: in a
// plan of 500 webhooks (a Read, and a ModifyPlan that reads the plan, the
// configuration and the prior state, per resource) that was a sixth of the
// provider's CPU. get and value do the same conversion field by field, with
// the attribute types of the schema.

// webhookAttrTypes are the attribute types of sendblue_webhook's schema.
var webhookAttrTypes = sync.OnceValue(func() map[string]attr.Type {
	var resp resource.SchemaResponse
	(&webhookResource{}).Schema(context.Background(), resource.SchemaRequest{}, &resp)
	return resp.Schema.Type().(types.ObjectType).AttrTypes
})

// fields are the model's fields by attribute name.
func (m *webhookModel) fields() map[string]any {
	return map[string]any{
		"id": &m.ID, "url": &m.URL, "type": &m.Type, "secret": &m.Secret, "secret_wo": &m.SecretWO,
		"secret_wo_version": &m.SecretWOVersion, "global_secret": &m.GlobalSecret,
		"sendblue_numbers": &m.SendblueNumbers, "copies": &m.Copies, "timeouts": &m.Timeouts,
	}
}

// get reads a sendblue_webhook object (a plan, a state or a configuration,
// not null) into m, as tfsdk's Get does.
func (m *webhookModel) get(ctx context.Context, raw tftypes.Value) diag.Diagnostics {
	var diags diag.Diagnostics
	var obj map[string]tftypes.Value
	if err := raw.As(&obj); err != nil {
		diags.AddError("Value Conversion Error", "sendblue_webhook: "+err.Error())
		return diags
	}
	attrTypes := webhookAttrTypes()
	fields := m.fields()
	if len(obj) != len(fields) {
		diags.AddError("Value Conversion Error", fmt.Sprintf("sendblue_webhook: an object of %d attributes, the model has %d", len(obj), len(fields)))
		return diags
	}
	for name, field := range fields {
		tv, ok := obj[name]
		if !ok {
			diags.AddAttributeError(path.Root(name), "Value Conversion Error", "sendblue_webhook: the object lacks "+name)
			continue
		}
		v, err := attrTypes[name].ValueFromTerraform(ctx, tv)
		if err == nil {
			err = assign(field, v)
		}
		if err != nil {
			diags.AddAttributeError(path.Root(name), "Value Conversion Error", "sendblue_webhook: "+err.Error())
		}
	}
	return diags
}

// assign stores v in the field f points to.
func assign(f any, v attr.Value) error {
	var ok bool
	switch f := f.(type) {
	case *types.String:
		*f, ok = v.(types.String)
	case *types.Int64:
		*f, ok = v.(types.Int64)
	case *types.Set:
		*f, ok = v.(types.Set)
	case *timeouts.Value:
		*f, ok = v.(timeouts.Value)
	}
	if !ok {
		return fmt.Errorf("cannot store a %T in a %T", v, f)
	}
	return nil
}

// value is m as an object of type typ (the state's), as tfsdk's Set writes it.
func (m *webhookModel) value(ctx context.Context, typ tftypes.Type) (tftypes.Value, diag.Diagnostics) {
	var diags diag.Diagnostics
	obj := make(map[string]tftypes.Value, 10)
	for name, field := range m.fields() {
		tv, err := field.(interface {
			ToTerraformValue(context.Context) (tftypes.Value, error)
		}).ToTerraformValue(ctx)
		if err != nil {
			diags.AddAttributeError(path.Root(name), "Value Conversion Error", "sendblue_webhook: "+err.Error())
		}
		obj[name] = tv
	}
	if diags.HasError() {
		return tftypes.Value{}, diags
	}
	if err := tftypes.ValidateValue(typ, obj); err != nil {
		diags.AddError("Value Conversion Error", "sendblue_webhook: "+err.Error())
		return tftypes.Value{}, diags
	}
	return tftypes.NewValue(typ, obj), diags
}
