package web

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"candor/agent"
	"candor/agent/store"
	"candor/guardrails"
)

const designerPW = "designer-password-1"

// newLiveApp is a test app with a designer "dora" whose server is closed
// (sandbox calls stopped and stored) before the store.
func newLiveApp(t *testing.T) *testApp {
	t.Helper()
	a := newTestApp(t)
	h, err := hashPassword(designerPW, bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.st.AddUser(context.Background(), "dora", store.RoleDesigner, h); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.srv.Close() })
	return a
}

// sse reads LiveEvents from an event stream.
type sse struct {
	t    *testing.T
	resp *http.Response
	sc   *bufio.Scanner
	evs  chan LiveEvent
}

func (a *testApp) openSSE(c *http.Client, path string) *sse {
	a.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	a.t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, a.ts.URL+path, nil)
	resp, err := c.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	a.t.Cleanup(func() { resp.Body.Close() })
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		a.t.Fatalf("GET %s: got %d %s, want 200 text/event-stream", path, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	s := &sse{t: a.t, resp: resp, sc: bufio.NewScanner(resp.Body), evs: make(chan LiveEvent, 256)}
	go func() {
		defer close(s.evs)
		var id string
		for s.sc.Scan() {
			line := s.sc.Text()
			switch {
			case strings.HasPrefix(line, "id: "):
				id = strings.TrimPrefix(line, "id: ")
			case strings.HasPrefix(line, "data: "):
				var ev LiveEvent
				if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &ev); err != nil {
					a.t.Errorf("bad SSE data %q: %v", line, err)
					return
				}
				if id != fmt.Sprint(ev.Seq) {
					a.t.Errorf("SSE id %q, data seq %d: want equal", id, ev.Seq)
				}
				s.evs <- ev
			}
		}
	}()
	return s
}

// next waits for the next event.
func (s *sse) next() LiveEvent {
	s.t.Helper()
	select {
	case ev, ok := <-s.evs:
		if !ok {
			s.t.Fatal("event stream ended")
		}
		return ev
	case <-time.After(10 * time.Second):
		s.t.Fatal("no event within 10 s")
	}
	return LiveEvent{}
}

// until reads events until one of kind arrives, returning all read.
func (s *sse) until(kind string) []LiveEvent {
	s.t.Helper()
	var out []LiveEvent
	for {
		ev := s.next()
		out = append(out, ev)
		if ev.Kind == kind {
			return out
		}
	}
}

func TestLiveEventsInOrder(t *testing.T) {
	a := newLiveApp(t)
	c := a.login("rita", reviewerPW)
	hub := a.srv.Hub()
	s := a.openSSE(c, "/live/events")

	obs := hub.Observer("service-followup-en", false)
	blocked := guardrails.Event{Kind: guardrails.EventBlocked, Category: guardrails.CategoryClaimsHuman,
		Text: "I'm a real person.", Replacement: "I can only tell you what is in our records."}
	optout := guardrails.Event{Kind: guardrails.EventOptOut, Intent: guardrails.IntentOptOut}
	steps := []agent.Observation{
		{CallID: "00c1c1c1", Speaker: "agent", Text: "Hello, this is an AI assistant."},
		{CallID: "00c1c1c1", Speaker: "callee", Text: "<script>alert(1)</script>"},
		{CallID: "00c1c1c1", Speaker: "guard", Event: &blocked},
		{CallID: "00c1c1c1", Speaker: "agent", Text: "I can only tell you what is in our records."},
		{CallID: "00c1c1c1", Speaker: "callee", Text: "stop calling me"},
		{CallID: "00c1c1c1", Speaker: "guard", Event: &optout},
	}
	for _, o := range steps {
		obs(o)
	}
	hub.End("00c1c1c1", agent.OutcomeOptOut)

	want := []struct{ kind, text, label string }{
		{"start", "", ""},
		{"agent", "Hello, this is an AI assistant.", ""},
		{"callee", "<script>alert(1)</script>", ""},
		{"guard", "I'm a real person.", "Blocked sentence"},
		{"agent", "I can only tell you what is in our records.", ""},
		{"callee", "stop calling me", ""},
		{"guard", "", "Opt-out recorded"},
		{"end", "", ""},
	}
	var last int64
	for i, w := range want {
		ev := s.next()
		if ev.Kind != w.kind || ev.Text != w.text || ev.Label != w.label || ev.CallID != "00c1c1c1" {
			t.Errorf("event %d: got %s %q %q (call %s), want %s %q %q (call 00c1c1c1)", i, ev.Kind, ev.Text, ev.Label, ev.CallID, w.kind, w.text, w.label)
		}
		if ev.Seq <= last {
			t.Errorf("event %d: got seq %d after %d, want increasing", i, ev.Seq, last)
		}
		last = ev.Seq
	}

	// A late viewer gets the ended call's backlog; Last-Event-ID resumes after it.
	s2 := a.openSSE(c, "/live/events?call=00c1c1c1")
	if ev := s2.next(); ev.Kind != "start" {
		t.Errorf("late viewer's first event: got %s, want start", ev.Kind)
	}
	req, _ := http.NewRequest(http.MethodGet, a.ts.URL+"/live/events", nil)
	req.Header.Set("Last-Event-ID", fmt.Sprint(last-1))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	resp, err := c.Do(req.WithContext(ctx))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if l := sc.Text(); strings.HasPrefix(l, "id: ") {
			if got := strings.TrimPrefix(l, "id: "); got != fmt.Sprint(last) {
				t.Errorf("resumed after %d: got first id %s, want %d", last-1, got, last)
			}
			break
		}
	}
}

func TestLiveNeedsLogin(t *testing.T) {
	a := newLiveApp(t)
	c := a.client()
	for _, p := range []string{"/live", "/live/events", "/live/events?call=00c1c1c1"} {
		code, body, h := a.get(c, p)
		if code != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/login") {
			t.Errorf("GET %s without login: got %d %q, want 303 to /login", p, code, h.Get("Location"))
		}
		if strings.Contains(body, "event:") {
			t.Errorf("GET %s without login streamed events", p)
		}
	}
	// Bad call ids are refused.
	lc := a.login("rita", reviewerPW)
	if code, _, _ := a.get(lc, "/live/events?call="+url.QueryEscape("../x")); code != http.StatusBadRequest {
		t.Errorf("bad call id: got %d, want 400", code)
	}
	// The live page renders for a reviewer, with its script.
	code, body, _ := a.get(lc, "/live")
	if code != http.StatusOK || !strings.Contains(body, `id="live-calls"`) || !strings.Contains(body, "/static/live.js") {
		t.Errorf("live page: got %d, want 200 with the live list and script", code)
	}
}

// TestHubSlowSubscriberDropped: publishing never blocks on a stalled viewer.
func TestHubSlowSubscriberDropped(t *testing.T) {
	h := NewHub()
	_, ch, cancel := h.Subscribe("", 0)
	defer cancel()
	obs := h.Observer("x", false)
	for i := range subscriberBuf + 10 {
		obs(agent.Observation{CallID: "c", Speaker: "agent", Text: fmt.Sprint(i)})
	}
	n := 0
	for range ch {
		n++
	}
	if n != subscriberBuf {
		t.Errorf("stalled subscriber: got %d events then close, want %d", n, subscriberBuf)
	}
}
