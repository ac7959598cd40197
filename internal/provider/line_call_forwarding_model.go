package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// lineCallForwardingModel is a sendblue_line_call_forwarding as Terraform
// holds it. Its identity, {sendblue_number}, is its line.
type lineCallForwardingModel struct {
	ID types.String `tfsdk:"id"`
	lineIdentityModel
	ForwardingNumber types.String   `tfsdk:"forwarding_number"`
	Timeouts         timeouts.Value `tfsdk:"timeouts"`
}

// lineIdentityModel is the identity of a line's call forwarding: the line.
type lineIdentityModel struct {
	SendblueNumber types.String `tfsdk:"sendblue_number"`
}

// lineIdentity is the identity of the line number's call forwarding.
func lineIdentity(number string) lineIdentityModel {
	return lineIdentityModel{SendblueNumber: types.StringValue(number)}
}

// number is the line the model is about: sendblue_number, or right after an
// import (when only the ID is known) the ID.
func (m *lineCallForwardingModel) number() string {
	if m.SendblueNumber.IsNull() || m.SendblueNumber.IsUnknown() {
		return m.ID.ValueString()
	}
	return m.SendblueNumber.ValueString()
}

// save records that the line number forwards to the model's
// forwarding_number, in the state and the identity.
func (m *lineCallForwardingModel) save(ctx context.Context, number string, state *tfsdk.State, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	m.set(sendblue.CallForwarding{SendblueNumber: number, ForwardingNumber: m.ForwardingNumber.ValueString()})
	diags.Append(state.Set(ctx, m)...)
	setIdentity(ctx, identity, m.lineIdentityModel, diags)
}

// set records what the API holds for the line (its forwarding set).
func (m *lineCallForwardingModel) set(cf sendblue.CallForwarding) {
	m.ID = types.StringValue(cf.SendblueNumber)
	m.lineIdentityModel = lineIdentity(cf.SendblueNumber)
	m.ForwardingNumber = types.StringValue(cf.ForwardingNumber)
}
