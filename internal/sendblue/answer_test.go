package sendblue

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

// Writes need no configuration in their answer; a list does: an account
// without webhooks answers an empty object, and taking a missing one for
// "no webhooks" would make Terraform add them all again.
func TestAnswersWithoutConfiguration(t *testing.T) {
	t.Parallel()
	srv, rec := newServer(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodDelete {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		writeJSON(w, 200, `{"status":"OK"}`)
	})
	c := newClient(t, srv.URL)
	ctx := context.Background()
	if cfg, err := c.List(ctx); err == nil || IsTransient(err) || !strings.Contains(err.Error(), `no "webhooks" configuration`) || rec.count() != 1 {
		t.Errorf("List without webhooks: %+v, %v after %d attempts; want a malformed answer at once", cfg, err, rec.count())
	}
	if cfg, err := c.Add(ctx, AddRequest{Webhooks: []Webhook{{URL: "https://a.example"}}}); err != nil || cfg != nil {
		t.Errorf("Add without webhooks in the answer: %+v, %v; want nil, nil", cfg, err)
	}
	if err := c.Delete(ctx, DeleteRequest{Type: TypeOutbound, URLs: []string{"https://a.example"}}); err != nil {
		t.Errorf("Delete answered 204: %v", err)
	}
}

// Under the current API "status" is optional: an answer without it that
// holds what the call needs is good.
func TestStatusIsOptional(t *testing.T) {
	t.Parallel()
	srv, rec := newServer(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet:
			writeJSON(w, 200, `{"webhooks":{"receive":["https://a.example/hook"]}}`)
		case http.MethodDelete:
			writeJSON(w, 200, `{}`)
		default:
			writeJSON(w, 200, `{"message":"Webhooks updated"}`)
		}
	})
	c := newClient(t, srv.URL)
	ctx := context.Background()
	cfg, err := c.List(ctx)
	if err != nil || len(cfg.Get(TypeReceive)) != 1 {
		t.Errorf("List: %+v, %v", cfg, err)
	}
	for _, m := range []string{"POST", "PUT", "DELETE"} {
		if err := invoke(ctx, c, m); err != nil {
			t.Errorf("%s: %v", m, err)
		}
	}
	if rec.count() != 4 {
		t.Errorf("%d requests, want 4", rec.count())
	}
}
