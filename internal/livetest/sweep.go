package livetest

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// Matching lists the webhooks of cfg whose URL match accepts, each (type, URL)
// once, in the configuration's type order and then by URL.
func Matching(cfg *sendblue.Configuration, match func(url string) bool) []sendblue.Ref {
	var out []sendblue.Ref
	for _, t := range cfg.SortedTypes() {
		var urls []string
		for _, w := range cfg.Get(t) {
			if match(w.URL) && !slices.Contains(urls, w.URL) {
				urls = append(urls, w.URL)
			}
		}
		slices.Sort(urls)
		for _, u := range urls {
			out = append(out, sendblue.Ref{Type: t, URL: u})
		}
	}
	return out
}

// HasPrefix matches URLs under prefix.
func HasPrefix(prefix string) func(string) bool {
	return func(url string) bool { return strings.HasPrefix(url, prefix) }
}

// Sweep lists the account and deletes every webhook whose URL match accepts,
// one delete call per type, naming each on out before it is deleted; then it
// lists again and fails when one is still there. It deletes nothing else: a
// delete names its URLs and type, and never touches the global secret. It
// returns what it deleted.
func Sweep(ctx context.Context, api sendblue.API, match func(url string) bool, out io.Writer) ([]sendblue.Ref, error) {
	cfg, err := api.List(ctx)
	if err != nil {
		return nil, fmt.Errorf("listing the account's webhooks: %w", err)
	}
	found := Matching(cfg, match)
	for i := 0; i < len(found); {
		j := i
		var urls []string
		for ; j < len(found) && found[j].Type == found[i].Type; j++ {
			_, _ = fmt.Fprintf(out, "  deleting %s %s\n", found[j].Type, found[j].URL)
			urls = append(urls, found[j].URL)
		}
		if err := api.Delete(ctx, sendblue.DeleteRequest{Type: found[i].Type, URLs: urls}); err != nil {
			return found[:i], fmt.Errorf("deleting %d %s webhook(s): %w", len(urls), found[i].Type, err)
		}
		i = j
	}
	if len(found) == 0 {
		return nil, nil
	}
	cfg, err = api.List(ctx)
	if err != nil {
		return found, fmt.Errorf("listing the account again to check the deletes: %w", err)
	}
	if left := Matching(cfg, match); len(left) > 0 {
		names := make([]string, len(left))
		for i, r := range left {
			names[i] = r.String()
		}
		return found, fmt.Errorf("still on the account after deleting: %s", strings.Join(names, ", "))
	}
	return found, nil
}
