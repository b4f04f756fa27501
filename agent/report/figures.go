package report

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sort"
	"time"

	"candor/agent"
	"candor/agent/store"
	"candor/guardrails"
)

// Campaign is one campaign's figures. Compute is the one place they are
// worked out: the web dashboard, `candor report` and /metrics all show
// these, so the three agree by construction.
type Campaign struct {
	Campaign string `json:"campaign"`
	// Sandbox: the figures of the campaign's sandbox calls (never mixed
	// with its production calls).
	Sandbox  bool `json:"sandbox,omitempty"`
	Contacts int  `json:"contacts"`
	// Attempts counts dials claimed (caps count these).
	Attempts int `json:"attempts"`
	// Calls counts the calls placed that have ended: stored calls but
	// those not dialled because the number was on the do-not-call list at
	// dial time (in Skipped, under "dnc") and those still in progress
	// (InProgress). A call a worker stopped during counts, with the outcome
	// "interrupted" (Interrupted).
	Calls       int `json:"calls"`
	InProgress  int `json:"in_progress"`
	Interrupted int `json:"interrupted"`
	// PendingRetries counts queued dials of a number again; PendingCallbacks
	// the callbacks callees asked for, not yet placed.
	PendingRetries int `json:"pending_retries"`
	// Answered counts calls with an answer time.
	Answered int `json:"answered"`
	// ByOutcome counts the calls placed by outcome.
	ByOutcome          map[string]int `json:"outcomes"`
	Completed          int            `json:"completed"`
	OptOuts            int            `json:"opt_outs"`
	Refusals           int            `json:"refusals"`
	DisclosureComplete int            `json:"disclosure_complete"`
	Abandoned          int            `json:"abandoned"`
	// DNCWritten counts calls that put the number on the do-not-call list
	// (opt-outs, refusals and key presses alike).
	DNCWritten int `json:"dnc_written"`
	// DNCAdded counts the campaign's active do-not-call entries.
	DNCAdded         int `json:"dnc_added"`
	PendingCallbacks int `json:"pending_callbacks"`
	// Blocked counts agent sentences the output rail replaced; Interventions
	// splits them by category.
	Blocked       int            `json:"blocked_sentences"`
	Interventions map[string]int `json:"interventions"`
	// Events counts guardrail events by kind.
	Events map[string]int `json:"events"`
	// Rates are shares of answered calls, each with its definition.
	Rates []Rate `json:"rates"`
	// Skipped counts the numbers not dialled, by reason.
	Skipped   map[string]int `json:"skipped"`
	Questions []Question     `json:"questions"`
	// Latency summarises the measured voice-to-voice times of agent turns;
	// nil when no turn was measured (never a made-up 0).
	Latency *Percentiles `json:"voice_to_voice_ms,omitempty"`
	// LatenciesMS are those measured times, one per turn, in call order.
	LatenciesMS []float64 `json:"-"`
	// Days are the calls placed per UTC day of their start, oldest first.
	Days []Day `json:"days"`
}

// Rate is a share of answered calls, with what it counts.
type Rate struct {
	Key        string  `json:"key"`
	Label      string  `json:"label"`
	Count      int     `json:"count"`
	Of         int     `json:"of"`
	Value      float64 `json:"value"` // Count/Of; 0 when Of is 0
	Definition string  `json:"definition"`
}

// Question is one survey question's answers, most frequent first.
type Question struct {
	ID      string   `json:"id"`
	Total   int      `json:"total"`
	Answers []Answer `json:"answers"`
}

// Answer is how many calls gave one answer to a question.
type Answer struct {
	Value string  `json:"value"`
	Count int     `json:"count"`
	Share float64 `json:"share"` // of the question's answers
}

// Day is one UTC day of a campaign.
type Day struct {
	Day        time.Time `json:"day"` // midnight UTC
	Calls      int       `json:"calls"`
	Answered   int       `json:"answered"`
	Completed  int       `json:"completed"`
	OptOuts    int       `json:"opt_outs"`
	Refusals   int       `json:"refusals"`
	SkippedDNC int       `json:"skipped_dnc"`
}

// Unintelligible is the answer value under which answers that were heard but
// not understood are counted: the recogniser's "(unintelligible)" and the
// empty value a question gets when the callee was not understood twice.
const Unintelligible = agent.Unintelligible

// The outcomes of a call record written before dialling (until the call
// ends) and of one whose worker stopped during the call (once its claim was
// reconciled), as the agent and the stores write them.
const (
	OutcomeInProgress  = agent.OutcomeInProgress
	OutcomeInterrupted = agent.OutcomeInterrupted
)

// The rates' keys.
const (
	RateOptOut     = "opt_out"
	RateRefusal    = "refusal"
	RateCompletion = "completion"
	RateDisclosure = "disclosure_complete"
	RateAbandoned  = "abandoned"
)

// rateDefs are the rates in display order, with their definitions.
var rateDefs = []struct{ key, label, def string }{
	{RateOptOut, "opt-out rate", "Answered calls that ended in an opt-out (the callee asked not to be called again, by voice or key, at any point including the disclosure), out of answered calls. Refusals are counted apart."},
	{RateRefusal, "refusal rate", "Answered calls that ended because the callee declined the survey, out of answered calls. Refused numbers also go on the do-not-call list, but are not opt-outs."},
	{RateCompletion, "completion rate", "Answered calls in which the survey was finished, out of answered calls."},
	{RateDisclosure, "disclosure rate", "Answered calls in which the disclosure was played in full (proved by the playout clock), out of answered calls. A callee who opts out during it cuts it short."},
	{RateAbandoned, "abandonment rate", "Answered calls with no agent audio within 2 s of the answer, out of answered calls."},
}

// Rate returns the rate with key (zero when there is none).
func (c *Campaign) Rate(key string) Rate {
	for _, r := range c.Rates {
		if r.Key == key {
			return r
		}
	}
	return Rate{}
}

// AnswerValue is the value under which an answer is counted: Unintelligible
// for one heard but not understood (or not recorded), else the value.
func AnswerValue(v string) string {
	if v == "" || v == agent.Unintelligible {
		return Unintelligible
	}
	return v
}

// Timed keeps the latencies that were measured: a turn whose start was not
// heard (an opt-out during the disclosure, a typed turn) is stored as 0 and
// must never show as "0 ms".
func Timed(ms []int64) []int64 {
	var out []int64
	for _, v := range ms {
		if v > 0 {
			out = append(out, v)
		}
	}
	return out
}

// Compute works out a campaign's figures from its stored facts.
func Compute(f store.CampaignFacts) Campaign {
	c := Campaign{Campaign: f.Campaign, Sandbox: f.Sandbox, Contacts: f.Contacts, Attempts: f.Attempts,
		DNCAdded: f.DNCAdded, PendingCallbacks: f.PendingCallbacks, PendingRetries: f.PendingRetries,
		ByOutcome: map[string]int{}, Interventions: map[string]int{}, Events: map[string]int{},
		Skipped: map[string]int{}, Questions: []Question{}, Days: []Day{}}
	for k, n := range f.Skipped {
		c.Skipped[k] += n
	}
	answers := map[string]map[string]int{}
	days := map[time.Time]*Day{}
	day := func(t time.Time) *Day {
		if t.IsZero() {
			return &Day{} // counted nowhere
		}
		d := time.Date(t.UTC().Year(), t.UTC().Month(), t.UTC().Day(), 0, 0, 0, 0, time.UTC)
		if days[d] == nil {
			days[d] = &Day{Day: d}
		}
		return days[d]
	}
	for _, call := range f.Calls {
		d := day(call.StartedAt)
		if call.Outcome == agent.OutcomeSkippedDNC {
			c.Skipped[store.SkipDNC]++
			d.SkippedDNC++
			continue
		}
		if call.Outcome == OutcomeInProgress {
			c.InProgress++ // counted once it has ended
			continue
		}
		c.Calls++
		d.Calls++
		out := string(call.Outcome)
		if out == "" {
			out = "unknown"
		}
		c.ByOutcome[out]++
		switch call.Outcome {
		case agent.OutcomeCompleted:
			c.Completed++
			d.Completed++
		case agent.OutcomeOptOut:
			c.OptOuts++
			d.OptOuts++
		case agent.OutcomeRefused:
			c.Refusals++
			d.Refusals++
		case OutcomeInterrupted:
			c.Interrupted++
		}
		if call.OptOut {
			c.DNCWritten++
		}
		if !call.AnsweredAt.IsZero() {
			c.Answered++
			d.Answered++
			if call.DisclosureComplete {
				c.DisclosureComplete++
			}
			if store.Abandoned(call.AnsweredAt, call.DisclosureStart) {
				c.Abandoned++
			}
		}
		for _, e := range call.Events {
			c.Events[string(e.Kind)]++
			if e.Kind == guardrails.EventBlocked {
				c.Blocked++
				c.Interventions[cmp.Or(string(e.Category), "unknown")]++
			}
		}
		for _, ms := range Timed(call.LatenciesMS) {
			c.LatenciesMS = append(c.LatenciesMS, float64(ms))
		}
		for _, a := range call.Answers {
			if answers[a.QuestionID] == nil {
				answers[a.QuestionID] = map[string]int{}
			}
			answers[a.QuestionID][AnswerValue(a.Value)]++
		}
	}
	c.Latency = PercentilesOf(slices.Clone(c.LatenciesMS))
	for _, rd := range rateDefs {
		n := map[string]int{RateOptOut: c.OptOuts, RateRefusal: c.Refusals, RateCompletion: c.Completed,
			RateDisclosure: c.DisclosureComplete, RateAbandoned: c.Abandoned}[rd.key]
		r := Rate{Key: rd.key, Label: rd.label, Count: n, Of: c.Answered, Definition: rd.def}
		if c.Answered > 0 {
			r.Value = float64(n) / float64(c.Answered)
		}
		c.Rates = append(c.Rates, r)
	}
	for id, vals := range answers {
		q := Question{ID: id}
		for v, n := range vals {
			q.Answers = append(q.Answers, Answer{Value: v, Count: n})
			q.Total += n
		}
		slices.SortFunc(q.Answers, func(a, b Answer) int {
			return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Value, b.Value))
		})
		for i := range q.Answers {
			q.Answers[i].Share = float64(q.Answers[i].Count) / float64(q.Total)
		}
		c.Questions = append(c.Questions, q)
	}
	slices.SortFunc(c.Questions, func(a, b Question) int { return cmp.Compare(a.ID, b.ID) })
	for _, d := range days {
		c.Days = append(c.Days, *d)
	}
	sort.Slice(c.Days, func(i, j int) bool { return c.Days[i].Day.Before(c.Days[j].Day) })
	return c
}

// Source is where campaign facts come from (*sqlite.Store).
type Source interface {
	CampaignFacts(ctx context.Context, campaign string, sandbox bool) (store.CampaignFacts, error)
	ProductionCampaigns(ctx context.Context) ([]string, error)
}

// Load reads and computes the production figures of campaign.
func Load(ctx context.Context, src Source, campaign string) (Campaign, error) {
	f, err := src.CampaignFacts(ctx, campaign, false)
	if err != nil {
		return Campaign{}, fmt.Errorf("report: campaign %q: %w", campaign, err)
	}
	return Compute(f), nil
}

// LoadAll reads and computes the production figures of every campaign, by name.
func LoadAll(ctx context.Context, src Source) ([]Campaign, error) {
	names, err := src.ProductionCampaigns(ctx)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	out := make([]Campaign, 0, len(names))
	for _, n := range names {
		c, err := Load(ctx, src, n)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// Empty reports whether the campaign has nothing to report: no contacts,
// attempts, calls or skipped numbers.
func (c *Campaign) Empty() bool {
	return c.Contacts == 0 && c.Attempts == 0 && c.Calls == 0 && len(c.Skipped) == 0
}

// MergeFacts joins what a shared database knows of a campaign (shared: its
// contacts, attempts, skipped numbers, do-not-call entries, callbacks and
// retries, across every worker) with the evidence records one machine holds
// (local: its calls). Compute the figures from the result, so that a report
// over a shared database is worked out as every other one is.
func MergeFacts(shared, local store.CampaignFacts) store.CampaignFacts {
	f := shared
	f.Campaign = cmp.Or(shared.Campaign, local.Campaign)
	f.Calls = local.Calls
	if f.Skipped == nil {
		f.Skipped = map[string]int{}
	}
	if f.Calls == nil {
		f.Calls = []store.CallFact{}
	}
	return f
}
