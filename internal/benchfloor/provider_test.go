package benchfloor

import (
	"context"
	"fmt"
	"maps"
	"sort"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/provider"
)

// The floor is only a floor while its resources have the attributes the
// real ones have: a new attribute on the provider that the floor lacks would
// make the ratio flatter than it is. This compares names, types and the
// flags that change what Terraform and the framework do per resource, of
// sendblue_webhook and sendblue_account_webhooks (the entries of its maps
// included).
func TestSameAttributesAsTheProvider(t *testing.T) {
	for _, tc := range []struct {
		name        string
		prov, floor resource.Resource
	}{
		{"sendblue_webhook", provider.NewWebhookResource(), webhook{}},
		{"sendblue_account_webhooks", provider.NewAccountWebhooksResource(), accountWebhooks{}},
	} {
		t.Run(tc.name, func(t *testing.T) { sameAttributes(t, tc.prov, tc.floor) })
	}
}

func sameAttributes(t *testing.T, provRes, floorRes resource.Resource) {
	ctx := context.Background()
	var prov, floor resource.SchemaResponse
	provRes.Schema(ctx, resource.SchemaRequest{}, &prov)
	floorRes.Schema(ctx, resource.SchemaRequest{}, &floor)
	if prov.Diagnostics.HasError() || floor.Diagnostics.HasError() {
		t.Fatalf("schema diagnostics: %v %v", prov.Diagnostics, floor.Diagnostics)
	}

	want, got := shape("", prov.Schema.Attributes), shape("", floor.Schema.Attributes)
	for name, w := range want {
		if g, ok := got[name]; !ok {
			t.Errorf("the floor lacks %s (%s)", name, w)
		} else if g != w {
			t.Errorf("%s: the floor has %s, the provider %s", name, g, w)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("the floor has %s, which the provider does not", name)
		}
	}
	if len(prov.Schema.Blocks) != len(floor.Schema.Blocks) {
		t.Errorf("blocks: the provider has %d, the floor %d", len(prov.Schema.Blocks), len(floor.Schema.Blocks))
	}
	if prov.Schema.Version != floor.Schema.Version {
		t.Errorf("schema version: the provider has %d, the floor %d", prov.Schema.Version, floor.Schema.Version)
	}
	if t.Failed() {
		names := make([]string, 0, len(want))
		for n := range want {
			names = append(names, n)
		}
		sort.Strings(names)
		t.Logf("the provider's attributes: %v", names)
	}
}

// shape flattens attributes (nested ones as parent.child) to a description of
// what matters to the framework's per-resource work. Types compare as
// Terraform sees them: timeouts' own value type is an object to Terraform.
func shape(prefix string, attrs map[string]schema.Attribute) map[string]string {
	out := map[string]string{}
	for name, a := range attrs {
		out[prefix+name] = fmt.Sprintf("%s optional=%t computed=%t required=%t sensitive=%t write-only=%t",
			a.GetType().TerraformType(context.Background()), a.IsOptional(), a.IsComputed(), a.IsRequired(), a.IsSensitive(), a.IsWriteOnly())
		switch n := a.(type) {
		case schema.SingleNestedAttribute:
			maps.Copy(out, shape(prefix+name+".", n.Attributes))
		case schema.MapNestedAttribute:
			maps.Copy(out, shape(prefix+name+"[*].", n.NestedObject.Attributes))
		}
	}
	return out
}
