package acctest

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// ExpectAttr checks that the top-level attribute name of the resource or
// data source at addr holds want in the state.
func ExpectAttr(addr, name string, want knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(addr, tfjsonpath.New(name), want)
}

// HasAttrs checks the named attributes of an object (the others may hold
// anything).
func HasAttrs(want map[string]knownvalue.Check) knownvalue.Check {
	return knownvalue.ObjectPartial(want)
}

// Str is knownvalue.StringExact.
func Str(s string) knownvalue.Check { return knownvalue.StringExact(s) }

// NoElements checks an empty (not null) map.
var NoElements = knownvalue.MapExact(map[string]knownvalue.Check{})

// StateLacks fails when s appears anywhere in the state.
func StateLacks(s string) resource.TestCheckFunc {
	return func(st *terraform.State) error {
		b, err := json.Marshal(st)
		if err != nil {
			return err
		}
		if strings.Contains(string(b), s) {
			return fmt.Errorf("state contains %q", s)
		}
		return nil
	}
}

// PlanLacks is a plan check that fails when s appears in the plan's values:
// planned values, resource changes, prior state, outputs. (The plan's copy
// of the configuration's source is left out: a test writes the secret there
// as a literal, where a user would pass an ephemeral variable.)
type PlanLacks string

// CheckPlan implements plancheck.PlanCheck.
func (p PlanLacks) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	values := []any{req.Plan.PlannedValues, req.Plan.ResourceChanges, req.Plan.PriorState, req.Plan.OutputChanges, req.Plan.ResourceDrift, req.Plan.Variables}
	b, err := json.Marshal(values)
	if err != nil {
		resp.Error = err
		return
	}
	if strings.Contains(string(b), string(p)) {
		resp.Error = fmt.Errorf("plan contains %q", string(p))
	}
}
