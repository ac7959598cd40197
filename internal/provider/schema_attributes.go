package provider

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// Attributes that several schemas (resources, data sources, list resources)
// hold, each built one way.

// idAttribute is a resource's computed `id`, kept from the state once
// known.
func idAttribute(description string) schema.StringAttribute {
	return schema.StringAttribute{
		Computed:            true,
		MarkdownDescription: description,
		PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
}

// requiredString is a required string of a resource that v checks.
func requiredString(description string, v validator.String) schema.StringAttribute {
	return schema.StringAttribute{Required: true, MarkdownDescription: description, Validators: []validator.String{v}}
}

// replacing is a, which replaces the resource when it changes.
func replacing(a schema.StringAttribute) schema.StringAttribute {
	a.PlanModifiers = append(a.PlanModifiers, stringplanmodifier.RequiresReplace())
	return a
}

// secretAttribute is an optional, sensitive secret of a resource, never
// empty.
func secretAttribute(description string) schema.StringAttribute {
	return schema.StringAttribute{
		Optional:            true,
		Sensitive:           true,
		MarkdownDescription: description,
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
	}
}

// globalSecretAttribute is a resource's `global_secret`: a secret that,
// once removed from the configuration, keeps its prior value in the plan
// (the account keeps it).
func globalSecretAttribute(description string) schema.StringAttribute {
	a := secretAttribute(description)
	a.Computed = true
	a.PlanModifiers = []planmodifier.String{keepStateWhenUnset}
	return a
}

// numbersAttribute is a webhook's optional `sendblue_numbers` in a
// resource: a set of at least one E.164 number.
func numbersAttribute(description string) schema.SetAttribute {
	return schema.SetAttribute{
		ElementType:         types.StringType,
		Optional:            true,
		MarkdownDescription: description,
		Validators:          []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(e164Validator)},
	}
}

// computedString is a data source's computed string.
func computedString(description string) dschema.StringAttribute {
	return dschema.StringAttribute{Computed: true, MarkdownDescription: description}
}

// computedBool is a data source's computed bool.
func computedBool(description string) dschema.BoolAttribute {
	return dschema.BoolAttribute{Computed: true, MarkdownDescription: description}
}

// computedNumbers is a data source's computed set of line numbers.
func computedNumbers(description string) dschema.SetAttribute {
	return dschema.SetAttribute{ElementType: types.StringType, Computed: true, MarkdownDescription: description}
}

// filter is an optional attribute of a data source or a list resource that
// keeps only what has one of values.
type filter struct {
	description string
	values      []string
}

func (f filter) validators() []validator.String {
	return []validator.String{stringvalidator.OneOf(f.values...)}
}

// dataSource is the filter in a data source's schema.
func (f filter) dataSource() dschema.StringAttribute {
	return dschema.StringAttribute{Optional: true, MarkdownDescription: f.description, Validators: f.validators()}
}

// list is the filter in a list resource's schema.
func (f filter) list() listschema.StringAttribute {
	return listschema.StringAttribute{Optional: true, MarkdownDescription: f.description, Validators: f.validators()}
}

// webhookTypeFilter is the `type` of the sendblue_webhooks data source and
// of the sendblue_webhook list resource.
func webhookTypeFilter() filter {
	return filter{
		description: "List webhooks of this type only: one of " + typesCode() + ". Default: unset, which lists every type.",
		values:      sendblue.WebhookTypeStrings(),
	}
}

// writeOnly is an attribute that Terraform never stores in state or plan.
func writeOnly(a schema.StringAttribute) schema.StringAttribute {
	a.WriteOnly = true
	return a
}
