package sendblue

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// AccountOptions tunes an Account. The zero value is ready to use.
type AccountOptions struct {
	// Retry bounds the look-then-retry loops after a write failed with an
	// ambiguous or transient error; zero fields take DefaultRetryPolicy's.
	Retry RetryPolicy
	// BatchWindow is how long a write waits for companions of the same kind
	// before it is sent; each companion restarts the wait, up to 10 windows
	// in all, and a batch goes at once when every write in progress is
	// waiting. 0 means 100ms; a negative value sends every write on its own
	// at once.
	BatchWindow time.Duration
	// MaxBatch is the most webhooks one add or delete call carries; 0 means 100.
	MaxBatch int
	// Log, when set, receives what the account layer does. URLs and types
	// are logged, secrets never.
	Log LogFunc
	// APIRetries says that api itself already tries again the failures
	// that certainly did not apply (429, a refused connection), under the
	// same policy as Retry, as a Client allowed more than one attempt
	// does; this layer then loops over ambiguous failures only, so that
	// the attempts are not multiplied.
	APIRetries bool
}

// Defaults of AccountOptions.
const (
	defaultBatchWindow = 100 * time.Millisecond
	defaultMaxBatch    = 100
)

// Account is the layer the Terraform provider talks to instead of the raw
// API. It exists because of four needs the API alone does not meet: a plan
// over hundreds of webhooks must list the account once, not once per
// resource (Snapshot); an apply of hundreds must not make one call per
// webhook (writes are batched); a write whose answer was lost may still have
// been applied, and adding a URL twice may duplicate it, so after such a
// failure the account is listed before anything is tried again; and nothing
// may be lost or doubled on the way. It is safe for concurrent use.
type Account struct {
	api   API
	retry RetryPolicy
	// clientRetries is true when api already retries transient failures
	// that certainly did not apply (429, connection refused) under the
	// policy, so that this layer only loops over ambiguous ones.
	clientRetries bool
	window        time.Duration
	maxBatch      int
	logf          LogFunc

	// Locks, in the order they are taken: nobody waits for a lock while
	// holding one later in the list, and nothing is waited for (a channel,
	// a context, an API call) while a mutex is held.
	//
	//  1. replacing: the semaphore of ReplaceAll, held for its whole run.
	//  2. gate (gate.go): shut by ReplaceAll (alone), entered by each batch
	//     (shared) for its API calls; both wait for it holding no mutex
	//     (flushLocked's tryEnter, under bmu, does not wait).
	//  3. bmu: the batches (batch.go).
	//  4. mu: the snapshot (snapshot.go); Create takes it inside bmu.
	//  5. leaves, taken inside bmu or mu and never with each other:
	//     writeGate.mu (gate.go) and callerGroup.mu (sharedcall.go).
	//
	// A Client has leaf locks of its own (genMu, knownMu in client.go).

	// mu guards the snapshot: the generation counter, the cached view, the
	// list in flight and lastWrite.
	mu      sync.Mutex
	gen     uint64 // bumped by every invalidation
	view    *View  // cached view, valid while view.gen == gen
	last    *View  // the latest view listed, even once invalidated
	listing *listCall
	// lastWrite is the generation right after this process last settled a
	// write of a (type, url); a Create that checked an older view checks
	// again. Entries older than the cached view are pruned.
	lastWrite map[Ref]uint64

	// bmu guards the open batches, the members' states and pending.
	bmu  sync.Mutex
	open map[batchKey]*batch
	// pending holds the (type, url) of adds and rotations not yet settled,
	// so that the same URL is never added twice by this process at once.
	pending map[Ref]struct{}
	// writers counts the Create, Delete and Rotate calls in progress.
	// parallel is the most writers there were when a batch's wait ran out,
	// that is when every writer that was coming had come: in a Terraform
	// run, its parallelism. Once that many writes wait in open batches,
	// nobody else can come before one of them is answered, so they go at
	// once instead of waiting out the window.
	writers, parallel int

	// replaceEpoch counts the ReplaceAll calls that have started, and
	// replaceActive is true while one runs (both guarded by mu). A Create
	// notes them before it looks at the account: when they have moved by the
	// time its add may go out, a replace may have put the URL there since,
	// so it looks again (see recheckAdds).
	replaceEpoch  uint64
	replaceActive bool

	// replacing admits one ReplaceAll at a time (a channel so that waiting
	// for it honours the caller's context).
	replacing chan struct{}
	// gate keeps batches and ReplaceAll apart.
	gate writeGate
}

// NewAccount returns an Account over api (usually a *Client).
func NewAccount(api API, opts AccountOptions) *Account {
	a := &Account{
		api:           api,
		retry:         opts.Retry.withDefaults(),
		clientRetries: opts.APIRetries,
		window:        opts.BatchWindow,
		maxBatch:      opts.MaxBatch,
		logf:          opts.Log,
		lastWrite:     map[Ref]uint64{},
		open:          map[batchKey]*batch{},
		pending:       map[Ref]struct{}{},
		replacing:     make(chan struct{}, 1),
	}
	if a.window == 0 {
		a.window = defaultBatchWindow
	}
	if a.maxBatch <= 0 {
		a.maxBatch = defaultMaxBatch
	}
	return a
}

// ExistsError is returned by Create when the URL is already registered under
// the type, because adding it again could leave two entries (the API's
// behaviour for a repeated URL is undocumented).
type ExistsError struct {
	Type WebhookType
	URL  string
}

func (e *ExistsError) Error() string {
	return fmt.Sprintf("sendblue: the URL %s is already registered on the account as a webhook of type %s, and adding it again could register it twice",
		e.URL, e.Type)
}

// log reports to the optional LogFunc.
func (a *Account) log(ctx context.Context, level, msg string, fields map[string]any) {
	if a.logf != nil {
		a.logf(ctx, level, msg, fields)
	}
}

// checkTarget rejects what the API would reject anyway, before batching it
// with others.
func checkTarget(t WebhookType, w Webhook) error {
	if !t.Valid() {
		return fmt.Errorf("sendblue: unknown webhook type %q (want one of %s)", t, strings.Join(WebhookTypeStrings(), ", "))
	}
	if w.URL == "" {
		return errors.New("sendblue: webhook URL is empty")
	}
	return nil
}
