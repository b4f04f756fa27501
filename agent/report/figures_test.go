package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"candor/agent"
	"candor/agent/store"
	"candor/guardrails"
)

func TestCompute(t *testing.T) {
	at := time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC)
	answered := func(o agent.Outcome, full bool) store.CallFact {
		return store.CallFact{Outcome: o, StartedAt: at, AnsweredAt: at, DisclosureStart: at.Add(300 * time.Millisecond), DisclosureComplete: full}
	}
	optOutInDisclosure := answered(agent.OutcomeOptOut, false)
	optOutInDisclosure.OptOut, optOutInDisclosure.LatenciesMS = true, []int64{0}
	refused := answered(agent.OutcomeRefused, true)
	refused.OptOut = true
	done := answered(agent.OutcomeCompleted, true)
	done.LatenciesMS = []int64{400, 0, 800}
	done.Answers = []agent.SurveyAnswer{{QuestionID: "q1", Value: "4"}, {QuestionID: "q2", Value: ""}}
	done.Events = []guardrails.Event{{Kind: guardrails.EventBlocked, Category: guardrails.CategoryClaimsHuman}, {Kind: guardrails.EventDisclose}}
	done2 := answered(agent.OutcomeCompleted, true)
	done2.Answers = []agent.SurveyAnswer{{QuestionID: "q2", Value: agent.Unintelligible}}
	silent := store.CallFact{Outcome: agent.OutcomeHungUp, StartedAt: at.Add(24 * time.Hour), AnsweredAt: at.Add(24 * time.Hour)}
	f := store.CampaignFacts{Campaign: "c", Skipped: map[string]int{store.SkipOutsideWindow: 2}, Calls: []store.CallFact{
		optOutInDisclosure, refused, done, done2, silent,
		{Outcome: agent.OutcomeNoAnswer, StartedAt: at},
		{Outcome: agent.OutcomeSkippedDNC, StartedAt: at},
	}}
	c := Compute(f)
	for _, tc := range []struct {
		name      string
		got, want any
	}{
		{"calls", c.Calls, 6},
		{"answered", c.Answered, 5},
		{"opt-outs", c.OptOuts, 1},
		{"refusals", c.Refusals, 1},
		{"dnc written", c.DNCWritten, 2},
		{"opt-out rate", c.Rate(RateOptOut).Value, 0.2},
		{"refusal rate", c.Rate(RateRefusal).Value, 0.2},
		{"disclosure rate", c.Rate(RateDisclosure).Value, 0.6},
		{"abandonment rate", c.Rate(RateAbandoned).Value, 0.2},
		{"skipped dnc", c.Skipped[store.SkipDNC], 1},
		{"skipped window", c.Skipped[store.SkipOutsideWindow], 2},
		{"outcome skipped_dnc", c.ByOutcome[string(agent.OutcomeSkippedDNC)], 0},
		{"measured turns", c.Latency.N, 2},
		{"latency p50", c.Latency.P50, 800.0},
		{"blocked", c.Interventions[string(guardrails.CategoryClaimsHuman)], 1},
		{"days", len(c.Days), 2},
		{"day 1 calls", c.Days[0].Calls, 5},
		{"day 1 skipped dnc", c.Days[0].SkippedDNC, 1},
		{"questions", len(c.Questions), 2},
		{"q2 unintelligible", c.Questions[1].Answers[0], Answer{Value: Unintelligible, Count: 2, Share: 1}},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, tc.got, tc.want)
		}
	}
	for _, r := range c.Rates {
		if r.Definition == "" || r.Of != 5 {
			t.Errorf("rate %s: got definition %q of %d, want a definition, of 5 answered", r.Key, r.Definition, r.Of)
		}
	}
}

// A call whose only turn was not timed shows no latency, not 0 ms.
func TestComputeNoFakeZeroLatency(t *testing.T) {
	c := Compute(store.CampaignFacts{Calls: []store.CallFact{{Outcome: agent.OutcomeOptOut, LatenciesMS: []int64{0}}}})
	if c.Latency != nil {
		t.Errorf("got latency %+v, want none", *c.Latency)
	}
	var b bytes.Buffer
	if err := Table(&b, c); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "no turn measured") || strings.Contains(b.String(), "p50") {
		t.Errorf("table: got %q, want \"no turn measured\" and no p50", b.String())
	}
}

// A call still running is not yet a call (its outcome is unknown); one a
// worker stopped during is, with the outcome interrupted.
func TestComputeInProgressAndInterrupted(t *testing.T) {
	at := time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC)
	c := Compute(store.CampaignFacts{PendingRetries: 2, Calls: []store.CallFact{
		{Outcome: OutcomeInProgress, AnsweredAt: at},
		{Outcome: OutcomeInterrupted, AnsweredAt: at},
		{Outcome: agent.OutcomeOptOut, AnsweredAt: at},
	}})
	for _, tc := range []struct {
		name      string
		got, want any
	}{
		{"calls", c.Calls, 2},
		{"answered", c.Answered, 2},
		{"in progress", c.InProgress, 1},
		{"interrupted", c.Interrupted, 1},
		{"outcome interrupted", c.ByOutcome[string(OutcomeInterrupted)], 1},
		{"outcome in_progress", c.ByOutcome[string(OutcomeInProgress)], 0},
		{"opt-out rate", c.Rate(RateOptOut).Value, 0.5},
		{"pending retries", c.PendingRetries, 2},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, tc.got, tc.want)
		}
	}
}

func TestMergeFacts(t *testing.T) {
	shared := store.CampaignFacts{Campaign: "c", Contacts: 10, Attempts: 4, Skipped: map[string]int{"dnc": 1}, PendingRetries: 2}
	local := store.CampaignFacts{Campaign: "c", Contacts: 3, Calls: []store.CallFact{{Outcome: agent.OutcomeCompleted}}}
	c := Compute(MergeFacts(shared, local))
	if c.Contacts != 10 || c.Attempts != 4 || c.Skipped["dnc"] != 1 || c.Calls != 1 || c.PendingRetries != 2 {
		t.Errorf("got %+v, want the shared counts (10 contacts, 4 attempts, 1 skipped, 2 retries) and the local call", c)
	}
	if m := MergeFacts(store.CampaignFacts{}, store.CampaignFacts{Campaign: "c"}); m.Campaign != "c" || m.Skipped == nil || m.Calls == nil {
		t.Errorf("empty shared: got %+v, want the local name and empty, non-nil maps", m)
	}
}
