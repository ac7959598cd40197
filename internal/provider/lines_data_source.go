package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// NewLinesDataSource returns the sendblue_lines data source: the account's
// lines from the line state, read once per provider configuration (shared
// with the plan-time checks that need it).
func NewLinesDataSource() datasource.DataSource {
	return newDataSource("lines", linesSchema, readLines)
}

// readLines fills sendblue_lines from the line state.
func readLines(ctx context.Context, data *providerData, m *linesDataModel, diags *diag.Diagnostics) {
	s, err := data.lineState(ctx)
	if err != nil {
		addLineError(diags, "read", aboutLineState, err)
		return
	}
	m.fill(s)
	tflog.Debug(ctx, "listed lines", map[string]any{"count": len(m.Lines)})
}
