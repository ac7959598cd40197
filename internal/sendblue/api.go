package sendblue

import (
	"context"
)

// API is the four webhook calls. *Client implements it against HTTP; the
// Account layer is built on it, and tests may fake it.
type API interface {
	// List returns the account's whole configuration (GET).
	List(ctx context.Context) (*Configuration, error)
	// Add appends webhooks of one type (POST). The answer's configuration is
	// documented as "partial": callers must not take it as the whole account.
	Add(ctx context.Context, req AddRequest) (*Configuration, error)
	// Replace overwrites the whole configuration (PUT).
	Replace(ctx context.Context, cfg *Configuration) (*Configuration, error)
	// Delete removes URLs of one type (DELETE with a JSON body).
	Delete(ctx context.Context, req DeleteRequest) error
}
