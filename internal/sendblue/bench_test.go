package sendblue

import (
	"encoding/json"
	"fmt"
	"testing"
)

// bigConfiguration spreads n webhooks over the six types, half with a secret.
func bigConfiguration(n int) *Configuration {
	cfg := &Configuration{GlobalSecret: "g", Webhooks: map[WebhookType][]Webhook{}}
	types := WebhookTypes()
	for i := range n {
		t := types[i%len(types)]
		w := Webhook{URL: fmt.Sprintf("https://hooks%d.example/path/%d", i%97, i)}
		if i%2 == 0 {
			w.Secret = fmt.Sprintf("secret-%d", i)
		}
		cfg.Webhooks[t] = append(cfg.Webhooks[t], w)
	}
	return cfg
}

func BenchmarkViewLookup(b *testing.B) {
	const n = 10000
	cfg := bigConfiguration(n)
	v := newView(cfg)
	types := WebhookTypes()
	keys := make([]Ref, n)
	for i := range keys {
		keys[i] = Ref{types[i%len(types)], fmt.Sprintf("https://hooks%d.example/path/%d", i%97, i)}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		k := keys[i%n]
		if _, _, ok := v.Lookup(k.Type, k.URL); !ok {
			b.Fatalf("%v not found", k)
		}
	}
}

func BenchmarkDecodeConfiguration(b *testing.B) {
	body, err := json.Marshal(bigConfiguration(10000))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		var c Configuration
		if err := json.Unmarshal(body, &c); err != nil {
			b.Fatal(err)
		}
		if c.Len() != 10000 {
			b.Fatalf("decoded %d webhooks", c.Len())
		}
	}
}
