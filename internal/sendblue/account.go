package sendblue

import (
	"context"
	"errors"
	"fmt"
	"slices"
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
	lastWrite map[viewKey]uint64

	// bmu guards the open batches, the members' states and pending.
	bmu  sync.Mutex
	open map[batchKey]*batch
	// pending holds the (type, url) of adds and rotations not yet settled,
	// so that the same URL is never added twice by this process at once.
	pending map[viewKey]struct{}
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
		api:       api,
		retry:     opts.Retry.withDefaults(),
		window:    opts.BatchWindow,
		maxBatch:  opts.MaxBatch,
		logf:      opts.Log,
		lastWrite: map[viewKey]uint64{},
		open:      map[batchKey]*batch{},
		pending:   map[viewKey]struct{}{},
		replacing: make(chan struct{}, 1),
	}
	if c, ok := api.(*Client); ok {
		a.clientRetries = c.RetryPolicy().MaxAttempts > 1
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
// behaviour for a repeated URL is undocumented). The way out is to import it.
type ExistsError struct {
	Type WebhookType
	URL  string
}

func (e *ExistsError) Error() string {
	id := string(e.Type) + ":" + e.URL
	return fmt.Sprintf("sendblue: the URL %[2]s is already registered on the account as a webhook of type %[1]s; "+
		"to manage it with Terraform, import it instead of creating it: "+
		"`terraform import sendblue_webhook.<name> %[3]s`, or an import block with id = %[4]q",
		e.Type, e.URL, id, id)
}

// log reports to the optional LogFunc.
func (a *Account) log(ctx context.Context, level, msg string, fields map[string]any) {
	if a.logf != nil {
		a.logf(ctx, level, msg, fields)
	}
}

// ---- snapshot ----

// listCall is one List in flight, shared by every Snapshot that joins it.
// callerErr makes a shared call's error say why this caller's context ended.
// A call shared by several callers runs on a context of its own that is
// canceled when the last caller leaves, so its error says "canceled" even
// when the caller's own deadline (a resource timeout) ran out.
func callerErr(ctx context.Context, err error) error {
	cerr := ctx.Err()
	if err == nil || cerr == nil || errors.Is(err, cerr) {
		return err
	}
	return fmt.Errorf("%w: %w", cerr, err)
}

type listCall struct {
	gen   uint64 // generation when it started
	group *callerGroup
	done  chan struct{}
	view  *View
	err   error
}

// Snapshot returns the account as listed once for every concurrent caller
// and cached until the next write or Invalidate, so that a plan over many
// webhooks makes one list call. A snapshot asked for after a write of this
// process finished always reflects that write. A caller whose ctx ends
// returns at once; the shared call goes on while other callers wait for it.
func (a *Account) Snapshot(ctx context.Context) (*View, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	a.mu.Lock()
	if a.view != nil && a.view.gen == a.gen {
		v := a.view
		a.mu.Unlock()
		return v, nil
	}
	c := a.listing
	// Join only a list that started after the last invalidation: an older
	// one may predate a write that has finished since.
	if c == nil || c.gen != a.gen || !c.group.join(ctx) {
		c = &listCall{gen: a.gen, group: newCallerGroup(ctx), done: make(chan struct{})}
		c.group.join(ctx)
		a.listing = c
		go a.runList(c)
	}
	a.mu.Unlock()
	select {
	case <-c.done:
		return c.view, callerErr(ctx, c.err)
	case <-ctx.Done():
		if c.group.alone() {
			// The call ends with this caller, and says more than ctx.Err()
			// (the request, its attempts, the time spent): wait the moment
			// it takes to unwind, but no longer.
			t := time.NewTimer(time.Second)
			defer t.Stop()
			select {
			case <-c.done:
				return c.view, callerErr(ctx, c.err)
			case <-t.C:
			}
		}
		select {
		case <-c.done:
			return c.view, callerErr(ctx, c.err)
		default:
			return nil, ctx.Err()
		}
	}
}

func (a *Account) runList(c *listCall) {
	cfg, err := a.api.List(c.group.ctx)
	var v *View
	if err == nil {
		v = newView(cfg)
		v.gen = c.gen
	}
	a.mu.Lock()
	if err == nil && (a.last == nil || a.last.gen <= v.gen) {
		a.last = v
	}
	if err == nil && c.gen == a.gen {
		a.view = v
		for k, g := range a.lastWrite {
			if g <= c.gen {
				delete(a.lastWrite, k)
			}
		}
	}
	if a.listing == c {
		a.listing = nil
	}
	a.mu.Unlock()
	c.group.done()
	c.view, c.err = v, err
	close(c.done)
}

// Has reports whether the account holds a webhook of type t with this URL,
// for checks at plan time that must not cost a list call per resource. It
// answers from the latest list when that shows no such webhook (the check is
// made again, authoritatively, before anything is added), and otherwise
// confirms with a current Snapshot, since this process may have removed it
// since.
func (a *Account) Has(ctx context.Context, t WebhookType, url string) (bool, error) {
	a.mu.Lock()
	last := a.last
	a.mu.Unlock()
	if last != nil && !last.has(t, url) {
		return false, nil
	}
	v, err := a.Snapshot(ctx)
	if err != nil {
		return false, err
	}
	return v.has(t, url), nil
}

// Invalidate drops the cached snapshot, so that the next Snapshot lists the
// account again (for example after a change made outside this process).
func (a *Account) Invalidate() {
	a.mu.Lock()
	a.gen++
	a.view = nil
	a.mu.Unlock()
}

// fresh returns a view listed after this call began.
func (a *Account) fresh(ctx context.Context) (*View, error) {
	a.Invalidate()
	return a.Snapshot(ctx)
}

// ---- writes ----

// Create adds one webhook. It fails with *ExistsError when the URL is already
// registered under t (or being added by this process), since adding it again
// might duplicate it. Creates of the same type and global secret that arrive
// within the batch window go out as one add call.
func (a *Account) Create(ctx context.Context, t WebhookType, w Webhook, globalSecret string) error {
	defer a.writing()()
	if err := checkWebhook(t, w); err != nil {
		return err
	}
	k := viewKey{t, w.URL}
	for {
		a.mu.Lock()
		epoch, during := a.replaceEpoch, a.replaceActive
		a.mu.Unlock()
		v, err := a.Snapshot(ctx)
		if err != nil {
			return fmt.Errorf("sendblue: checking whether %s webhook %s already exists: %w", t, w.URL, err)
		}
		a.bmu.Lock()
		a.mu.Lock()
		stale := a.lastWrite[k] > v.gen
		a.mu.Unlock()
		if stale {
			// This process wrote the URL after v was listed: look again.
			a.bmu.Unlock()
			continue
		}
		_, busy := a.pending[k]
		if busy || v.has(t, w.URL) {
			a.bmu.Unlock()
			return &ExistsError{Type: t, URL: w.URL}
		}
		a.pending[k] = struct{}{}
		m := newMember(ctx, w, true)
		m.check, m.epoch, m.checkedDuringReplace = true, epoch, during
		a.enqueueLocked(batchKey{op: opAdd, t: t, gs: globalSecret}, m)
		a.bmu.Unlock()
		return a.wait(m)
	}
}

// Delete removes every entry of type t with this URL. A URL that is not
// there counts as deleted. Deletes of the same type that arrive within the
// batch window go out as one delete call.
func (a *Account) Delete(ctx context.Context, t WebhookType, url string) error {
	defer a.writing()()
	return a.delete(ctx, t, url)
}

func (a *Account) delete(ctx context.Context, t WebhookType, url string) error {
	if err := checkWebhook(t, Webhook{URL: url}); err != nil {
		return err
	}
	m := newMember(ctx, Webhook{URL: url}, false)
	a.bmu.Lock()
	a.enqueueLocked(batchKey{op: opDelete, t: t}, m)
	a.bmu.Unlock()
	return a.wait(m)
}

// Rotate changes the secret of an existing webhook (or the global secret it
// is sent with) by deleting its URL and adding it again. It never replaces
// the whole configuration, so that other webhooks, including those other
// processes write meanwhile, are left alone.
//
// No order of calls keeps the webhook present throughout: DELETE removes
// every entry of a URL, so adding the new entry first and deleting the old
// one after would remove both, and what POST does with a URL that is
// already there is not documented (it may add a second entry). So Rotate
// lists the account first and, when the new entry is refused or cannot be
// added for good, puts back the entries exactly as they were listed before
// the delete (secrets included), then reports the refusal: a failed change
// leaves the webhook as it was.
func (a *Account) Rotate(ctx context.Context, t WebhookType, w Webhook, globalSecret string) error {
	return a.rotate(ctx, t, w, globalSecret, false)
}

// RotateKeepSecret is Rotate for a caller that does not manage the
// webhook's own secret: the entry is re-added with w's settings (its
// sendblue_numbers, say) but the secret it is listed with just before, and
// with globalSecret when not empty (the API sets the global secret only
// along with an add). A failure puts the entry back as Rotate does.
func (a *Account) RotateKeepSecret(ctx context.Context, t WebhookType, w Webhook, globalSecret string) error {
	return a.rotate(ctx, t, w, globalSecret, true)
}

func (a *Account) rotate(ctx context.Context, t WebhookType, w Webhook, globalSecret string, keepSecret bool) error {
	defer a.writing()()
	if err := checkWebhook(t, w); err != nil {
		return err
	}
	k := viewKey{t, w.URL}
	a.bmu.Lock()
	if _, busy := a.pending[k]; busy {
		a.bmu.Unlock()
		return fmt.Errorf("sendblue: another change to %s webhook %s is in progress", t, w.URL)
	}
	a.pending[k] = struct{}{}
	a.bmu.Unlock()
	handedOver := false
	defer func() {
		if !handedOver {
			a.bmu.Lock()
			delete(a.pending, k)
			a.bmu.Unlock()
		}
	}()

	before, err := a.fresh(ctx)
	if err != nil {
		return fmt.Errorf("sendblue: changing the secret of %s webhook %s: listing the account first: nothing was changed: %w", t, w.URL, err)
	}
	old := entriesOf(before.Config(), t, w.URL)
	if keepSecret && len(old) > 0 {
		w.Secret = old[0].Secret
	}

	if err := a.delete(ctx, t, w.URL); err != nil {
		return a.restore(ctx, t, w.URL, old, fmt.Errorf("removing the old entry: %w", err), false)
	}
	m := newMember(ctx, w, true) // the add now owns the pending claim
	a.bmu.Lock()
	a.enqueueLocked(batchKey{op: opAdd, t: t, gs: globalSecret}, m)
	handedOver = true
	a.bmu.Unlock()
	addErr := a.wait(m)
	if addErr == nil {
		return nil
	}
	return a.restore(ctx, t, w.URL, old, fmt.Errorf("adding the new entry: %w", addErr), true)
}

// restoreTimeout bounds putting an entry back after a failed change, which
// also runs when the caller's context has ended (an interrupt): leaving the
// webhook missing would be worse than finishing the repair.
const restoreTimeout = 2 * time.Minute

// restore runs after a step of a rotation failed with stepErr: the delete
// of the old entries (added false) or the add of the new one (added true).
// It lists the account: when the URL is there, the old entries were not
// removed (added false) or the new one did land after all (added true);
// otherwise it adds old back (the entries as listed before the delete). It
// returns nil only when the change is made, and otherwise an error that
// says whether the webhook is as it was.
func (a *Account) restore(ctx context.Context, t WebhookType, url string, old []Webhook, stepErr error, added bool) error {
	prefix := fmt.Sprintf("sendblue: changing the secret of %s webhook %s", t, url)
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), restoreTimeout)
	defer cancel()
	v, err := a.fresh(rctx)
	if err != nil {
		return fmt.Errorf("%s: %w; the account could not be listed afterwards to make sure the webhook is still there (%w): "+
			"it may be missing until the next apply", prefix, stepErr, err)
	}
	if v.has(t, url) {
		if added {
			// The add did land (its answer was lost): the change is made.
			return nil
		}
		return fmt.Errorf("%s: %w; the webhook is still there as it was", prefix, stepErr)
	}
	if len(old) == 0 {
		return fmt.Errorf("%s: it was not on the account before the change, and %w", prefix, stepErr)
	}
	a.log(ctx, "warn", "sendblue: a change of a webhook failed; putting its old entry back", map[string]any{
		"type": string(t), "url": url, "entries": len(old),
	})
	ms := make([]*member, len(old))
	a.bmu.Lock()
	for i, w := range old {
		ms[i] = newMember(rctx, w, false)
		a.enqueueLocked(batchKey{op: opAdd, t: t}, ms[i])
	}
	a.bmu.Unlock()
	var rerr error
	for _, m := range ms {
		rerr = errors.Join(rerr, a.wait(m))
	}
	if rerr != nil {
		return fmt.Errorf("%s: %w; putting the old entry back failed too (%w): the webhook may be missing until the next apply", prefix, stepErr, rerr)
	}
	return fmt.Errorf("%s: %w; the old entry was put back, so the webhook is as it was", prefix, stepErr)
}

// entriesOf returns every entry of type t with this URL, in the account's
// order.
func entriesOf(c *Configuration, t WebhookType, url string) []Webhook {
	var out []Webhook
	for _, w := range c.Get(t) {
		if w.URL == url {
			out = append(out, w)
		}
	}
	return out
}

// ReplaceAll overwrites the whole configuration with cfg, then lists the
// account and checks that every type's URLs and secrets, and the global
// secret when one was sent, are what was sent. It waits for this process's
// batched writes first and holds the others back until it is done, so that
// no batch lands in the middle of it. It returns the fresh view.
func (a *Account) ReplaceAll(ctx context.Context, cfg *Configuration) (*View, error) {
	if cfg == nil {
		return nil, errors.New("sendblue: ReplaceAll needs a configuration")
	}
	select {
	case a.replacing <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-a.replacing }()
	a.mu.Lock()
	a.replaceEpoch++
	a.replaceActive = true
	a.mu.Unlock()
	defer func() {
		a.mu.Lock()
		a.replaceActive = false
		a.mu.Unlock()
	}()

	a.bmu.Lock()
	for _, b := range a.open {
		a.flushLocked(b)
	}
	a.bmu.Unlock()
	if err := a.gate.shut(ctx); err != nil {
		return nil, err
	}
	defer a.gate.reopen()

	a.Invalidate()
	err := a.replace(ctx, cfg)
	a.Invalidate()
	if err != nil {
		return nil, err
	}
	v, err := a.Snapshot(ctx)
	if err != nil {
		return nil, fmt.Errorf("sendblue: listing the account to check the replaced configuration: %w", err)
	}
	if err := verifyReplaced(cfg, v); err != nil {
		return nil, err
	}
	return v, nil
}

// replace sends the PUT once: the client already repeats a PUT (it is
// idempotent) on transient failures, so an error here is final.
func (a *Account) replace(ctx context.Context, cfg *Configuration) error {
	_, err := a.api.Replace(ctx, cfg)
	switch {
	case err == nil:
		return nil
	case IsAmbiguous(err) || ctx.Err() != nil:
		return fmt.Errorf("sendblue: replacing the webhook configuration: %w (the API may or may not have applied it); a `terraform plan` will show the true state: %w", ErrUnknownOutcome, err)
	default:
		return fmt.Errorf("sendblue: replacing the webhook configuration: %w", err)
	}
}

// verifyReplaced compares what was sent with what is listed. Messages name
// types and URLs, never secrets.
func verifyReplaced(sent *Configuration, v *View) error {
	var problems []string
	got := v.Config()
	types := sent.SortedTypes()
	for _, t := range got.SortedTypes() {
		if !slices.Contains(types, t) {
			types = append(types, t)
		}
	}
	for _, t := range types {
		want, have := entriesByURL(sent.Get(t)), entriesByURL(got.Get(t))
		urls := make([]string, 0, len(want)+len(have))
		for u := range want {
			urls = append(urls, u)
		}
		for u := range have {
			if _, ok := want[u]; !ok {
				urls = append(urls, u)
			}
		}
		slices.Sort(urls)
		for _, u := range urls {
			w, h := want[u], have[u]
			switch {
			case len(w) != len(h):
				problems = append(problems, fmt.Sprintf("%s %s: sent %d entries, the account has %d", t, u, len(w), len(h)))
			case !slices.Equal(w, h):
				problems = append(problems, fmt.Sprintf("%s %s: the secret or sendblue_numbers differ from those sent", t, u))
			}
		}
	}
	if sent.GlobalSecret != "" && got.GlobalSecret != sent.GlobalSecret {
		problems = append(problems, "the global secret differs from the one sent")
	}
	if len(problems) == 0 {
		return nil
	}
	const show = 10
	more := ""
	if len(problems) > show {
		more = fmt.Sprintf("; and %d more", len(problems)-show)
		problems = problems[:show]
	}
	return fmt.Errorf("sendblue: the API accepted the new webhook configuration but the account now differs from it: %s%s", strings.Join(problems, "; "), more)
}

// entriesByURL maps each URL to its entries' secrets and sendblue_numbers,
// sorted.
func entriesByURL(ws []Webhook) map[string][]string {
	m := make(map[string][]string, len(ws))
	for _, w := range ws {
		nums := slices.Clone(w.SendblueNumbers)
		slices.Sort(nums)
		m[w.URL] = append(m[w.URL], w.Secret+"\x00"+strings.Join(nums, ","))
	}
	for _, s := range m {
		slices.Sort(s)
	}
	return m
}

// checkWebhook rejects what the API would reject anyway, before batching it
// with others.
func checkWebhook(t WebhookType, w Webhook) error {
	if !t.Valid() {
		return fmt.Errorf("sendblue: unknown webhook type %q (want one of %s)", t, strings.Join(WebhookTypeStrings(), ", "))
	}
	if w.URL == "" {
		return errors.New("sendblue: webhook URL is empty")
	}
	return nil
}

// ---- shared contexts ----

// callerGroup gives a call shared by several callers a context that ends
// only once every caller's context has ended (or the call is done), keeping
// the first caller's values. Its Deadline is the latest of the callers'
// deadlines (none when a caller has none), so that the client sees the time
// budget the callers have between them: it gives up at once on a wait that
// would outlast them all (a long Retry-After) instead of sleeping into it.
type callerGroup struct {
	ctx    context.Context
	cancel context.CancelCauseFunc

	mu        sync.Mutex
	live      int
	dead      bool
	stops     []func() bool
	latest    time.Time // the latest deadline of the callers so far
	unbounded bool      // a caller without a deadline joined
}

func newCallerGroup(first context.Context) *callerGroup {
	g := &callerGroup{}
	g.ctx, g.cancel = context.WithCancelCause(groupContext{Context: context.WithoutCancel(first), g: g})
	return g
}

// groupContext reports its group's deadline; the group's cancel ends it
// when the last caller leaves, which is at that deadline at the latest.
type groupContext struct {
	context.Context
	g *callerGroup
}

func (c groupContext) Deadline() (time.Time, bool) {
	c.g.mu.Lock()
	defer c.g.mu.Unlock()
	if c.g.unbounded || c.g.latest.IsZero() {
		return time.Time{}, false
	}
	return c.g.latest, true
}

// join adds a caller; it reports false when every earlier caller has gone
// and the shared context is already cancelled.
func (g *callerGroup) join(ctx context.Context) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.dead {
		return false
	}
	if dl, ok := ctx.Deadline(); !ok {
		g.unbounded = true
	} else if dl.After(g.latest) {
		g.latest = dl
	}
	g.live++
	g.stops = append(g.stops, context.AfterFunc(ctx, func() { g.leave(ctx) }))
	return true
}

// leave drops a caller whose ctx ended. The last one to leave cancels the
// shared call with its own reason (context.Cause), so that the call reports
// a deadline as a deadline.
func (g *callerGroup) leave(ctx context.Context) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.live--
	if g.live == 0 && !g.dead {
		g.dead = true
		g.cancel(ctx.Err())
	}
}

// alone reports whether at most one caller is (or was last) in the group.
func (g *callerGroup) alone() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.live <= 1
}

// done releases the group once the shared call has finished.
func (g *callerGroup) done() {
	g.mu.Lock()
	g.dead = true
	stops := g.stops
	g.stops = nil
	g.mu.Unlock()
	for _, stop := range stops {
		stop()
	}
	g.cancel(nil)
}

// writeGate keeps batched writes and ReplaceAll apart: any number of batches
// may run together, ReplaceAll runs alone.
type writeGate struct {
	mu     sync.Mutex
	active int
	shutCh chan struct{} // non-nil while a ReplaceAll holds or waits for the gate
	idle   chan struct{} // closed when active drops to zero while shutCh is set
}

// tryEnter admits a batch unless a ReplaceAll holds the gate.
func (g *writeGate) tryEnter() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.shutCh != nil {
		return false
	}
	g.active++
	return true
}

// enter waits for the gate to be open; false means ctx ended first.
func (g *writeGate) enter(ctx context.Context) bool {
	for {
		g.mu.Lock()
		if g.shutCh == nil {
			g.active++
			g.mu.Unlock()
			return true
		}
		ch := g.shutCh
		g.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return false
		}
	}
}

func (g *writeGate) exit() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.active--
	if g.active == 0 && g.idle != nil {
		close(g.idle)
		g.idle = nil
	}
}

// shut closes the gate to new batches and waits for running ones to end.
// Only one caller (a ReplaceAll) may hold it at a time.
func (g *writeGate) shut(ctx context.Context) error {
	g.mu.Lock()
	g.shutCh = make(chan struct{})
	if g.active == 0 {
		g.mu.Unlock()
		return nil
	}
	idle := make(chan struct{})
	g.idle = idle
	g.mu.Unlock()
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		g.reopen()
		return ctx.Err()
	}
}

func (g *writeGate) reopen() {
	g.mu.Lock()
	defer g.mu.Unlock()
	close(g.shutCh)
	g.shutCh = nil
	g.idle = nil
}
