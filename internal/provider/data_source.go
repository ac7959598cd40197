package provider

import (
	"context"

	dtimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
)

var _ datasource.DataSourceWithConfigure = (*dataSource[linesDataModel, *linesDataModel])(nil)

// dataSource is one of the provider's data sources: its name (in
// configured), its schema, and fill, which computes the attributes of its
// model M, the configuration as read, from the account.
type dataSource[M any, PM modelPointer[M]] struct {
	configured
	schema func(context.Context) schema.Schema
	fill   func(context.Context, *providerData, PM, *diag.Diagnostics)
}

// dataSourceModel is the model of a data source, with its `timeouts`.
type dataSourceModel interface {
	readTimeouts() dtimeouts.Value
}

// modelPointer is *M, a data source's model.
type modelPointer[M any] interface {
	*M
	dataSourceModel
}

// newDataSource is the data source sendblue_<name>.
func newDataSource[M any, PM modelPointer[M]](name string, schema func(context.Context) schema.Schema, fill func(context.Context, *providerData, PM, *diag.Diagnostics)) datasource.DataSource {
	return &dataSource[M, PM]{configured: configured{name: name}, schema: schema, fill: fill}
}

func (d *dataSource[M, PM]) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + d.name
}

func (d *dataSource[M, PM]) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *dataSource[M, PM]) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = d.schema(ctx)
}

// Read checks that the provider is configured, reads the configuration,
// bounds ctx by its read timeout and masks the API secret; then fill
// computes the model (diags say what failed), and the model is the new
// state.
func (d *dataSource[M, PM]) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	diags := &resp.Diagnostics
	if !d.data.ready(diags) {
		return
	}
	m := PM(new(M))
	diags.Append(req.Config.Get(ctx, m)...)
	if diags.HasError() {
		return
	}
	ctx, cancel, ok := operationContext(ctx, m.readTimeouts().Read, diags)
	if !ok {
		return
	}
	defer cancel()
	ctx = d.data.mask(ctx)
	d.fill(ctx, d.data, m, diags)
	if !diags.HasError() {
		diags.Append(resp.State.Set(ctx, m)...)
	}
}
