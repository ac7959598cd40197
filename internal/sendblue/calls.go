package sendblue

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
)

// send makes one call, on the generation that answers: a 404 (the path is
// not served, so nothing was applied) moves on to the other generation in
// auto mode, and the generation that answered is remembered for the rest of
// the process. check, when set, refuses a body the generation cannot take,
// before anything is sent to it. payload is the request's body, encoded as
// JSON (nil: none); secrets are those it holds.
func (c *Client) send(ctx context.Context, method string, payload any, secrets []string, check func(Generation) error) (*response, error) {
	var body []byte
	if payload != nil {
		b, err := json.Marshal(payload)
		if err != nil {
			return nil, &APIError{Method: method, Path: c.pathNow(), Message: "could not encode the request"}
		}
		body = b
	}
	gens := c.order()
	var tried []string // the paths that answered 404
	var notFound *APIError
	for i, g := range gens {
		if check != nil {
			if err := check(g); err != nil {
				if notFound != nil {
					// The path that answered 404 is what was seen; the
					// other generation cannot take this request.
					e := *notFound
					e.NotServed = tried
					e.OtherGeneration = err.Error()
					e.Message += fmt.Sprintf(" (the %s path answered 404 to %s, and the %s path %s cannot take this request: %s)",
						gens[i-1], method, g, c.pathOf(g), err)
					return nil, &e
				}
				return nil, &APIError{Method: method, Path: c.pathOf(g), Endpoint: c.endpoint(), Message: err.Error(), Token: c.token != ""}
			}
		}
		r, err := c.do(ctx, g, method, body, secrets)
		ae, isAPI := AsAPIError(err)
		answered := err == nil || (isAPI && ae.StatusCode != 0 && ae.StatusCode != 404)
		if answered && c.pinned == "" {
			c.genMu.Lock()
			c.gen = g
			c.genMu.Unlock()
		}
		if IsNotFound(err) {
			tried = append(tried, c.pathOf(g))
			notFound = ae
			if i+1 < len(gens) {
				if c.log != nil {
					c.log(ctx, "debug", "sendblue: path not found; trying the other API generation", map[string]any{"path": c.pathOf(g), "next": c.pathOf(gens[i+1])})
				}
				continue
			}
			e := *ae
			e.NotServed = tried
			switch {
			case c.pinned != "":
				e.Message += fmt.Sprintf(" (the %s API generation is pinned, and its path %s answered 404 to %s)", c.pinned, tried[0], method)
			default:
				e.Message += fmt.Sprintf(" (neither %s nor %s is served here: both answered 404 to %s)", tried[0], tried[len(tried)-1], method)
			}
			return nil, &e
		}
		return r, err
	}
	return nil, &APIError{Method: method, Message: "no API generation to try"}
}

// List returns the account's whole configuration. An answer without a
// webhooks object yields an empty, non-nil configuration.
func (c *Client) List(ctx context.Context) (*Configuration, error) {
	r, err := c.send(ctx, http.MethodGet, nil, nil, nil)
	if err != nil {
		return nil, err
	}
	if r.Webhooks == nil {
		return &Configuration{Webhooks: map[WebhookType][]Webhook{}}, nil
	}
	return r.Webhooks, nil
}

// Add appends req.Webhooks to the list of req.Type and returns the answer's
// configuration (nil when the answer has none). It is never re-sent once it
// may have reached the server: such failures are Ambiguous. What the
// generation cannot take is refused before it is sent.
func (c *Client) Add(ctx context.Context, req AddRequest) (*Configuration, error) {
	const m = http.MethodPost
	if req.Webhooks == nil {
		req.Webhooks = []Webhook{} // the API requires the array
	}
	t := req.Type
	if t == "" {
		t = DefaultType
	}
	check := func(g Generation) error {
		for _, w := range req.Webhooks {
			if err := CheckWebhook(g, t, w); err != nil {
				return err
			}
		}
		if !t.InGeneration(g) {
			return CheckWebhook(g, t, Webhook{})
		}
		return nil
	}
	sent := &Configuration{GlobalSecret: req.GlobalSecret, Webhooks: map[WebhookType][]Webhook{t: req.Webhooks}}
	return webhooksOf(c.send(ctx, m, req, SecretsOf(sent), check))
}

// Replace overwrites the whole configuration with cfg and returns the
// answer's configuration (nil when the answer has none). A nil cfg is
// refused rather than sent as "delete everything". Everything cfg holds is
// sent, including what this version does not model (types it does not know,
// the legacy secret, other keys), so that a configuration read and written
// back loses nothing. Entries of the generation's own types are checked
// against its rules, but for those the account listed as they are
// (Account.ReplaceAll says which): an entry read from the account goes back
// as it was read, even one its generation would not take from a client
// (a server may list a contact_created secret under v2); other keys are
// carried as they are.
func (c *Client) Replace(ctx context.Context, cfg *Configuration) (*Configuration, error) {
	const m = http.MethodPut
	if cfg == nil {
		return nil, &APIError{Method: m, Path: c.pathNow(), Message: "no configuration to send (pass an empty one to remove every webhook)"}
	}
	asRead := map[entryKey]bool{}
	if cfg.listed != nil {
		for t, ws := range cfg.listed.Webhooks {
			for _, w := range ws {
				asRead[keyOf(t, w)] = true
			}
		}
	}
	check := func(g Generation) error {
		for _, t := range TypesOf(g) {
			for _, w := range cfg.Webhooks[t] {
				if asRead[keyOf(t, w)] {
					continue
				}
				if err := CheckWebhook(g, t, w); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return webhooksOf(c.send(ctx, m, replaceRequest{Webhooks: *cfg}, SecretsOf(cfg), check))
}

// webhooksOf is the configuration of a write's answer (nil when it has
// none).
func webhooksOf(r *response, err error) (*Configuration, error) {
	if err != nil {
		return nil, err
	}
	return r.Webhooks, nil
}

// Delete removes req.URLs from the list of req.Type. An empty Type is sent
// as DefaultType explicitly, because what the API does without one is not
// documented. Any configuration in the answer is ignored.
func (c *Client) Delete(ctx context.Context, req DeleteRequest) error {
	const m = http.MethodDelete
	if req.Type == "" {
		req.Type = DefaultType
	}
	if req.URLs == nil {
		req.URLs = []string{}
	}
	check := func(g Generation) error {
		if !req.Type.InGeneration(g) {
			return CheckWebhook(g, req.Type, Webhook{})
		}
		return nil
	}
	_, err := c.send(ctx, m, req, nil, check)
	return err
}
