package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// lineStateCache is the account's line state as read once per provider
// configuration (one Terraform command): the sendblue_lines data source, the
// plan-time checks of sendblue_line_call_forwarding and sendblue_webhook,
// and the list resource share one read. The zero value is ready to use.
type lineStateCache struct {
	mu    sync.Mutex
	done  bool
	state *sendblue.LineState
	err   error
}

// lineState returns the account's line state, reading it at the first call.
// A read the caller gave up on (its context ended) is not kept, so the next
// caller reads again; an answer of the API, error or not, is kept.
func (d *providerData) lineState(ctx context.Context) (*sendblue.LineState, error) {
	c := &d.lines
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.done {
		return c.state, c.err
	}
	s, err := d.client.LineState(ctx)
	if err != nil && ctx.Err() != nil {
		return nil, err
	}
	c.state, c.err, c.done = s, err, true
	return s, err
}

// aboutLine is a call about one line's call forwarding.
func aboutLine(number string) about {
	return about{what: "Sendblue line call forwarding", prefix: fmt.Sprintf("line %s: ", number)}
}

// aboutLineState is the read of the account's line state.
var aboutLineState = about{what: "the Sendblue account's lines"}

// addLineError is addAPIError for the lines calls, with what a 403 under an
// access token means for them (lineTokenScope).
func addLineError(diags *diag.Diagnostics, op string, a about, err error) {
	var ae *sendblue.APIError
	if !errors.As(err, &ae) || ae.StatusCode != 403 || !ae.Token {
		addAPIError(diags, op, a, err)
		return
	}
	what := "this line"
	if a.prefix == "" {
		what = "the state of every line of the account"
	}
	diags.AddError("Sendblue refused the access token",
		fmt.Sprintf("%s%s %s: HTTP 403: %s\n\nThe access token may not read or change %s. %s",
			a.prefix, ae.Method, ae.Path, ae.Message, what, lineTokenScope))
}

// lineNotOnAccount is the detail of an error about a line the account does
// not have, naming the lines it has (when the line state could be read).
func (d *providerData) lineNotOnAccount(ctx context.Context, number string) string {
	msg := fmt.Sprintf("The Sendblue account has no line %s (the API answered 404 for it).", number)
	if s, err := d.lineState(ctx); err == nil {
		nums := s.Numbers()
		switch len(nums) {
		case 0:
			msg += " The account has no line with a number."
		default:
			msg += fmt.Sprintf(" Its lines are %s.", strings.Join(nums, ", "))
		}
	}
	return msg + " Check sendblue_number (the data source sendblue_lines lists the account's lines). Nothing was changed."
}

// warnUnknownLines warns, at plan time, about numbers of a receive
// webhook's sendblue_numbers that are not lines of the account: such a
// webhook never receives a delivery for them. It reads the line state once
// per provider configuration (shared), and says nothing when that cannot be
// read (a line-scoped token gets a 403, for one): it is a hint, never a
// reason to fail a plan.
func (d *providerData) warnUnknownLines(ctx context.Context, nums []string, resp *resource.ModifyPlanResponse) {
	if d == nil || d.client == nil || len(nums) == 0 {
		return
	}
	s, err := d.lineState(ctx)
	if err != nil {
		tflog.Debug(ctx, "could not read the account's lines to check sendblue_numbers; not checking", map[string]any{"error": err.Error()})
		return
	}
	for _, n := range nums {
		if s.Has(n) {
			continue
		}
		have := "none with a number"
		if all := s.Numbers(); len(all) > 0 {
			have = fmt.Sprint(all)
		}
		resp.Diagnostics.AddAttributeWarning(path.Root("sendblue_numbers"), "Not a line of this Sendblue account",
			fmt.Sprintf("sendblue_numbers names %s, which is not one of the account's lines (%s), so this webhook never receives a "+
				"message for it. Check the number; the data source sendblue_lines lists the account's lines.", n, have))
	}
}
