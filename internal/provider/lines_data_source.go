package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

var _ datasource.DataSourceWithConfigure = (*linesDataSource)(nil)

// NewLinesDataSource returns the sendblue_lines data source: the account's
// lines from the line state, read once per provider configuration (shared
// with the plan-time checks that need it).
func NewLinesDataSource() datasource.DataSource {
	return &linesDataSource{dataSourceNamed("lines")}
}

type linesDataSource struct{ configuredDataSource }

func (d *linesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg linesDataModel
	d.read(ctx, req, resp, &cfg, func(ctx context.Context, diags *diag.Diagnostics) {
		s, err := d.data.lineState(ctx)
		if err != nil {
			addLineError(diags, "read", aboutLineState, err)
			return
		}
		cfg.fill(s)
		tflog.Debug(ctx, "listed lines", map[string]any{"count": len(cfg.Lines)})
	})
}
