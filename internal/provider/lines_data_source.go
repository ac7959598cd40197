package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

var _ datasource.DataSourceWithConfigure = (*linesDataSource)(nil)

// NewLinesDataSource returns the sendblue_lines data source: the account's
// lines from the line state, read once per provider configuration (shared
// with the plan-time checks that need it).
func NewLinesDataSource() datasource.DataSource { return &linesDataSource{} }

type linesDataSource struct {
	data *providerData
}

func (d *linesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_lines"
}

func (d *linesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *linesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg linesDataModel
	ctx, cancel, ok := beginDataSourceRead(ctx, d.data, req.Config, &cfg, func() timeouts.Value { return cfg.Timeouts }, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	s, err := d.data.lineState(ctx)
	if err != nil {
		addLineError(&resp.Diagnostics, "read", aboutLineState, err)
		return
	}
	cfg.fill(s)
	tflog.Debug(ctx, "listed lines", map[string]any{"count": len(cfg.Lines)})
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}
