package provider

import (
	"context"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// webhookModel's get and value convert exactly as tfsdk's Get and Set do,
// for known, null and unknown values of every attribute.
func TestWebhookModel_getAndValueAsTfsdk(t *testing.T) {
	ctx := context.Background()
	var sr resource.SchemaResponse
	(&webhookResource{}).Schema(ctx, resource.SchemaRequest{}, &sr)
	timeoutsType, ok := webhookAttrTypes()["timeouts"].(timeouts.Type)
	if !ok {
		t.Fatalf("timeouts is a %T", webhookAttrTypes()["timeouts"])
	}
	timeoutTypes := timeoutsType.AttrTypes
	numbers, diags := types.SetValueFrom(ctx, types.StringType, []string{"+15551230001", "+15551230002"})
	if diags.HasError() {
		t.Fatal(diags)
	}
	models := map[string]webhookModel{
		"known": {
			ID: types.StringValue("receive:https://h.example.com/a"), webhookIdentityModel: webhookIdentity("receive", "https://h.example.com/a"),
			Secret: types.StringValue("s"), SecretWO: types.StringNull(),
			SecretWOVersion: types.Int64Value(3), GlobalSecret: types.StringValue("g"), SendblueNumbers: numbers,
			Timeouts: timeouts.Value{Object: types.ObjectValueMust(timeoutTypes, map[string]attr.Value{
				"create": types.StringValue("5m"), "read": types.StringNull(), "update": types.StringNull(), "delete": types.StringValue("1m"),
			})},
		},
		"null": {
			ID: types.StringNull(), webhookIdentityModel: webhookIdentityModel{URL: types.StringNull(), Type: types.StringNull()}, Secret: types.StringNull(), SecretWO: types.StringNull(),
			SecretWOVersion: types.Int64Null(), GlobalSecret: types.StringNull(), SendblueNumbers: types.SetNull(types.StringType),
			Timeouts: timeouts.Value{Object: types.ObjectNull(timeoutTypes)},
		},
		"unknown": {
			ID: types.StringUnknown(), webhookIdentityModel: webhookIdentityModel{URL: types.StringValue("https://h.example.com/b"), Type: types.StringUnknown()}, Secret: types.StringNull(),
			SecretWO: types.StringValue("wo"), SecretWOVersion: types.Int64Unknown(), GlobalSecret: types.StringUnknown(),
			SendblueNumbers: types.SetUnknown(types.StringType), Timeouts: timeouts.Value{Object: types.ObjectUnknown(timeoutTypes)},
		},
	}
	for name, m := range models {
		t.Run(name, func(t *testing.T) {
			want := tfsdk.Plan{Schema: sr.Schema, Raw: tftypes.NewValue(sr.Schema.Type().TerraformType(ctx), nil)}
			if diags := want.Set(ctx, &m); diags.HasError() {
				t.Fatal(diags)
			}
			got, diags := m.value(ctx, want.Raw.Type())
			if diags.HasError() {
				t.Fatal(diags)
			}
			if !got.Equal(want.Raw) {
				t.Errorf("value:\n got %v\nwant %v", got, want.Raw)
			}
			var viaTfsdk, viaGet webhookModel
			if diags := want.Get(ctx, &viaTfsdk); diags.HasError() {
				t.Fatal(diags)
			}
			if diags := viaGet.get(ctx, want.Raw); diags.HasError() {
				t.Fatal(diags)
			}
			if !reflect.DeepEqual(viaGet, viaTfsdk) {
				t.Errorf("get:\n got %+v\nwant %+v", viaGet, viaTfsdk)
			}
			if !reflect.DeepEqual(viaGet, m) {
				t.Errorf("get does not give back the model:\n got %+v\nwant %+v", viaGet, m)
			}
		})
	}
	// An object of another shape is an error, not a partial model.
	var m webhookModel
	if diags := m.get(ctx, tftypes.NewValue(tftypes.Object{AttributeTypes: map[string]tftypes.Type{"url": tftypes.String}},
		map[string]tftypes.Value{"url": tftypes.NewValue(tftypes.String, "x")})); !diags.HasError() {
		t.Error("get of an object without the model's attributes succeeded")
	}
}
