package provider

import (
	"context"
	"fmt"
	"time"

	dtimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// Default timeouts of a resource's operations: the time budget of each,
// retries included. Reads (refresh, plan, the data source) get two minutes,
// so that a plan against an API that never answers fails within that and
// says why; writes get longer, to ride out an outage mid-apply.
const (
	defaultCreateTimeout = 10 * time.Minute
	defaultReadTimeout   = sendblue.DefaultBudget
	defaultUpdateTimeout = 10 * time.Minute
	defaultDeleteTimeout = 10 * time.Minute
)

// dataSourceTimeouts is the `timeouts` of a data source, embedded in its
// model.
type dataSourceTimeouts struct {
	Timeouts dtimeouts.Value `tfsdk:"timeouts"`
}

func (t *dataSourceTimeouts) readTimeouts() dtimeouts.Value { return t.Timeouts }

// timeoutsAttribute is the `timeouts` attribute of the provider's resources
// (nested attributes: `timeouts = { create = "5m" }`), with descriptions
// that state each default.
func timeoutsAttribute(ctx context.Context) schema.Attribute {
	return describedTimeouts(timeouts.Attributes(ctx, timeouts.Opts{
		Create: true, Read: true, Update: true, Delete: true,
		CreateDescription: describeTimeout("creating", defaultCreateTimeout),
		ReadDescription:   describeTimeout("reading (refresh, plan)", defaultReadTimeout),
		UpdateDescription: describeTimeout("updating", defaultUpdateTimeout),
		DeleteDescription: describeTimeout("deleting", defaultDeleteTimeout),
	}))
}

// dataSourceTimeoutsAttribute is the `timeouts` attribute of the data
// sources: `timeouts = { read = "5m" }`.
func dataSourceTimeoutsAttribute(ctx context.Context) dschema.Attribute {
	return describedTimeouts(dtimeouts.AttributesWithOpts(ctx, dtimeouts.Opts{
		ReadDescription: describeTimeout("reading the account", defaultReadTimeout),
	}))
}

// describedTimeouts is a `timeouts` attribute that the library built (a
// single nested attribute, as it documents) described by
// timeoutsDescription. (The library gives its attributes plain
// descriptions; these hold no Markdown.) Anything else keeps the library's
// own description.
func describedTimeouts[A any](attribute A) A {
	var described any
	switch a := any(attribute).(type) {
	case schema.SingleNestedAttribute:
		a.MarkdownDescription = timeoutsDescription
		described = a
	case dschema.SingleNestedAttribute:
		a.MarkdownDescription = timeoutsDescription
		described = a
	}
	if a, ok := described.(A); ok {
		return a
	}
	return attribute
}

// timeoutsDescription describes a `timeouts` attribute.
const timeoutsDescription = "Time budgets of the operations, retries included, such as `timeouts = { read = \"5m\" }`. " +
	"Changing them changes nothing on the account."

// describeTimeout describes one attribute of a `timeouts` attribute, stating its
// default.
func describeTimeout(op string, d time.Duration) string {
	return fmt.Sprintf("How long %s may take, retries included, as a duration such as \"30s\" or \"10m\" (units s, m, h). "+
		"When it runs out, retrying stops and the error names the request, the attempts and the time spent. Default: %s.", op, shortDuration(d))
}

// shortDuration prints 10m0s as 10m.
func shortDuration(d time.Duration) string {
	if d%time.Minute == 0 {
		return fmt.Sprintf("%dm", int(d/time.Minute))
	}
	return d.String()
}
