package acctest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
)

// ProxyFault misanswers requests in ways mock.Fault cannot.
type ProxyFault struct {
	Method string
	// Apply passes the request to the mock first; its answer is then lost.
	Apply bool
	// Empty answers 200 with an empty body.
	Empty bool
	// Cut sends the mock's status and headers, promises its whole body,
	// sends half of it and closes the connection.
	Cut bool
}

// FaultProxy stands in front of the mock (Next): it takes queued
// ProxyFaults, and counts the answers that were not a well-formed OK (the
// mock's own faults included), so that a test can tell its faults were
// really met.
type FaultProxy struct {
	Next     http.Handler
	mu       sync.Mutex
	queue    []ProxyFault
	abnormal int
}

// Add queues n copies of f and returns n.
func (p *FaultProxy) Add(n int, f ProxyFault) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	for range n {
		p.queue = append(p.queue, f)
	}
	return n
}

// TakeAbnormal returns the number of abnormal answers so far and resets it.
func (p *FaultProxy) TakeAbnormal() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := p.abnormal
	p.abnormal = 0
	return n
}

func (p *FaultProxy) take(method string) (ProxyFault, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i, f := range p.queue {
		if f.Method == method {
			p.queue = append(p.queue[:i], p.queue[i+1:]...)
			return f, true
		}
	}
	return ProxyFault{}, false
}

// ServeHTTP answers r with the next queued fault for its method, or passes
// it on to Next.
func (p *FaultProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !strings.HasPrefix(r.URL.Path, "/api/") {
		p.Next.ServeHTTP(w, r)
		return
	}
	f, ok := p.take(r.Method)
	if !ok {
		rec := &mock.Recorder{ResponseWriter: w, Body: &bytes.Buffer{}}
		p.Next.ServeHTTP(rec, r)
		if !answeredOK(rec) {
			p.mu.Lock()
			p.abnormal++
			p.mu.Unlock()
		}
		return
	}
	p.mu.Lock()
	p.abnormal++
	p.mu.Unlock()
	rec := httptest.NewRecorder()
	if f.Apply || f.Cut {
		p.Next.ServeHTTP(rec, r)
	} else {
		_, _ = io.Copy(io.Discard, r.Body)
	}
	switch {
	case f.Empty:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
	case f.Cut:
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			panic(http.ErrAbortHandler)
		}
		body := rec.Body.Bytes()
		_, _ = fmt.Fprintf(buf, "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n",
			rec.Code, http.StatusText(rec.Code), len(body))
		_, _ = buf.Write(body[:len(body)/2])
		_ = buf.Flush()
		if tc, ok := conn.(*net.TCPConn); ok {
			_ = tc.SetLinger(0)
		}
		_ = conn.Close()
	}
}

// answeredOK reports a complete HTTP 200 answer with "status":"OK".
func answeredOK(rec *mock.Recorder) bool {
	var env struct {
		Status string `json:"status"`
	}
	return rec.Status == http.StatusOK && json.Unmarshal(rec.Body.Bytes(), &env) == nil && env.Status == "OK"
}
