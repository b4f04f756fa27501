package sqlite

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"candor/agent"
	"candor/agent/contacts"
	"candor/agent/store"
	"candor/guardrails"
)

// fullRecord sets every field of a CallRecord, with times in a non-UTC zone,
// nanoseconds and a monotonic clock reading.
func fullRecord(id string) *agent.CallRecord {
	zone := time.FixedZone("UTC-7", -7*3600)
	t0 := time.Now().In(zone)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms)*time.Millisecond + 7) }
	return &agent.CallRecord{
		ID: id, Campaign: "survey-1", Business: "Acme Water", Number: "+14155550134", ContactRef: "line-7", Sandbox: false,
		StartedAt: at(0), AnsweredAt: at(4000), EndedAt: at(60000),
		DisclosureText: "Hi, this is an AI assistant calling for Acme Water.", DisclosureStart: at(4100), DisclosureEnd: at(9100),
		DisclosureComplete: true,
		Outcome:            agent.OutcomeCallback, EndReason: agent.EndCallback, EndDetail: "callee asked for tomorrow",
		OptOut: true, OptOutUtterance: "actually don't call again", OptOutAt: at(59000),
		CallbackAt: at(86400000), CallbackText: "call me tomorrow at ten",
		Turns: []agent.Turn{
			{Index: 0, Speaker: "agent", Text: "Hi, this is an AI assistant.", At: at(4100), Fixed: true},
			{Index: 1, Speaker: "callee", Text: "who is this", At: at(9500)},
			{Index: 1, Speaker: "agent", Text: "We are Acme Water and I", At: at(10000), Interrupted: true},
			{Index: 2, Speaker: "callee", Text: "call me tomorrow", At: at(12000)},
		},
		Events: []guardrails.Event{
			{Kind: guardrails.EventDisclose, Turn: 0},
			{Kind: guardrails.EventIntent, Turn: 1, Intent: guardrails.IntentAskIdentity, Text: "who is this"},
			{Kind: guardrails.EventBlocked, Turn: 2, Category: guardrails.CategoryClaimsHuman, Rule: "claims to be human",
				Text: "I'm a real person", Replacement: "I'm an automated assistant."},
			{Kind: guardrails.EventBlocked, Turn: 3, Category: guardrails.CategoryGuaranteedOutcome, Rule: "guarantee",
				Text: "we guarantee savings", Replacement: "Let's continue."},
		},
		Answers: []agent.SurveyAnswer{
			{QuestionID: "satisfaction", Value: "4", Raw: "four i guess"},
			{QuestionID: "recommend", Value: "yes", Raw: "yeah sure"},
		},
		LatenciesMS: []int64{640, 812, 0},
		Latency:     []agent.TurnLatency{{Turn: 3, VoiceToVoice: 640.5, Endpointing: 500, Recognizer: 1.25, Responder: 0.5, Synthesizer: 13, Overhead: 125.75}},
		BargeIns:    2,
	}
}

// inUTC returns a copy of rec with every time in UTC and no monotonic reading.
func inUTC(rec *agent.CallRecord) *agent.CallRecord {
	c := *rec
	for _, p := range []*time.Time{&c.StartedAt, &c.AnsweredAt, &c.EndedAt, &c.DisclosureStart, &c.DisclosureEnd, &c.OptOutAt, &c.CallbackAt} {
		*p = p.UTC()
	}
	c.Turns = append([]agent.Turn(nil), rec.Turns...)
	for i := range c.Turns {
		c.Turns[i].At = c.Turns[i].At.UTC()
	}
	return &c
}

func TestCallRoundTrip(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	rec := fullRecord("call-full")
	if err := s.SaveCall(ctx, rec); err != nil {
		t.Fatalf("SaveCall: %v", err)
	}
	got, err := s.Call(ctx, rec.ID)
	if err != nil {
		t.Fatalf("Call: %v", err)
	}
	if want := inUTC(rec); !reflect.DeepEqual(got, want) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, want)
	}

	// Saving the same ID again replaces the record, turns and answers included.
	rec2 := fullRecord("call-full")
	rec2.Outcome, rec2.EndReason = agent.OutcomeCompleted, agent.EndCompleted
	rec2.Turns, rec2.Answers = rec2.Turns[:1], nil
	if err := s.SaveCall(ctx, rec2); err != nil {
		t.Fatalf("SaveCall again: %v", err)
	}
	got, err = s.Call(ctx, rec.ID)
	if err != nil {
		t.Fatalf("Call after replace: %v", err)
	}
	if want := inUTC(rec2); !reflect.DeepEqual(got, want) {
		t.Errorf("after replace:\n got %+v\nwant %+v", got, want)
	}
	if list, err := s.ListCalls(ctx, store.CallFilter{}); err != nil || len(list) != 1 {
		t.Errorf("ListCalls after replace: got %d calls (%v), want 1", len(list), err)
	}
}

func TestMinimalCallRoundTrip(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	rec := &agent.CallRecord{ID: "call-min", Campaign: "c", Business: "b", Number: "+14155550134",
		Outcome: agent.OutcomeNoAnswer, EndReason: agent.EndNotAnswered,
		Turns: []agent.Turn{}, Events: []guardrails.Event{}, LatenciesMS: []int64{}}
	if err := s.SaveCall(ctx, rec); err != nil {
		t.Fatalf("SaveCall: %v", err)
	}
	got, err := s.Call(ctx, rec.ID)
	if err != nil {
		t.Fatalf("Call: %v", err)
	}
	want := *rec
	want.Turns, want.Events, want.LatenciesMS = nil, nil, nil // empty slices read back as nil
	if !reflect.DeepEqual(got, &want) {
		t.Errorf("got %+v, want %+v", got, &want)
	}
}

func TestCallErrors(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	if _, err := s.Call(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Call(unknown): got %v, want store.ErrNotFound", err)
	}
	for _, rec := range []*agent.CallRecord{nil, {}, {ID: "  "}} {
		if err := s.SaveCall(ctx, rec); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("SaveCall(%+v): got %v, want store.ErrInvalid", rec, err)
		}
	}
}

func TestSaveCallRecordsOptOutAndCallback(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	rec := fullRecord("call-oo")
	if err := s.SaveCall(ctx, rec); err != nil {
		t.Fatal(err)
	}
	on, err := s.IsOnDNC(ctx, rec.Business, rec.Number)
	if err != nil || !on {
		t.Errorf("IsOnDNC after saving an opted-out call: got %v, %v; want true", on, err)
	}
	list, err := s.ListDNC(ctx, rec.Business)
	if err != nil || len(list) != 1 || list[0].CallID != rec.ID || list[0].Utterance != rec.OptOutUtterance ||
		!list[0].At.Equal(rec.OptOutAt) {
		t.Errorf("ListDNC: got %+v (%v), want the call's opt-out", list, err)
	}
	cbs, err := s.PendingCallbacks(ctx, rec.Campaign, time.Time{})
	if err != nil || len(cbs) != 1 || !cbs[0].At.Equal(rec.CallbackAt) || cbs[0].Text != rec.CallbackText {
		t.Fatalf("PendingCallbacks: got %+v (%v), want the call's callback", cbs, err)
	}
	if due, _ := s.PendingCallbacks(ctx, rec.Campaign, rec.CallbackAt); len(due) != 0 {
		t.Errorf("PendingCallbacks before it is due: got %+v, want none", due)
	}
	if err := s.CompleteCallback(ctx, rec.ID); err != nil {
		t.Fatalf("CompleteCallback: %v", err)
	}
	if cbs, _ := s.PendingCallbacks(ctx, rec.Campaign, time.Time{}); len(cbs) != 0 {
		t.Errorf("PendingCallbacks after completion: got %+v, want none", cbs)
	}
	if err := s.CompleteCallback(ctx, rec.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("CompleteCallback twice: got %v, want store.ErrNotFound", err)
	}
}

func TestListCalls(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	base := time.Date(2025, 6, 1, 15, 0, 0, 0, time.UTC)
	calls := []struct {
		id, campaign string
		outcome      agent.Outcome
	}{
		{"c1", "alpha", agent.OutcomeCompleted},
		{"c2", "alpha", agent.OutcomeOptOut},
		{"c3", "beta", agent.OutcomeCompleted},
		{"c4", "alpha", agent.OutcomeCompleted},
		{"c5", "alpha", agent.OutcomeNoAnswer},
	}
	for i, c := range calls {
		rec := &agent.CallRecord{ID: c.id, Campaign: c.campaign, Business: "Acme", Number: "+14155550134",
			Outcome: c.outcome, StartedAt: base.Add(time.Duration(i) * time.Minute)}
		if err := s.SaveCall(ctx, rec); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		f    store.CallFilter
		want []string
	}{
		{"all, newest first", store.CallFilter{}, []string{"c5", "c4", "c3", "c2", "c1"}},
		{"campaign", store.CallFilter{Campaign: "alpha"}, []string{"c5", "c4", "c2", "c1"}},
		{"campaign and outcome", store.CallFilter{Campaign: "alpha", Outcome: agent.OutcomeCompleted}, []string{"c4", "c1"}},
		{"limit", store.CallFilter{Campaign: "alpha", Limit: 2}, []string{"c5", "c4"}},
		{"time range", store.CallFilter{Since: base.Add(time.Minute), Until: base.Add(3 * time.Minute)}, []string{"c3", "c2"}},
		{"nothing", store.CallFilter{Campaign: "gamma"}, nil},
	}
	for _, tt := range tests {
		got, err := s.ListCalls(ctx, tt.f)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		var ids []string
		for _, c := range got {
			ids = append(ids, c.ID)
		}
		if !reflect.DeepEqual(ids, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, ids, tt.want)
		}
	}
}

func TestContacts(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	res, err := contacts.Parse(bytes.NewReader(contacts.DemoCSV), "US")
	if err != nil {
		t.Fatal(err)
	}
	n, err := s.ImportContacts(ctx, "demo", res.Contacts)
	if err != nil || n != len(res.Contacts) {
		t.Fatalf("ImportContacts: got %d (%v), want %d", n, err, len(res.Contacts))
	}
	got, err := s.Contacts(ctx, "demo")
	if err != nil || !reflect.DeepEqual(got, res.Contacts) {
		t.Fatalf("Contacts: got %+v (%v), want %+v", got, err, res.Contacts)
	}
	// Re-importing updates in place and adds nothing.
	changed := append([]contacts.Contact(nil), res.Contacts[:2]...)
	changed[0].Name = "Renamed"
	if n, err := s.ImportContacts(ctx, "demo", changed); err != nil || n != 0 {
		t.Errorf("re-import: got %d (%v), want 0 new", n, err)
	}
	got, _ = s.Contacts(ctx, "demo")
	if len(got) != len(res.Contacts) || got[0].Name != "Renamed" {
		t.Errorf("after re-import: got %d contacts, first named %q; want %d, first Renamed", len(got), got[0].Name, len(res.Contacts))
	}
	// Campaigns are separate; contacts without extra columns read back with nil Fields.
	plain := []contacts.Contact{{Line: 2, Phone: "+14155550134", Name: "Ann"}}
	if n, err := s.ImportContacts(ctx, "other", plain); err != nil || n != 1 {
		t.Fatalf("import other: got %d (%v), want 1", n, err)
	}
	if got, _ := s.Contacts(ctx, "other"); !reflect.DeepEqual(got, plain) {
		t.Errorf("other campaign: got %+v, want %+v", got, plain)
	}
	// One bad number fails the whole import.
	bad := []contacts.Contact{{Phone: "+12125550199"}, {Phone: "415 555 0134"}}
	if _, err := s.ImportContacts(ctx, "third", bad); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("bad import: got %v, want store.ErrInvalid", err)
	}
	if got, _ := s.Contacts(ctx, "third"); len(got) != 0 {
		t.Errorf("bad import wrote %d contacts, want 0", len(got))
	}
	if _, err := s.ImportContacts(ctx, "", plain); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("import without campaign: got %v, want store.ErrInvalid", err)
	}
}

func TestClosed(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: got %v, want nil", err)
	}
	if _, err := s.IsOnDNC(ctx, "a", "+14155550134"); !errors.Is(err, store.ErrClosed) {
		t.Errorf("IsOnDNC after Close: got %v, want store.ErrClosed", err)
	}
	if err := s.AddOptOut(ctx, testOptOut("a", "+14155550134")); !errors.Is(err, store.ErrClosed) {
		t.Errorf("AddOptOut after Close: got %v, want store.ErrClosed", err)
	}
}

func BenchmarkSaveCall(b *testing.B) {
	ctx := context.Background()
	s, _ := openTest(b)
	rec := fullRecord("")
	i := 0
	for b.Loop() {
		i++
		rec.ID = fmt.Sprint("call-", i)
		if err := s.SaveCall(ctx, rec); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCall(b *testing.B) {
	ctx := context.Background()
	s, _ := openTest(b)
	if err := s.SaveCall(ctx, fullRecord("c")); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := s.Call(ctx, "c"); err != nil {
			b.Fatal(err)
		}
	}
}

func TestSandboxCallNeverTouchesDNC(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	rec := fullRecord("call-sandbox")
	rec.Sandbox = true
	if err := s.SaveCall(ctx, rec); err != nil {
		t.Fatal(err)
	}
	if on, err := s.IsOnDNC(ctx, rec.Business, rec.Number); err != nil || on {
		t.Errorf("IsOnDNC after a sandbox opt-out: got %v, %v; want false", on, err)
	}
	got, err := s.Call(ctx, rec.ID)
	if err != nil || !got.Sandbox {
		t.Errorf("sandbox flag: got %v (%v), want true", got != nil && got.Sandbox, err)
	}
}
