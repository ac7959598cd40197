package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

func (r *lineCallForwardingResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The per-line call forwarding of one of the account's Sendblue lines: where inbound calls to the line go. " +
			"When a call arrives, a seat's own forwarding wins over this, and this over the company's default forwarding number. " +
			"Destroying the resource clears the line's forwarding, so that calls fall back to the company default. " +
			"Creating it on a line that already forwards calls elsewhere fails at plan (import it instead); on a line that already " +
			"forwards to the same number it adopts the setting without a change.",
		Attributes: map[string]schema.Attribute{
			"id": idAttribute("The line's number, as `sendblue_number` (the import ID)."),
			"sendblue_number": replacing(requiredString("The Sendblue line, by its number in E.164 form (such as `+12125550101`); it must be one of the account's lines "+
				"(see the `sendblue_lines` data source). Changing it replaces the resource: the old line's forwarding is cleared.", e164Validator)),
			"forwarding_number": requiredString("The number inbound calls to the line are forwarded to, in E.164 form (such as `+16692138010`). "+
				"Sendblue stores numbers in E.164, so other forms are refused at plan with the E.164 form to write instead "+
				"(a US number in local format such as `2125550199` is `+12125550199`). A change made outside Terraform shows as drift.", forwardingNumberValidator),
			"timeouts": timeoutsAttribute(ctx),
		},
	}
}

// forwardingNumberValidator refuses a forwarding number that is not E.164,
// suggesting the E.164 form when the number is a US number in local format:
// the API would store that form, and config and state would differ forever.
var forwardingNumberValidator = stringCheck{
	described: "must be an E.164 phone number: + and 8 to 15 digits, such as +16692138010",
	summary:   "Invalid forwarding number",
	check:     checkForwardingNumber,
	detail:    "%[2]q in %[1]s %[3]s.",
}

func checkForwardingNumber(s string) string {
	if e164.MatchString(s) {
		return ""
	}
	if fixed, ok := suggestE164(s); ok {
		return fmt.Sprintf("is not in E.164 form; write %q instead. Sendblue stores forwarding numbers in E.164 form, "+
			"so any other form would show as a change on every plan", fixed)
	}
	return "is not an E.164 phone number: it must be + and 8 to 15 digits without spaces, such as +16692138010"
}

// suggestE164 is the E.164 form of a number in a form the API accepts and
// normalises: a US number in local format (10 digits, or 11 starting with
// 1), or an E.164 number written with spaces, dots, dashes or parentheses.
func suggestE164(s string) (string, bool) {
	plus := strings.HasPrefix(s, "+")
	var digits strings.Builder
	for _, r := range strings.TrimPrefix(s, "+") {
		switch {
		case r >= '0' && r <= '9':
			digits.WriteRune(r)
		case strings.ContainsRune(" .-()", r):
		default:
			return "", false
		}
	}
	d := digits.String()
	switch {
	case plus && e164.MatchString("+"+d):
		return "+" + d, true
	case !plus && len(d) == 10 && d[0] >= '2':
		return "+1" + d, true
	case !plus && len(d) == 11 && d[0] == '1' && d[1] >= '2':
		return "+" + d, true
	}
	return "", false
}
