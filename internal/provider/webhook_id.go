package provider

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// webhookID is the one place that formats a sendblue_webhook's ID,
// "<type>:<url>". The API has no per-webhook id: a webhook is its type and URL.
func webhookID(t sendblue.WebhookType, url string) string {
	return string(t) + ":" + url
}

// typeLike is what a webhook type looks like, known to this version or not.
var typeLike = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// parseWebhookID reads "<type>:<url>", or a bare URL meaning the receive
// type. The type prefix is recognised only when it is one of the nine types,
// so the "https:" of a bare URL is never mistaken for one.
func parseWebhookID(id string) (sendblue.WebhookType, string, error) {
	id = strings.TrimSpace(id)
	t, url := sendblue.DefaultType, id
	if prefix, rest, ok := strings.Cut(id, ":"); ok && sendblue.WebhookType(prefix).Valid() {
		t, url = sendblue.WebhookType(prefix), rest
	} else if ok && typeLike.MatchString(prefix) && strings.Contains(rest, "://") {
		return "", "", fmt.Errorf("the import ID %q names the webhook type %q, which is not supported by this version of the provider "+
			"(it supports %s); upgrade the provider to manage it. The sendblue_webhooks data source lists such webhooks, "+
			"and sendblue_account_webhooks keeps them as they are",
			id, prefix, typesPlain())
	} else if ok && !strings.HasPrefix(rest, "//") {
		return "", "", fmt.Errorf("the import ID %q starts with %q, which is not a webhook type; use <type>:<url> with a type from %s, or a bare https:// URL for the receive type",
			id, prefix, typesPlain())
	}
	if msg := checkWebhookURL(url); msg != "" {
		return "", "", fmt.Errorf("the import ID %q is not <type>:<url>: the URL %s", id, msg)
	}
	return t, url, nil
}
