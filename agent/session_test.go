package agent_test

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"candor/agent"
	"candor/agent/agenttest"
	"candor/guardrails"
	"candor/prompts"
)

const number = "+12062401801"

func testCampaign() *prompts.Campaign {
	return &prompts.Campaign{
		Name: "test",
		Business: prompts.Business{DisplayName: "Brightwater Plumbing",
			RegisteredName: "Brightwater Plumbing Services LLC", CallbackNumber: "+1 415 555 0134"},
		Purpose:  "a short follow-up on your recent plumbing visit",
		Language: "en",
		Disclosure: "Hello, this is an automated AI assistant calling for {{registered_name}} about {{purpose}}. " +
			"You can reach us at {{callback_number}}. Say stop at any time to opt out.",
		Lines: prompts.Lines{
			Identity:           "I'm calling for Brightwater Plumbing about your recent service visit.",
			AIAnswer:           "Yes, I'm an AI assistant, not a person.",
			OptOutConfirmation: "Understood. You won't be called again. Goodbye.",
			RefusalClose:       "No problem, we won't call you about this again. Goodbye.",
			CallbackClose:      "Sure, we'll call you back then. Goodbye.",
			SafeFallback:       "Let me stick to the survey.",
			Closing:            "That's all, thank you. Goodbye.",
		},
		Survey: []prompts.Question{{ID: "q1", Text: "How satisfied were you, from one to five?", Type: prompts.AnswerScale}},
	}
}

type rig struct {
	log   *agenttest.Log
	line  *agenttest.Line
	store *agenttest.Store
	resp  *agenttest.Responder
	camp  *prompts.Campaign
	rec   *agent.CallRecord
}

func newRig(turns ...[]string) *rig {
	log := &agenttest.Log{}
	return &rig{log: log, line: agenttest.NewLine(log), store: agenttest.NewStore(log),
		resp: &agenttest.Responder{Turns: turns}, camp: testCampaign()}
}

func (r *rig) run(t *testing.T) (*agent.CallRecord, error) {
	t.Helper()
	s, err := agent.NewSession(agent.SessionConfig{
		CallID: "c1", Campaign: r.camp, Number: number, Rail: agent.RailFor(r.camp),
		Responder: r.resp, Synth: agent.TextSynth{}, Store: r.store, Line: r.line,
		NoInputTimeout: 5 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	return s.Run(context.Background())
}

// agentLines returns what the agent said, in order, from the log.
func agentLines(log *agenttest.Log) []string {
	var out []string
	for _, e := range log.Entries() {
		if strings.HasPrefix(e, "agent") {
			out = append(out, e)
		}
	}
	return out
}

func TestDisclosureFirstOnEveryAnsweredCall(t *testing.T) {
	cases := []struct {
		name   string
		during string // callee talks over the disclosure
		after  string // callee reply to every question
	}{
		{"quiet callee", "", "four"},
		{"callee talks over it", "hello who is this", "four"},
		{"callee asks if robot over it", "is this a robot", "five"},
		{"callee hangs up", "", "<hangup>"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newRig([]string{"How satisfied were you, from one to five?"}, []string{"Thanks."})
				r.line.During = func(i int, _ string) (string, float64) {
					if i == 0 {
						return tc.during, 0.3
					}
					return "", 0
				}
				r.line.After = func(i int, text string) string {
					if strings.HasSuffix(text, "?") {
						return tc.after
					}
					return ""
				}
				rec, err := r.run(t)
				if err != nil {
					t.Fatalf("run: %v", err)
				}
				played := r.line.Played()
				if len(played) == 0 {
					t.Fatal("nothing played")
				}
				want := r.camp.DisclosureText()
				if got := played[0].Text; got != want {
					t.Errorf("first played = %q, want the disclosure %q", got, want)
				}
				if !played[0].Complete || !rec.DisclosureComplete {
					t.Errorf("disclosure complete = %v/%v, want true (it cannot be talked over)", played[0].Complete, rec.DisclosureComplete)
				}
				if got, want := rec.DisclosureEnd.Sub(rec.DisclosureStart), agent.SpeakingTime(want, 0); got != want {
					t.Errorf("disclosure evidence spans %v, want %v", got, want)
				}
			})
		})
	}
}

func TestOptOutOnAnyTurn(t *testing.T) {
	cases := []struct {
		name    string
		during  map[int]string // sentence index -> words said over it
		after   map[int]string // sentence index -> reply after it
		outcome agent.Outcome
	}{
		{name: "during the disclosure", during: map[int]string{0: "stop calling me"}, outcome: agent.OutcomeOptOut},
		{name: "first answer", after: map[int]string{1: "take me off your list"}, outcome: agent.OutcomeOptOut},
		{name: "second answer", after: map[int]string{1: "four", 3: "please just stop calling"}, outcome: agent.OutcomeOptOut},
		{name: "over the agent's question", during: map[int]string{1: "do not call me again"}, outcome: agent.OutcomeOptOut},
		{name: "key 9", after: map[int]string{1: "#:9"}, outcome: agent.OutcomeOptOut},
		{name: "refusal", after: map[int]string{1: "no thanks i'm not interested"}, outcome: agent.OutcomeRefused},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newRig(
					[]string{"How satisfied were you, ", "from one to five? "},
					[]string{"Thanks. Was the problem fixed?"},
					[]string{"Thanks. Anything else?"})
				r.line.During = func(i int, _ string) (string, float64) { return tc.during[i], 0.5 }
				r.line.After = func(i int, _ string) string {
					if s, ok := tc.after[i]; ok {
						return s
					}
					return "four"
				}
				rec, err := r.run(t)
				if err != nil {
					t.Fatalf("run: %v", err)
				}
				if rec.Outcome != tc.outcome {
					t.Errorf("outcome = %q, want %q", rec.Outcome, tc.outcome)
				}
				confirm := r.camp.Lines.OptOutConfirmation
				if tc.outcome == agent.OutcomeRefused {
					confirm = r.camp.Lines.RefusalClose
				}
				iDNC, iConfirm := r.log.Index("dnc: "+number), r.log.Index("agent: "+confirm)
				iHang, iSave := r.log.Index("hangup"), r.log.Index("save: "+string(tc.outcome))
				if iDNC < 0 || iConfirm < 0 || iHang < 0 || iSave < 0 {
					t.Fatalf("log lacks an opt-out step (dnc %d, confirm %d, hangup %d, save %d): %q", iDNC, iConfirm, iHang, iSave, r.log.Entries())
				}
				if !(iDNC < iConfirm && iConfirm < iHang && iHang < iSave) {
					t.Errorf("order: dnc %d, confirmation %d, hangup %d, call saved %d; want dnc first: %q", iDNC, iConfirm, iHang, iSave, r.log.Entries())
				}
				lines := agentLines(r.log)
				if last := lines[len(lines)-1]; last != "agent: "+confirm {
					t.Errorf("last agent speech = %q, want the confirmation; nothing may follow an opt-out", last)
				}
				if on, _ := r.store.IsOnDNC(context.Background(), r.camp.Business.RegisteredName, number); !on {
					t.Error("number is not on the do-not-call list")
				}
				if !rec.OptOut {
					t.Error("record does not show the opt-out")
				}
			})
		})
	}
}

func TestOptOutStoreFailureStillEndsCall(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig([]string{"How satisfied were you?"})
		r.store.FailOptOut = true
		r.line.After = func(i int, _ string) string { return "stop calling me" }
		rec, err := r.run(t)
		if !errors.Is(err, agent.ErrOptOutNotRecorded) {
			t.Fatalf("err = %v, want ErrOptOutNotRecorded", err)
		}
		if rec.Outcome != agent.OutcomeOptOut || r.log.Index("hangup") < 0 {
			t.Errorf("outcome %q, hangup at %d: the call must still end", rec.Outcome, r.log.Index("hangup"))
		}
	})
}

func TestBlockedSentencesNeverReachTheLine(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		forbidden := []string{"I'm a real person, I promise.", "You are guaranteed to save 50% on every visit!"}
		r := newRig([]string{"I'm a real ", "person, I promise. You are guaranteed ", "to save 50% on every visit! How satisfied were you?"})
		r.line.After = func(i int, text string) string {
			if strings.HasSuffix(text, "?") {
				return "stop calling me"
			}
			return ""
		}
		rec, err := r.run(t)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range r.log.Entries() {
			for _, f := range forbidden {
				if strings.Contains(e, f) || strings.Contains(e, "real person") || strings.Contains(e, "guaranteed") {
					t.Errorf("forbidden text reached the line: %q", e)
				}
			}
		}
		var cats []guardrails.Category
		for _, ev := range rec.Events {
			if ev.Kind == guardrails.EventBlocked {
				cats = append(cats, ev.Category)
				// A human claim is answered with the campaign's AI answer, once;
				// a second block right after it says nothing.
				if want := map[bool]string{true: r.camp.Lines.AIAnswer, false: ""}[len(cats) == 1]; ev.Replacement != want {
					t.Errorf("replacement %d = %q, want %q", len(cats), ev.Replacement, want)
				}
			}
		}
		want := []guardrails.Category{guardrails.CategoryClaimsHuman, guardrails.CategoryGuaranteedOutcome}
		if len(cats) != len(want) || cats[0] != want[0] || cats[1] != want[1] {
			t.Errorf("blocked categories = %v, want %v", cats, want)
		}
		if got := r.log.Index("agent: " + r.camp.Lines.AIAnswer); got < 0 {
			t.Error("the AI answer was not said in place of the human claim")
		}
	})
}

func TestBargeInKeepsOnlyPlayedWords(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		long := "Before we start I would like to tell you a little about how this short survey works and why we ask."
		r := newRig([]string{long}, []string{"How satisfied were you?"}, []string{"Thanks."})
		r.line.During = func(i int, text string) (string, float64) {
			if text == long {
				return "sorry what survey", 0.5
			}
			return "", 0
		}
		r.line.After = func(i int, text string) string {
			if strings.HasSuffix(text, "?") {
				return "<hangup>"
			}
			return ""
		}
		rec, err := r.run(t)
		if err != nil {
			t.Fatal(err)
		}
		var cut *agent.Turn
		for i := range rec.Turns {
			if rec.Turns[i].Interrupted {
				cut = &rec.Turns[i]
			}
		}
		if cut == nil {
			t.Fatalf("no interrupted turn in %+v", rec.Turns)
		}
		if cut.Text == long || !strings.HasPrefix(long, cut.Text) || len(cut.Text) < len(long)/4 {
			t.Errorf("interrupted turn text = %q, want a proper prefix of about half the sentence", cut.Text)
		}
		if len(r.resp.Inputs) < 2 {
			t.Fatalf("responder asked %d times, want >= 2", len(r.resp.Inputs))
		}
		in := r.resp.Inputs[1]
		if in.Utterance != "sorry what survey" {
			t.Errorf("next input = %q, want the barge-in utterance", in.Utterance)
		}
		for _, m := range in.History {
			if m.Role == "agent" && m.Text == long {
				t.Error("history holds the whole interrupted sentence; want only what was played")
			}
		}
	})
}

func TestBackchannelDoesNotInterrupt(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		long := "Thanks for taking the time to talk with us today about the visit from our team."
		r := newRig([]string{long + " How satisfied were you?"})
		r.line.During = func(i int, text string) (string, float64) {
			if text == long {
				return "uh huh", 0.5
			}
			return "", 0
		}
		r.line.After = func(i int, text string) string {
			if strings.HasSuffix(text, "?") {
				return "<hangup>"
			}
			return ""
		}
		if _, err := r.run(t); err != nil {
			t.Fatal(err)
		}
		if r.log.Index("agent: "+long) < 0 {
			t.Errorf("sentence was cut by a backchannel: %q", r.log.Entries())
		}
	})
}

func TestAskIfAIAnsweredFromCampaign(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig([]string{"How satisfied were you?"})
		n := 0
		r.line.After = func(i int, text string) string {
			if strings.HasSuffix(text, "?") {
				n++
				if n == 1 {
					return "wait am i talking to a machine"
				}
				return "<hangup>"
			}
			return ""
		}
		rec, err := r.run(t)
		if err != nil {
			t.Fatal(err)
		}
		if r.log.Index("agent: "+r.camp.Lines.AIAnswer) < 0 {
			t.Errorf("the campaign's AI answer was not said: %q", r.log.Entries())
		}
		if got := r.resp.Inputs[len(r.resp.Inputs)-1].Handled; got != guardrails.IntentAskIfAI {
			t.Errorf("responder input Handled = %q, want %q", got, guardrails.IntentAskIfAI)
		}
		if rec.Outcome != agent.OutcomeHungUp {
			t.Errorf("outcome = %q, want %q", rec.Outcome, agent.OutcomeHungUp)
		}
	})
}

func TestResponderFailureSaysFallback(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig([]string{"How satisfied "})
		r.resp.Err = errors.New("stream broke")
		rec, err := r.run(t)
		if err != nil {
			t.Fatal(err)
		}
		if rec.Outcome != agent.OutcomeFailed || rec.EndReason != agent.EndError {
			t.Errorf("outcome %q/%q, want failed/error", rec.Outcome, rec.EndReason)
		}
		if r.log.Index("agent: "+r.camp.Lines.SafeFallback) < 0 {
			t.Errorf("fallback not said: %q", r.log.Entries())
		}
	})
}

func TestCallerSilenceEndsCall(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig([]string{"How satisfied were you?"})
		rec, err := r.run(t)
		if err != nil {
			t.Fatal(err)
		}
		if rec.Outcome != agent.OutcomeIncomplete {
			t.Errorf("outcome = %q, want %q", rec.Outcome, agent.OutcomeIncomplete)
		}
		if r.log.Index("agent: Hello, are you still there?") < 0 {
			t.Errorf("the agent did not ask whether the callee is there: %q", r.log.Entries())
		}
	})
}

func TestSynthesizerDiesMidSentence(t *testing.T) {
	died := errors.New("text-to-speech process died")
	for _, tc := range []struct {
		name    string
		failOn  string
		after   string
		outcome agent.Outcome
	}{
		{"during a question", "How satisfied were you?", "", agent.OutcomeFailed},
		{"during the opt-out confirmation", "Understood. You won't be called again. Goodbye.", "stop calling me", agent.OutcomeOptOut},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newRig([]string{"How satisfied were you?"})
				r.line.Fail = func(text string) error {
					if text == tc.failOn {
						return died
					}
					return nil
				}
				r.line.After = func(i int, text string) string {
					if strings.HasSuffix(text, "?") {
						return tc.after
					}
					return ""
				}
				rec, err := r.run(t)
				if tc.outcome == agent.OutcomeFailed && (rec.EndReason != agent.EndError || !errors.Is(err, died)) {
					t.Errorf("end reason = %q, err %v; want %q and the synthesizer's error", rec.EndReason, err, agent.EndError)
				}
				if rec.Outcome != tc.outcome {
					t.Errorf("outcome = %q, want %q", rec.Outcome, tc.outcome)
				}
				if tc.outcome == agent.OutcomeOptOut {
					if on, _ := r.store.IsOnDNC(context.Background(), r.camp.Business.RegisteredName, number); !on {
						t.Error("opt-out not recorded although the confirmation failed")
					}
				}
				if r.log.Index("hangup") < 0 || r.store.Call("c1") == nil {
					t.Errorf("call not ended and saved cleanly: %q", r.log.Entries())
				}
			})
		})
	}
}

// gatedResponder streams one sentence, then waits until the line has played
// it before it streams the rest: the call only goes on if the first sentence
// is spoken before the responder has finished.
type gatedResponder struct {
	log   *agenttest.Log
	first string
	rest  string
	turns int
}

type gatedReply struct {
	r *gatedResponder
	i int
}

func (g *gatedResponder) Respond(ctx context.Context, in agent.Input) (agent.Reply, error) {
	g.turns++
	return &gatedReply{r: g}, nil
}

func (p *gatedReply) Next() (string, error) {
	p.i++
	switch {
	case p.i == 1 && p.r.turns == 1:
		return p.r.first + " ", nil
	case p.i == 2 && p.r.turns == 1:
		for p.r.log.Index("agent: "+p.r.first) < 0 {
			time.Sleep(10 * time.Millisecond)
		}
		return p.r.rest, nil
	}
	return "", io.EOF
}

func (p *gatedReply) Close() error { return nil }

func TestFirstSentencePlaysBeforeResponderFinishes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig()
		g := &gatedResponder{log: r.log, first: "Thanks for taking my call.", rest: "How satisfied were you?"}
		r.line.After = func(i int, text string) string {
			if strings.HasSuffix(text, "?") {
				return "<hangup>"
			}
			return ""
		}
		s, err := agent.NewSession(agent.SessionConfig{
			CallID: "c1", Campaign: r.camp, Number: number, Rail: agent.RailFor(r.camp),
			Responder: g, Synth: agent.TextSynth{}, Store: r.store, Line: r.line,
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
		if r.log.Index("agent: How satisfied were you?") < 0 {
			t.Errorf("the rest of the reply was never spoken: %q", r.log.Entries())
		}
	})
}
