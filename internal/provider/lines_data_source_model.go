package provider

import (
	"cmp"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// linesDataModel is the sendblue_lines data source.
type linesDataModel struct {
	lineStatus                      // the filters
	Lines           []linesDataLine `tfsdk:"lines"`
	SendblueNumbers types.Set       `tfsdk:"sendblue_numbers"`
	SnapshotAt      types.String    `tfsdk:"snapshot_at"`
	dataSourceTimeouts
}

// linesDataLine is one line of sendblue_lines.
type linesDataLine struct {
	SendblueNumber types.String `tfsdk:"sendblue_number"`
	lineStatus
	StatusChangedAt types.String `tfsdk:"status_changed_at"`
	DegradedSince   types.String `tfsdk:"degraded_since"`
	EffectiveUntil  types.String `tfsdk:"effective_until"`
}

// lineStatus is a line's assignment and status: attributes of each line
// sendblue_lines lists, and its filters.
type lineStatus struct {
	Assignment types.String `tfsdk:"assignment"`
	Status     types.String `tfsdk:"status"`
}

// fill sets the computed attributes from the line state, keeping the lines
// that pass the model's filters, sorted by number (lines without one last,
// by worker).
func (m *linesDataModel) fill(s *sendblue.LineState) {
	lines := slices.Clone(s.Lines)
	lines = slices.DeleteFunc(lines, func(l sendblue.Line) bool {
		return (!m.Status.IsNull() && l.Status != m.Status.ValueString()) ||
			(!m.Assignment.IsNull() && l.Assignment != m.Assignment.ValueString())
	})
	slices.SortStableFunc(lines, func(a, b sendblue.Line) int {
		noNumber := func(l sendblue.Line) int {
			if l.SendblueNumber == "" {
				return 1
			}
			return 0
		}
		return cmp.Or(cmp.Compare(noNumber(a), noNumber(b)), strings.Compare(a.SendblueNumber, b.SendblueNumber),
			strings.Compare(a.WorkerID, b.WorkerID))
	})
	m.Lines = make([]linesDataLine, 0, len(lines))
	var nums []string
	for _, l := range lines {
		m.Lines = append(m.Lines, linesDataLine{
			SendblueNumber:  optionalString(l.SendblueNumber),
			lineStatus:      lineStatus{Assignment: types.StringValue(l.Assignment), Status: types.StringValue(l.Status)},
			StatusChangedAt: optionalString(l.StatusChangedAt),
			DegradedSince:   optionalString(l.DegradedSince),
			EffectiveUntil:  optionalString(l.EffectiveUntil),
		})
		if l.SendblueNumber != "" {
			nums = append(nums, l.SendblueNumber)
		}
	}
	m.SendblueNumbers = numbersValue(nums)
	if len(nums) == 0 {
		m.SendblueNumbers = types.SetValueMust(types.StringType, nil)
	}
	m.SnapshotAt = optionalString(s.SnapshotAt)
}
