package sendblue

import "context"

// deadlineNameKey is the context key of WithDeadlineName.
type deadlineNameKey struct{}

// WithDeadlineName returns ctx with a name for its deadline, as the caller's
// user knows it (say, the setting it comes from), so that an error of a call
// whose retries stopped because that deadline came first can name it.
func WithDeadlineName(ctx context.Context, name string) context.Context {
	return context.WithValue(ctx, deadlineNameKey{}, name)
}

// deadlineName is the name WithDeadlineName gave ctx's deadline, if any.
func deadlineName(ctx context.Context) string {
	s, _ := ctx.Value(deadlineNameKey{}).(string)
	return s
}
