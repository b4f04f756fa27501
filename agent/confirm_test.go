package agent_test

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"candor/agent"
	"candor/agent/agenttest"
	"candor/agent/script"
	"candor/guardrails"
	"candor/prompts"
)

// weakOn is a classifier that reports the utterances in weak as weak verdicts
// (as the rewritten classifier will for indirect or hedged ones) and reads
// everything else with the real rules.
func weakOn(weak map[string]guardrails.Intent) agent.Classifier {
	return func(text, lang string) guardrails.IntentResult {
		if in, ok := weak[text]; ok {
			return guardrails.IntentResult{Intent: in, Weak: true}
		}
		return guardrails.ClassifyResult(text, lang)
	}
}

// confirmRun runs a call of camp with the real campaign script: the callee
// gives answer to every survey question except the first, says weakText to
// the first, and answers the confirmation question with reply ("" for
// silence).
func confirmRun(t *testing.T, camp *prompts.Campaign, weakText, reply string) (*agent.CallRecord, *rig, error) {
	t.Helper()
	r := newRig()
	r.camp = camp
	q := camp.ConfirmOptOut()
	first := camp.Survey[0].Text
	asked := 0
	r.line.After = func(i int, text string) string {
		switch {
		case text == q:
			asked++
			return reply
		case text == first && asked == 0:
			return weakText
		}
		return surveyAnswer(camp, text)
	}
	s, err := agent.NewSession(agent.SessionConfig{
		CallID: "c1", Campaign: camp, Number: number, Rail: agent.RailFor(camp),
		Responder: script.New(camp), Synth: agent.TextSynth{}, Store: r.store, Line: r.line,
		NoInputTimeout: 20 * time.Second, ConfirmTimeout: 6 * time.Second,
		Classify: weakOn(map[string]guardrails.Intent{
			"i would rather you did not ring this number": guardrails.IntentOptOut,
			"i am not sure i want to do this":             guardrails.IntentRefusal,
			"我不太想接这种电话":                                   guardrails.IntentOptOut,
		}),
	})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := s.Run(context.Background())
	return rec, r, err
}

// surveyAnswer is a valid answer to the survey question the agent's text
// asks ("" when it asks none).
func surveyAnswer(c *prompts.Campaign, text string) string {
	zh := c.Language == "zh"
	for _, q := range c.Survey {
		if !strings.Contains(text, q.Text) {
			continue
		}
		switch q.Type {
		case prompts.AnswerScale:
			return map[bool]string{true: "四分", false: "four"}[zh]
		case prompts.AnswerYesNo:
			return map[bool]string{true: "解决了", false: "yes it was"}[zh]
		case prompts.AnswerChoice:
			return q.Choices[0]
		default:
			return map[bool]string{true: "没有了", false: "nothing really"}[zh]
		}
	}
	return ""
}

func zhCampaign(t *testing.T) *prompts.Campaign {
	t.Helper()
	c, err := prompts.Example("service-followup-zh")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func enCampaign(t *testing.T) *prompts.Campaign {
	t.Helper()
	c, err := prompts.Example("service-followup-en")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func eventsOf(rec *agent.CallRecord, k guardrails.EventKind) []guardrails.Event {
	var out []guardrails.Event
	for _, e := range rec.Events {
		if e.Kind == k {
			out = append(out, e)
		}
	}
	return out
}

// A weak opt-out or refusal makes the agent ask the campaign's question; yes,
// a repeat, anything ending, the key or silence record the opt-out before
// the closing and the hang-up; no goes back to the survey where it stood.
func TestWeakVerdictIsConfirmed(t *testing.T) {
	tests := []struct {
		name, lang, weak, reply string
		optOut                  bool
		rule                    string
	}{
		{"yes", "en", "i would rather you did not ring this number", "yes please", true, "yes"},
		{"yeah, sure", "en", "i am not sure i want to do this", "yeah sure", true, "yes"},
		{"a repeat", "en", "i would rather you did not ring this number", "just stop calling me", true, "repeat"},
		{"ending-ish", "en", "i am not sure i want to do this", "i am not interested", true, "ending"},
		{"no, then not interested", "en", "i am not sure i want to do this", "no i am not interested", true, "ending"},
		{"the opt-out key", "en", "i would rather you did not ring this number", "#:9", true, "key"},
		{"silence", "en", "i would rather you did not ring this number", "", true, "silence"},
		{"unclear twice", "en", "i would rather you did not ring this number", "hmm what", true, "unclear"},
		{"no", "en", "i would rather you did not ring this number", "no", false, "no"},
		{"no thanks", "en", "i am not sure i want to do this", "no thanks it is fine", false, "no"},
		{"nope", "en", "i would rather you did not ring this number", "nope go on", false, "no"},
		{"zh yes", "zh", "我不太想接这种电话", "是的", true, "yes"},
		{"zh a repeat", "zh", "我不太想接这种电话", "别再打了", true, "repeat"},
		{"zh silence", "zh", "我不太想接这种电话", "", true, "silence"},
		{"zh no", "zh", "我不太想接这种电话", "不用了，谢谢", false, "no"},
		{"zh no, keep going", "zh", "我不太想接这种电话", "不是，继续吧", false, "no"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				camp := enCampaign(t)
				if tt.lang == "zh" {
					camp = zhCampaign(t)
				}
				rec, r, err := confirmRun(t, camp, tt.weak, tt.reply)
				if err != nil {
					t.Fatalf("run: %v", err)
				}
				q := camp.ConfirmOptOut()
				iAsk := r.log.Index("agent: " + q)
				if iAsk < 0 {
					t.Fatalf("the confirmation question %q was not asked: %q", q, r.log.Entries())
				}
				asked, ans := eventsOf(rec, guardrails.EventConfirmAsked), eventsOf(rec, guardrails.EventConfirmAnswered)
				if len(asked) != 1 || asked[0].Question != q || asked[0].Text != tt.weak {
					t.Errorf("confirm_asked events: got %+v, want one with the question and %q", asked, tt.weak)
				}
				if len(ans) != 1 || ans[0].Question != q || ans[0].Rule != tt.rule {
					t.Fatalf("confirm_answered events: got %+v, want one read as %q", ans, tt.rule)
				}
				wantText := strings.TrimPrefix(tt.reply, "#:")
				if ans[0].Text != wantText {
					t.Errorf("recorded answer: got %q, want %q", ans[0].Text, wantText)
				}
				on, _ := r.store.IsOnDNC(context.Background(), camp.Business.RegisteredName, number)
				if !tt.optOut {
					if on || rec.OptOut || rec.Outcome != agent.OutcomeCompleted {
						t.Fatalf("after no: on list %v, opt-out %v, outcome %q; want the survey completed: %q", on, rec.OptOut, rec.Outcome, r.log.Entries())
					}
					// Back where it stood: the first question again, then the rest.
					again := false
					for _, e := range r.log.Entries()[iAsk+1:] {
						again = again || strings.HasPrefix(e, "agent: ") && strings.Contains(e, camp.Survey[0].Text)
					}
					if !again || r.log.Index("agent: "+scriptResume(camp)) < 0 && r.log.Index("agent: "+scriptResume(camp)+" "+camp.Survey[0].Text) < 0 {
						t.Errorf("the first question was not resumed after the no: %q", r.log.Entries())
					}
					if len(rec.Answers) != len(camp.Survey) || rec.Answers[0].QuestionID != camp.Survey[0].ID {
						t.Errorf("answers: got %+v, want all %d questions answered", rec.Answers, len(camp.Survey))
					}
					return
				}
				if !on || !rec.OptOut || rec.Outcome != agent.OutcomeOptOut {
					t.Fatalf("on list %v, opt-out %v, outcome %q; want the opt-out recorded", on, rec.OptOut, rec.Outcome)
				}
				iDNC, iClose, iHang := r.log.Index("dnc: "+number), r.log.Index("agent: "+camp.Lines.OptOutConfirmation), r.log.Index("hangup")
				if !(iAsk < iDNC && iDNC < iClose && iClose < iHang) {
					t.Errorf("order: question %d, dnc %d, closing %d, hangup %d; want in that order: %q", iAsk, iDNC, iClose, iHang, r.log.Entries())
				}
				lines := agentLines(r.log)
				if last := lines[len(lines)-1]; last != "agent: "+camp.Lines.OptOutConfirmation {
					t.Errorf("last agent speech: got %q, want the opt-out confirmation", last)
				}
			})
		})
	}
}

// scriptResume is what the campaign script says before a question it resumes.
func scriptResume(c *prompts.Campaign) string {
	if c.Language == "zh" {
		return "我们继续。"
	}
	return "To continue,"
}

// Silence while the question stands counts only after ConfirmTimeout.
func TestConfirmSilenceTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		rec, _, err := confirmRun(t, enCampaign(t), "i would rather you did not ring this number", "")
		if err != nil {
			t.Fatal(err)
		}
		asked := eventsOf(rec, guardrails.EventConfirmAsked)
		if len(asked) != 1 {
			t.Fatalf("confirm_asked: got %d, want 1", len(asked))
		}
		// The question's playout end to the opt-out: the timeout exactly.
		var qEnd time.Time
		for _, tr := range rec.Turns {
			if tr.Speaker == "agent" && tr.Text == enCampaign(t).ConfirmOptOut() {
				qEnd = tr.At.Add(agent.SpeakingTime(tr.Text, 0))
			}
		}
		if got := rec.OptOutAt.Sub(qEnd); got != 6*time.Second {
			t.Errorf("opt-out %v after the question ended, want the 6s timeout (call began %v)", got, start)
		}
	})
}

// A clear opt-out still ends the call at once: no question, and no wait for
// a slow second opinion.
func TestStrongVerdictNotConfirmed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		judge := &intentJudge{delay: time.Hour}
		r := newRig([]string{"How satisfied were you?"})
		r.line.After = func(i int, text string) string {
			if strings.HasSuffix(text, "?") {
				return "take me off your list"
			}
			return ""
		}
		s, err := agent.NewSession(agent.SessionConfig{
			CallID: "c1", Campaign: r.camp, Number: number, Rail: agent.RailFor(r.camp),
			Responder: r.resp, Synth: agent.TextSynth{}, Store: r.store, Line: r.line, IntentJudge: judge,
		})
		if err != nil {
			t.Fatal(err)
		}
		heardAt := time.Now()
		rec, err := s.Run(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if r.log.Index("agent: "+r.camp.ConfirmOptOut()) >= 0 || len(eventsOf(rec, guardrails.EventConfirmAsked)) != 0 {
			t.Errorf("a clear opt-out was confirmed: %q", r.log.Entries())
		}
		if judge.calls.Load() != 0 {
			t.Errorf("the second opinion was asked %d times about a clear opt-out, want 0", judge.calls.Load())
		}
		if rec.Outcome != agent.OutcomeOptOut || r.log.Index("dnc: "+number) < 0 {
			t.Errorf("outcome %q, log %q: want the opt-out recorded", rec.Outcome, r.log.Entries())
		}
		// The disclosure and the question took their speaking time; the opt-out
		// came right when the utterance was heard.
		d := agent.SpeakingTime(r.camp.DisclosureText(), 0) + agent.SpeakingTime("How satisfied were you?", 0)
		if got := rec.OptOutAt.Sub(heardAt); got != d {
			t.Errorf("opt-out at +%v, want +%v (no wait)", got, d)
		}
	})
}

// intentJudge answers every intent question with in after delay.
type intentJudge struct {
	delay time.Duration
	in    guardrails.Intent
	err   error
	calls atomic.Int32
}

func (j *intentJudge) JudgeIntent(ctx context.Context, utterance, asked, lang string) (guardrails.Intent, error) {
	j.calls.Add(1)
	select {
	case <-time.After(j.delay):
	case <-ctx.Done():
		return "", ctx.Err()
	}
	return j.in, j.err
}

// The second opinion turns none into a weak verdict (confirmed) and a weak
// verdict into none; late or failing, it changes nothing.
func TestSecondOpinionOnIntent(t *testing.T) {
	const hedge = "i would rather you did not ring this number"
	tests := []struct {
		name      string
		utterance string
		judge     *intentJudge
		wantAsk   bool
		review    bool
	}{
		{"none to weak opt-out", "it was fine i suppose", &intentJudge{in: guardrails.IntentOptOut, delay: 100 * time.Millisecond}, true, true},
		{"weak to none", hedge, &intentJudge{in: guardrails.IntentNone, delay: 100 * time.Millisecond}, false, true},
		{"weak stays weak", hedge, &intentJudge{in: guardrails.IntentOptOut}, true, false},
		{"late: the rules' verdict", hedge, &intentJudge{in: guardrails.IntentNone, delay: time.Minute}, true, false},
		{"error: the rules' verdict", hedge, &intentJudge{err: errors.New("down")}, true, false},
		{"late none stays none", "it was fine i suppose", &intentJudge{in: guardrails.IntentOptOut, delay: time.Minute}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				camp := enCampaign(t)
				r := newRig()
				r.camp = camp
				q := camp.ConfirmOptOut()
				asked := false
				r.line.After = func(i int, text string) string {
					switch {
					case text == q:
						return "yes"
					case text == camp.Survey[0].Text && !asked:
						asked = true
						return tt.utterance
					}
					return surveyAnswer(camp, text)
				}
				s, err := agent.NewSession(agent.SessionConfig{
					CallID: "c1", Campaign: camp, Number: number, Rail: agent.RailFor(camp),
					Responder: script.New(camp), Synth: agent.TextSynth{}, Store: r.store, Line: r.line,
					Classify:    weakOn(map[string]guardrails.Intent{hedge: guardrails.IntentOptOut}),
					IntentJudge: tt.judge, IntentTimeout: 500 * time.Millisecond,
				})
				if err != nil {
					t.Fatal(err)
				}
				rec, err := s.Run(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				if got := r.log.Index("agent: "+q) >= 0; got != tt.wantAsk {
					t.Errorf("confirmation asked: got %v, want %v: %q", got, tt.wantAsk, r.log.Entries())
				}
				if tt.wantAsk != rec.OptOut {
					t.Errorf("opt-out: got %v, want %v (the callee says yes to the question)", rec.OptOut, tt.wantAsk)
				}
				if got := len(eventsOf(rec, guardrails.EventIntentReview)) == 1; got != tt.review {
					t.Errorf("intent_review event: got %v, want %v: %+v", got, tt.review, rec.Events)
				}
				if tt.judge.calls.Load() == 0 {
					t.Error("the second opinion was never asked")
				}
			})
		})
	}
}

func TestReviewIntent(t *testing.T) {
	weak := func(in guardrails.Intent) guardrails.IntentResult {
		return guardrails.IntentResult{Intent: in, Weak: true}
	}
	strong := func(in guardrails.Intent) guardrails.IntentResult { return guardrails.IntentResult{Intent: in} }
	tests := []struct {
		rules guardrails.IntentResult
		model guardrails.Intent
		want  guardrails.IntentResult
	}{
		{strong(guardrails.IntentNone), guardrails.IntentOptOut, weak(guardrails.IntentOptOut)},
		{strong(guardrails.IntentNone), guardrails.IntentRefusal, weak(guardrails.IntentRefusal)},
		{strong(guardrails.IntentNone), guardrails.IntentNone, strong(guardrails.IntentNone)},
		{weak(guardrails.IntentRefusal), guardrails.IntentNone, strong(guardrails.IntentNone)},
		{weak(guardrails.IntentOptOut), guardrails.IntentRefusal, weak(guardrails.IntentOptOut)},
		// A clear verdict of the rules stands whatever the model says.
		{strong(guardrails.IntentOptOut), guardrails.IntentNone, strong(guardrails.IntentOptOut)},
		{strong(guardrails.IntentCallback), guardrails.IntentOptOut, strong(guardrails.IntentCallback)},
	}
	for _, tt := range tests {
		if got := agent.ReviewIntent(tt.rules, tt.model); got != tt.want {
			t.Errorf("ReviewIntent(%+v, %s): got %+v, want %+v", tt.rules, tt.model, got, tt.want)
		}
	}
}

// A hang-up while the question stands records the opt-out all the same.
func TestConfirmHangupIsOptOut(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		camp := enCampaign(t)
		rec, r, err := confirmRun(t, camp, "i would rather you did not ring this number", "<hangup>")
		if err != nil {
			t.Fatal(err)
		}
		ans := eventsOf(rec, guardrails.EventConfirmAnswered)
		if len(ans) != 1 || ans[0].Rule != "hangup" {
			t.Fatalf("confirm_answered: got %+v, want one read as hangup", ans)
		}
		on, _ := r.store.IsOnDNC(context.Background(), camp.Business.RegisteredName, number)
		if !on || rec.Outcome != agent.OutcomeOptOut || rec.OptOutUtterance != "i would rather you did not ring this number" {
			t.Errorf("on list %v, outcome %q, utterance %q: want the opt-out recorded", on, rec.Outcome, rec.OptOutUtterance)
		}
	})
}

// A weak opt-out said over the disclosure does not cut it short: the
// disclosure is played in full, then the question is asked.
func TestWeakOverDisclosure(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		camp := enCampaign(t)
		const hedge = "i would rather you did not ring this number"
		r := newRig()
		r.camp = camp
		r.line.During = func(i int, _ string) (string, float64) {
			if i == 0 {
				return hedge, 0.5
			}
			return "", 0
		}
		r.line.After = func(i int, text string) string {
			if text == camp.ConfirmOptOut() {
				return "yes"
			}
			return surveyAnswer(camp, text)
		}
		s, err := agent.NewSession(agent.SessionConfig{
			CallID: "c1", Campaign: camp, Number: number, Rail: agent.RailFor(camp),
			Responder: script.New(camp), Synth: agent.TextSynth{}, Store: r.store, Line: r.line,
			Classify: weakOn(map[string]guardrails.Intent{hedge: guardrails.IntentOptOut}),
		})
		if err != nil {
			t.Fatal(err)
		}
		rec, err := s.Run(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if !rec.DisclosureComplete {
			t.Error("a weak opt-out cut the disclosure short")
		}
		iDisc, iAsk, iDNC := r.log.Index("agent: "+camp.DisclosureText()), r.log.Index("agent: "+camp.ConfirmOptOut()), r.log.Index("dnc: "+number)
		if !(iDisc >= 0 && iDisc < iAsk && iAsk < iDNC) || rec.Outcome != agent.OutcomeOptOut {
			t.Errorf("disclosure %d, question %d, dnc %d, outcome %q; want them in order and the opt-out: %q", iDisc, iAsk, iDNC, rec.Outcome, r.log.Entries())
		}
		if r.log.Index("agent: "+camp.Survey[0].Text) >= 0 {
			t.Errorf("the survey began before the question was answered: %q", r.log.Entries())
		}
	})
}

// A question about the caller while the confirmation stands is answered
// truthfully, then the question is asked again.
func TestConfirmAnswersAQuestionFirst(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		camp := enCampaign(t)
		r := newRig()
		r.camp = camp
		const hedge = "i would rather you did not ring this number"
		q := camp.ConfirmOptOut()
		asked, first := 0, false
		r.line.After = func(i int, text string) string {
			switch {
			case text == q:
				asked++
				if asked == 1 {
					return "wait am i talking to a robot"
				}
				return "no"
			case text == camp.Survey[0].Text && !first:
				first = true
				return hedge
			}
			return surveyAnswer(camp, text)
		}
		s, err := agent.NewSession(agent.SessionConfig{
			CallID: "c1", Campaign: camp, Number: number, Rail: agent.RailFor(camp),
			Responder: script.New(camp), Synth: agent.TextSynth{}, Store: r.store, Line: r.line,
			Classify: weakOn(map[string]guardrails.Intent{hedge: guardrails.IntentOptOut}),
		})
		if err != nil {
			t.Fatal(err)
		}
		rec, err := s.Run(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		iAI := r.log.Index("agent: " + camp.Lines.AIAnswer)
		if asked != 2 || iAI < 0 || rec.OptOut || rec.Outcome != agent.OutcomeCompleted {
			t.Errorf("question asked %d times, AI answer at %d, opt-out %v, outcome %q; want the answer, the question again, then the survey: %q",
				asked, iAI, rec.OptOut, rec.Outcome, r.log.Entries())
		}
		ans := eventsOf(rec, guardrails.EventConfirmAnswered)
		if len(ans) != 2 || ans[0].Intent != guardrails.IntentAskIfAI || ans[1].Rule != "no" {
			t.Errorf("confirm_answered: got %+v, want the question then the no", ans)
		}
	})
}

// Speech in which the recogniser heard an opt-out's words, though its text
// reads as nothing that ends the call, is confirmed like a weak verdict;
// the question event says why it was asked.
func TestHeardOptOutIsConfirmed(t *testing.T) {
	const heard = "i told you the rooftop on the later number"
	tests := []struct {
		name, text, reply string
		optOut            bool
	}{
		{"yes", heard, "yes", true},
		{"silence", heard, "", true},
		{"no", heard, "no", false},
		{"an answer heard with the words", "four", "no go on", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				camp := enCampaign(t)
				rec, r, err := confirmRun(t, camp, agenttest.HeardOptOut+tt.text, tt.reply)
				if err != nil {
					t.Fatalf("run: %v", err)
				}
				asked := eventsOf(rec, guardrails.EventConfirmAsked)
				if len(asked) != 1 || asked[0].Text != tt.text || asked[0].Intent != guardrails.IntentOptOut || !strings.HasPrefix(asked[0].Rule, "heard") {
					t.Fatalf("confirm_asked events: got %+v, want one for %q with the heard rule: %q", asked, tt.text, r.log.Entries())
				}
				on, _ := r.store.IsOnDNC(context.Background(), camp.Business.RegisteredName, number)
				if on != tt.optOut || rec.OptOut != tt.optOut {
					t.Errorf("on list %v, opt-out %v, outcome %q; want opt-out %v", on, rec.OptOut, rec.Outcome, tt.optOut)
				}
				if !tt.optOut && rec.Outcome != agent.OutcomeCompleted {
					t.Errorf("after no: outcome %q, want completed", rec.Outcome)
				}
			})
		})
	}
}

// Without the recogniser's flag the same text goes on with the survey.
func TestUnflaggedTextNotConfirmed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec, _, err := confirmRun(t, enCampaign(t), "i told you the rooftop on the later number", "yes")
		if err != nil {
			t.Fatal(err)
		}
		if n := len(eventsOf(rec, guardrails.EventConfirmAsked)); n != 0 || rec.OptOut {
			t.Errorf("got %d questions and opt-out %v, want none", n, rec.OptOut)
		}
	})
}
