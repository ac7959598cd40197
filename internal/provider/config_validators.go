package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// whenAnySet runs a config validator (such as resourcevalidator.Conflicting
// or RequiredTogether) only when the configuration sets at least one of the
// top-level attributes it checks. With none of them set neither can fail, and
// finding that out costs the library a walk of the whole configuration per
// resource and per plan.
type whenAnySet struct {
	resource.ConfigValidator
	attributes []string
}

func (v whenAnySet) ValidateResource(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var obj map[string]tftypes.Value
	if err := req.Config.Raw.As(&obj); err == nil {
		set := false
		for _, name := range v.attributes {
			if a, ok := obj[name]; !ok || !a.IsNull() {
				set = true
			}
		}
		if !set {
			return
		}
	}
	v.ConfigValidator.ValidateResource(ctx, req, resp)
}
