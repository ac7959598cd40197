package sendblue

// View is an immutable snapshot of the account's configuration with an O(1)
// index by (type, url), so that a plan over hundreds of webhooks reads one
// list answer instead of scanning it once per resource.
type View struct {
	cfg   *Configuration
	index map[Ref]viewEntry
	gen   uint64 // the Account generation its list started in
}

// Ref names a webhook as the API knows it: the API has no ids, only a type
// and a URL.
type Ref struct {
	Type WebhookType
	URL  string
}

// String is "<type> <url>", as messages name a webhook.
func (r Ref) String() string { return string(r.Type) + " " + r.URL }

type viewEntry struct {
	first Webhook
	count int
}

// newView takes ownership of cfg: nobody may change it afterwards.
func newView(cfg *Configuration) *View {
	if cfg == nil {
		cfg = &Configuration{}
	}
	if cfg.Webhooks == nil {
		cfg.Webhooks = map[WebhookType][]Webhook{}
	}
	v := &View{cfg: cfg, index: make(map[Ref]viewEntry, cfg.Len())}
	for t, ws := range cfg.Webhooks {
		for _, w := range ws {
			k := Ref{t, w.URL}
			e, ok := v.index[k]
			if !ok {
				e.first = w
			}
			e.count++
			v.index[k] = e
		}
	}
	return v
}

// Lookup returns the first entry of type t with this URL and how many entries
// carry that URL (more than one means the account holds duplicates).
func (v *View) Lookup(t WebhookType, url string) (w Webhook, count int, ok bool) {
	if v == nil {
		return Webhook{}, 0, false
	}
	e, ok := v.index[Ref{t, url}]
	return e.first, e.count, ok
}

// Config returns the whole configuration the view was built from. It is
// shared by every holder of the view, so callers must not change it (Clone
// it first).
func (v *View) Config() *Configuration {
	if v == nil {
		return nil
	}
	return v.cfg
}

// GlobalSecret returns the account-wide secret as listed.
func (v *View) GlobalSecret() string {
	if v == nil {
		return ""
	}
	return v.cfg.GlobalSecret
}

// has reports whether (t, url) is present.
func (v *View) has(t WebhookType, url string) bool {
	_, _, ok := v.Lookup(t, url)
	return ok
}
