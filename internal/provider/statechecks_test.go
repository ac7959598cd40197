package provider

import (
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// expectAttr checks that the top-level attribute name of the resource or
// data source at addr holds want in the state.
func expectAttr(addr, name string, want knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(addr, tfjsonpath.New(name), want)
}

// hasAttrs checks the named attributes of an object (the others may hold
// anything).
func hasAttrs(want map[string]knownvalue.Check) knownvalue.Check {
	return knownvalue.ObjectPartial(want)
}

// str is knownvalue.StringExact.
func str(s string) knownvalue.Check { return knownvalue.StringExact(s) }

// noElements checks an empty (not null) map.
var noElements = knownvalue.MapExact(map[string]knownvalue.Check{})
