package sendblue

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
)

// limitErr stands for a caller's own reason for its deadline.
type limitErr struct{}

func (limitErr) Error() string { return "the caller's limit ran out" }
func (limitErr) Unwrap() error { return context.DeadlineExceeded }

// A deadline that ends an attempt in flight is reported with the caller's
// cause (context.Cause), so the caller can name its limit; one that comes
// before the next attempt is named by WithDeadlineName, and the error says
// retrying stopped because of it.
func TestDeadlineIsNamedInTheError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m := mock.New(mock.Options{})
		m.FailNext(1000, mock.HangFault())
		c := defaultClient(t, m) // 30s per attempt
		ctx, cancel := context.WithTimeoutCause(context.Background(), 10*time.Second, limitErr{})
		defer cancel()
		_, err := c.List(ctx)
		if !errors.As(err, new(limitErr)) || !strings.Contains(err.Error(), "GET /api/account/webhooks: the operation's time budget ran out during attempt 1") {
			t.Errorf("in flight: %v", err)
		}
	})
	synctest.Test(t, func(t *testing.T) {
		m := mock.New(mock.Options{})
		m.FailNext(1000, mock.HangFault())
		c, err := New(Config{BaseURL: "https://api.sendblue.invalid", APIKey: mock.DefaultAPIKey, APISecret: mock.DefaultAPISecret,
			Timeout: time.Second, Retry: RetryPolicy{WaitMin: 5 * time.Second, WaitMax: 5 * time.Second}, HTTPClient: defaultClient(t, m).http})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(WithDeadlineName(context.Background(), `timeouts.read = "3s"`), 3*time.Second)
		defer cancel()
		_, err = c.List(ctx)
		e, ok := AsAPIError(err)
		if !ok || e.DeadlineFirst != `timeouts.read = "3s"` || e.Failure != FailureTimeout || e.AttemptTimeout != time.Second ||
			!strings.Contains(err.Error(), `stopped retrying because timeouts.read = "3s" ends before the next attempt`) {
			t.Errorf("before the next attempt: %v", err)
		}
	})
}
