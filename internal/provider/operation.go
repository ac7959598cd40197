package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// operation is one of a resource's operations, for its time budget.
type operation int

const (
	opCreate operation = iota
	opRead
	opUpdate
	opDelete
)

// budget returns the operation's limit: its attribute in a resource's
// `timeouts`, how to read it, and its default.
func (op operation) budget(t timeouts.Value) (limit, func(context.Context, time.Duration) (time.Duration, diag.Diagnostics), time.Duration) {
	switch op {
	case opCreate:
		return limitCreate, t.Create, defaultCreateTimeout
	case opUpdate:
		return limitUpdate, t.Update, defaultUpdateTimeout
	case opDelete:
		return limitDelete, t.Delete, defaultDeleteTimeout
	}
	return limitRead, t.Read, defaultReadTimeout
}

// limit is an attribute of a resource's `timeouts`, as written in HCL.
type limit string

// The limits of a resource's operations.
const (
	limitCreate limit = "timeouts.create"
	limitRead   limit = "timeouts.read"
	limitUpdate limit = "timeouts.update"
	limitDelete limit = "timeouts.delete"
)

// limitReached is why an operation's context ended when its limit ran out:
// the client keeps it in its errors (context.Cause), so that the advice
// names the limit. It is a context.DeadlineExceeded.
type limitReached struct {
	name limit
	d    time.Duration
	set  bool // written in the configuration, not the default
}

func (l *limitReached) Error() string { return l.setting() + " ran out" }

func (l *limitReached) Unwrap() error { return context.DeadlineExceeded }

// setting is the limit as the user writes it, or its default.
func (l *limitReached) setting() string {
	if l.set {
		return fmt.Sprintf("%s = %q", l.name, shortDuration(l.d))
	}
	return fmt.Sprintf("%s (default %s)", l.name, shortDuration(l.d))
}

// begin starts an operation of a resource: it checks that the provider is
// configured, runs each read (which fills a model from the request), and
// bounds ctx by the operation's timeout in *t, the `timeouts` of a model just
// read. ok is false when any of that failed (the diagnostics say why);
// otherwise the caller must call cancel.
func (d *providerData) begin(ctx context.Context, op operation, diags *diag.Diagnostics, t *timeouts.Value, reads ...func() diag.Diagnostics) (_ context.Context, cancel context.CancelFunc, ok bool) {
	if !d.ready(diags) {
		return ctx, func() {}, false
	}
	for _, read := range reads {
		diags.Append(read()...)
	}
	if diags.HasError() {
		return ctx, func() {}, false
	}
	name, get, def := op.budget(*t)
	return limitContext(ctx, name, get, def, diags)
}

// run runs an operation of a resource: begin, with the one read that fills
// its model, then fn with the operation's context, then cancel. fn does not
// run when begin failed (diags say why).
func (d *providerData) run(ctx context.Context, op operation, diags *diag.Diagnostics, t *timeouts.Value, read func() diag.Diagnostics, fn func(context.Context)) {
	ctx, cancel, ok := d.begin(ctx, op, diags, t, read)
	if !ok {
		return
	}
	defer cancel()
	fn(ctx)
}

// reading is the reads of several models as one, for run.
func reading(reads ...func() diag.Diagnostics) func() diag.Diagnostics {
	return func() diag.Diagnostics {
		var diags diag.Diagnostics
		for _, read := range reads {
			diags.Append(read()...)
		}
		return diags
	}
}

// from reads a model from a plan, a state or a configuration, for begin.
func from(ctx context.Context, src modelGetter, target any) func() diag.Diagnostics {
	return func() diag.Diagnostics { return src.Get(ctx, target) }
}

// modelGetter is a plan, a state or a configuration.
type modelGetter interface {
	Get(ctx context.Context, target any) diag.Diagnostics
}

// operationContext bounds a read outside a resource's operations (a plan's
// look at the account, a data source) by its `timeouts.read`, read through
// get, else its default; see limitContext.
func operationContext(ctx context.Context, get func(context.Context, time.Duration) (time.Duration, diag.Diagnostics), diags *diag.Diagnostics) (context.Context, context.CancelFunc, bool) {
	return limitContext(ctx, limitRead, get, defaultReadTimeout, diags)
}

// limitContext bounds ctx by an operation's timeout, the limit name: the
// one set in the resource's `timeouts` (read through get), else def. When it
// runs out, the context's cause names it (limitReached), and so does the
// deadline's name for the client (sendblue.WithDeadlineName). It reports
// false when the block holds a value that is not a duration.
func limitContext(ctx context.Context, name limit, get func(context.Context, time.Duration) (time.Duration, diag.Diagnostics), def time.Duration, diags *diag.Diagnostics) (context.Context, context.CancelFunc, bool) {
	timeout, d := get(ctx, -1) // -1: not set
	diags.Append(d...)
	if d.HasError() {
		return ctx, func() {}, false
	}
	set := timeout >= 0
	if !set {
		timeout = def
	}
	l := &limitReached{name: name, d: timeout, set: set}
	ctx, cancel := context.WithTimeoutCause(sendblue.WithDeadlineName(ctx, l.setting()), timeout, l)
	return ctx, cancel, true
}
