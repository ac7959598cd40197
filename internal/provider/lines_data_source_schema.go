package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// linesSchema is the schema of sendblue_lines.
func linesSchema(ctx context.Context) schema.Schema {
	computed := computedString
	return schema.Schema{
		MarkdownDescription: "Lists the lines of the Sendblue account (its phone numbers), with their assignment and status, " +
			"as the API's line state reports them. Feed `for_each` of `sendblue_line_call_forwarding` and the `sendblue_numbers` " +
			"of a `receive` webhook from it instead of copying numbers into configuration.",
		Attributes: map[string]schema.Attribute{
			"status": filter{
				description: "List lines with this status only: one of " + codeList(sendblue.LineStatuses, "or") + ". Default: unset, every status.",
				values:      sendblue.LineStatuses,
			}.dataSource(),
			"assignment": filter{
				description: "List lines with this assignment only: one of " + codeList(sendblue.LineAssignments, "or") + ". Default: unset, every assignment.",
				values:      sendblue.LineAssignments,
			}.dataSource(),
			"lines": schema.ListNestedAttribute{
				Computed: true,
				MarkdownDescription: "The lines that pass the filters, sorted by number (lines without a number last). " +
					"A line without a number (one being set up or released) is listed with `sendblue_number = null`. Empty when none.",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"sendblue_number":   computed("The line's number in E.164 form, such as `+12125550101`; null for a line without a number."),
						"assignment":        computed("How the line is assigned: " + codeList(sendblue.LineAssignments, "or") + "."),
						"status":            computed("The line's health: " + codeList(sendblue.LineStatuses, "or") + "."),
						"status_changed_at": computed("When the status last changed (RFC 3339 as the API gives it); null when the API does not say."),
						"degraded_since":    computed("Since when the line has been degraded; null when it is not, or the API does not say."),
						"effective_until":   computed("Until when the assignment holds (a line in its grace period, say); null when the API does not say."),
					},
				},
			},
			"sendblue_numbers": computedNumbers("The numbers of the listed lines that have one: ready for `for_each` or for the `sendblue_numbers` " +
				"of a `receive` webhook."),
			"snapshot_at": computed("When the API took the line state it answered with."),
			"timeouts":    dataSourceTimeoutsAttribute(ctx),
		},
	}
}
