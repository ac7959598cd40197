package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// operation is one of a resource's operations, for its time budget.
type operation int

const (
	opCreate operation = iota
	opRead
	opUpdate
	opDelete
)

// budget returns how to read the operation's timeout from a resource's
// `timeouts`, and its default.
func (op operation) budget(t timeouts.Value) (func(context.Context, time.Duration) (time.Duration, diag.Diagnostics), time.Duration) {
	switch op {
	case opCreate:
		return t.Create, defaultCreateTimeout
	case opUpdate:
		return t.Update, defaultUpdateTimeout
	case opDelete:
		return t.Delete, defaultDeleteTimeout
	}
	return t.Read, defaultReadTimeout
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
	get, def := op.budget(*t)
	return operationContext(ctx, get, def, diags)
}

// from reads a model from a plan, a state or a configuration, for begin.
func from(ctx context.Context, src modelGetter, target any) func() diag.Diagnostics {
	return func() diag.Diagnostics { return src.Get(ctx, target) }
}

// modelGetter is a plan, a state or a configuration.
type modelGetter interface {
	Get(ctx context.Context, target any) diag.Diagnostics
}

// operationContext bounds ctx by an operation's timeout: the one set in the
// resource's `timeouts` (read through get), else def. It reports false
// when the block holds a value that is not a duration.
func operationContext(ctx context.Context, get func(context.Context, time.Duration) (time.Duration, diag.Diagnostics), def time.Duration, diags *diag.Diagnostics) (context.Context, context.CancelFunc, bool) {
	timeout, d := get(ctx, def)
	diags.Append(d...)
	if d.HasError() {
		return ctx, func() {}, false
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	return ctx, cancel, true
}
