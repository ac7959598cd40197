package mock

import (
	"net/http"
	"net/url"
)

// lateWrite is an add taken by a LandLate fault, waiting to land.
type lateWrite struct {
	g   generation
	who caller
	in  request
}

// landLater queues an add to land after the next list (see Fault.LandLate).
func (s *Server) landLater(g generation, who caller, in request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.late = append(s.late, lateWrite{g: g, who: who, in: in})
}

// landLateLocked applies the first n late adds (those queued before the list
// being answered), in the order they arrived; one the API would have refused
// is dropped. s.mu is held.
func (s *Server) landLateLocked(n int) {
	if n == 0 {
		return
	}
	for _, lw := range s.late[:n] {
		if lw.in.readStatus == 0 && lw.in.contentTypeOK {
			_, _ = s.addLocked(lw.g, lw.who, lw.in.body)
		}
	}
	s.late = append([]lateWrite(nil), s.late[n:]...)
}

// PendingLate returns how many adds taken by LandLate faults have not landed yet.
func (s *Server) PendingLate() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.late)
}

// echoMessage is the message of an EchoRequest fault: the request as a careless API
// or proxy repeats it, with the API secret header URL-encoded and the body as received.
func echoMessage(r *http.Request, in request) string {
	return r.Method + " " + r.URL.Path + "?sb-api-secret-key=" + url.QueryEscape(r.Header.Get("sb-api-secret-key")) +
		" refused: " + string(in.body)
}
