package provider

import (
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// lineCallForwardingModel is a sendblue_line_call_forwarding as Terraform
// holds it.
type lineCallForwardingModel struct {
	ID               types.String   `tfsdk:"id"`
	SendblueNumber   types.String   `tfsdk:"sendblue_number"`
	ForwardingNumber types.String   `tfsdk:"forwarding_number"`
	Timeouts         timeouts.Value `tfsdk:"timeouts"`
}

// number is the line the model is about: sendblue_number, or right after an
// import (when only the ID is known) the ID.
func (m *lineCallForwardingModel) number() string {
	if m.SendblueNumber.IsNull() || m.SendblueNumber.IsUnknown() {
		return m.ID.ValueString()
	}
	return m.SendblueNumber.ValueString()
}

// set records what the API holds for the line (its forwarding set).
func (m *lineCallForwardingModel) set(cf sendblue.CallForwarding) {
	m.ID = types.StringValue(cf.SendblueNumber)
	m.SendblueNumber = types.StringValue(cf.SendblueNumber)
	m.ForwardingNumber = types.StringValue(cf.ForwardingNumber)
}
