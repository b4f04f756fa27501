package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"candor/agent"
	"candor/guardrails"
)

// LiveEvent is one thing that happened on a call in progress, as the live
// view shows it. Seq orders all events of a Hub (it is the SSE event id).
type LiveEvent struct {
	Seq      int64     `json:"seq"`
	CallID   string    `json:"call_id"`
	Campaign string    `json:"campaign,omitempty"`
	Sandbox  bool      `json:"sandbox,omitempty"`
	At       time.Time `json:"at"`
	// Kind is "start", "agent", "callee", "guard" or "end".
	Kind string `json:"kind"`
	Text string `json:"text,omitempty"`
	// Label describes a guardrail event ("Blocked sentence", "Opt-out recorded").
	Label    string `json:"label,omitempty"`
	Category string `json:"category,omitempty"`
	// Replacement is what was said instead of a blocked sentence.
	Replacement string `json:"replacement,omitempty"`
	// Outcome is set on "end".
	Outcome string `json:"outcome,omitempty"`
}

// Hub fans the events of calls in progress out to live-view subscribers.
// Publishing never blocks: a subscriber that falls behind is dropped (its
// browser reconnects and resumes from its last event id).
type Hub struct {
	mu     sync.Mutex
	seq    int64
	now    func() time.Time
	calls  map[string]*liveCall
	ended  []*liveCall // recently ended calls, newest last
	subs   map[*subscriber]struct{}
	maxLog int
}

type liveCall struct {
	id, campaign string
	sandbox      bool
	started      time.Time
	log          []LiveEvent
	done         bool
}

type subscriber struct {
	call string // "" for every call
	ch   chan LiveEvent
}

const (
	hubKeepEnded  = 20   // ended calls kept for late viewers
	hubMaxLog     = 2000 // events kept per call
	subscriberBuf = 256
)

// NewHub returns an empty hub.
func NewHub() *Hub {
	return &Hub{now: time.Now, calls: map[string]*liveCall{}, subs: map[*subscriber]struct{}{}, maxLog: hubMaxLog}
}

// Start announces a call. Observations of unannounced calls start them too.
func (h *Hub) Start(callID, campaign string, sandbox bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.startLocked(callID, campaign, sandbox)
}

func (h *Hub) startLocked(callID, campaign string, sandbox bool) *liveCall {
	if c, ok := h.calls[callID]; ok {
		return c
	}
	c := &liveCall{id: callID, campaign: campaign, sandbox: sandbox, started: h.now()}
	h.calls[callID] = c
	h.publishLocked(c, LiveEvent{Kind: "start"})
	return c
}

// Observer returns an agent.Observer that publishes a call's observations.
func (h *Hub) Observer(campaign string, sandbox bool) agent.Observer {
	return func(o agent.Observation) {
		h.mu.Lock()
		defer h.mu.Unlock()
		c := h.startLocked(o.CallID, campaign, sandbox)
		if c.done {
			return
		}
		h.publishLocked(c, observationEvent(o))
	}
}

func observationEvent(o agent.Observation) LiveEvent {
	ev := LiveEvent{Kind: o.Speaker, Text: o.Text}
	if o.Speaker != "guard" || o.Event == nil {
		if ev.Kind != "agent" && ev.Kind != "callee" {
			ev.Kind = "callee"
		}
		return ev
	}
	e := o.Event
	ev.Kind = "guard"
	ev.Category = string(e.Category)
	ev.Text = e.Text
	ev.Replacement = e.Replacement
	switch e.Kind {
	case guardrails.EventBlocked:
		ev.Label = "Blocked sentence"
	case guardrails.EventIntent:
		ev.Label = "Callee intent: " + strings.ReplaceAll(string(e.Intent), "_", " ")
	case guardrails.EventOptOut:
		ev.Label = "Opt-out recorded"
	case guardrails.EventDTMF:
		ev.Label = "Key press acted upon"
	case guardrails.EventDisclose:
		ev.Label = "Disclosure played in full"
	default:
		ev.Label = strings.ReplaceAll(string(e.Kind), "_", " ")
	}
	return ev
}

// End announces the end of a call with its outcome.
func (h *Hub) End(callID string, outcome agent.Outcome) {
	h.mu.Lock()
	defer h.mu.Unlock()
	c, ok := h.calls[callID]
	if !ok || c.done {
		return
	}
	h.publishLocked(c, LiveEvent{Kind: "end", Outcome: string(outcome)})
	c.done = true
	delete(h.calls, callID)
	h.ended = append(h.ended, c)
	if len(h.ended) > hubKeepEnded {
		h.ended = h.ended[len(h.ended)-hubKeepEnded:]
	}
}

func (h *Hub) publishLocked(c *liveCall, ev LiveEvent) {
	h.seq++
	ev.Seq, ev.CallID, ev.Campaign, ev.Sandbox, ev.At = h.seq, c.id, c.campaign, c.sandbox, h.now()
	if len(c.log) < h.maxLog {
		c.log = append(c.log, ev)
	}
	for s := range h.subs {
		if s.call != "" && s.call != c.id {
			continue
		}
		select {
		case s.ch <- ev:
		default:
			// Too slow: drop it; its browser reconnects with Last-Event-ID.
			delete(h.subs, s)
			close(s.ch)
		}
	}
}

// Subscribe returns the events after seq `after` of one call (or of every
// call in progress, and the recently ended ones, when callID is ""), then
// a channel of new ones. The channel is closed when the subscriber falls
// behind or cancel is called.
func (h *Hub) Subscribe(callID string, after int64) (backlog []LiveEvent, ch <-chan LiveEvent, cancel func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	var calls []*liveCall
	for _, c := range h.ended {
		calls = append(calls, c)
	}
	for _, c := range h.calls {
		calls = append(calls, c)
	}
	for _, c := range calls {
		if callID != "" && c.id != callID {
			continue
		}
		for _, ev := range c.log {
			if ev.Seq > after {
				backlog = append(backlog, ev)
			}
		}
	}
	sortEvents(backlog)
	s := &subscriber{call: callID, ch: make(chan LiveEvent, subscriberBuf)}
	h.subs[s] = struct{}{}
	return backlog, s.ch, func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		if _, ok := h.subs[s]; ok {
			delete(h.subs, s)
			close(s.ch)
		}
	}
}

func sortEvents(evs []LiveEvent) {
	// Insertion sort: backlogs are short and nearly sorted.
	for i := 1; i < len(evs); i++ {
		for j := i; j > 0 && evs[j].Seq < evs[j-1].Seq; j-- {
			evs[j], evs[j-1] = evs[j-1], evs[j]
		}
	}
}

// InProgress returns the ids of the calls in progress.
func (h *Hub) InProgress() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	ids := make([]string, 0, len(h.calls))
	for id := range h.calls {
		ids = append(ids, id)
	}
	return ids
}

// livePage shows calls in progress; its script follows /live/events.
func (s *Server) livePage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "live", "Live calls", nil)
}

// liveEvents streams LiveEvents as Server-Sent Events: "event: live",
// "id: <seq>", "data: <json>". ?call=ID limits the stream to one call;
// Last-Event-ID (or ?after=) resumes after an event.
func (s *Server) liveEvents(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	callID := r.URL.Query().Get("call")
	if callID != "" && !ValidCallID(callID) {
		s.fail(w, r, http.StatusBadRequest, "bad call id")
		return
	}
	after := parseAfter(r.Header.Get("Last-Event-ID"))
	if a := r.URL.Query().Get("after"); a != "" {
		after = parseAfter(a)
	}
	backlog, ch, cancel := s.hub.Subscribe(callID, after)
	defer cancel()
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	if _, err := fmt.Fprint(w, "retry: 1000\n\n"); err != nil {
		return
	}
	for _, ev := range backlog {
		if writeSSE(w, ev) != nil {
			return
		}
	}
	if rc.Flush() != nil {
		return
	}
	ping := time.NewTicker(15 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.ctx.Done():
			return
		case ev, ok := <-ch:
			if !ok {
				return
			}
			if writeSSE(w, ev) != nil || rc.Flush() != nil {
				return
			}
		case <-ping.C:
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil || rc.Flush() != nil {
				return
			}
		}
	}
}

func writeSSE(w http.ResponseWriter, ev LiveEvent) error {
	b, err := json.Marshal(ev)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "id: %d\nevent: live\ndata: %s\n\n", ev.Seq, b)
	return err
}

func parseAfter(s string) int64 {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n < 0 {
		return 0
	}
	return n
}
