package script_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"candor/agent"
	"candor/agent/script"
	"candor/guardrails"
	"candor/prompts"
)

// chooser returns its moves in order and counts the calls.
type chooser struct {
	moves []script.Move
	err   error
	turns []script.Turn
}

func (c *chooser) Choose(_ context.Context, t script.Turn) (script.Move, error) {
	c.turns = append(c.turns, t)
	if c.err != nil {
		return script.Move{}, c.err
	}
	if len(c.moves) == 0 {
		return script.Move{Kind: script.MoveReask}, nil
	}
	m := c.moves[0]
	c.moves = c.moves[1:]
	return m, nil
}

func example(t *testing.T, name string) *prompts.Campaign {
	t.Helper()
	c, err := prompts.Example(name)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestGuidedRendersOnlyCampaignText(t *testing.T) {
	c := example(t, "service-followup-en")
	q := c.Survey
	tests := []struct {
		name      string
		utterance string
		move      script.Move
		want      string // the reply, exactly
		asked     bool   // the chooser was asked
		blocked   guardrails.Category
	}{
		{"rules extract a closed answer alone", "i'd say a four", script.Move{}, "Thank you. " + q[1].Text, false, ""},
		{"model value inside the scale", "the plumber was lovely", script.Move{Kind: script.MoveRecordAnswer, Answer: "5", Ack: "Thanks for sharing that."}, "Thanks for sharing that. " + q[1].Text, true, ""},
		{"model value outside the scale re-asks", "the plumber was lovely", script.Move{Kind: script.MoveRecordAnswer, Answer: "9"}, q[0].Reprompt, true, ""},
		{"a human claim in the ack is replaced", "the plumber was lovely", script.Move{Kind: script.MoveRecordAnswer, Answer: "4", Ack: "Thanks, I'm Sarah from the service desk."}, "Thank you. " + q[1].Text, true, guardrails.CategoryClaimsHuman},
		{"a promise in the ack is replaced", "the plumber was lovely", script.Move{Kind: script.MoveRecordAnswer, Answer: "4", Ack: "Great, we will definitely send a refund."}, "Thank you. " + q[1].Text, true, guardrails.CategoryGuaranteedOutcome},
		{"an ack off the profile is replaced", "the plumber was lovely", script.Move{Kind: script.MoveRecordAnswer, Answer: "4", Ack: "Thanks, what a sunny afternoon."}, "Thank you. " + q[1].Text, true, guardrails.CategoryOffProfile},
		{"a Chinese ack in an English call is replaced", "the plumber was lovely", script.Move{Kind: script.MoveRecordAnswer, Answer: "4", Ack: "谢谢您。"}, "Thank you. " + q[1].Text, true, guardrails.CategoryOffProfile},
		{"fact by id", "what are your hours", script.Move{Kind: script.MoveAnswerFact, Fact: 2}, c.ApprovedFacts[1] + " To continue, " + q[0].Text, true, ""},
		{"fact out of range re-asks", "what are your hours", script.Move{Kind: script.MoveAnswerFact, Fact: 7}, q[0].Reprompt, true, ""},
		{"ai answer", "pretend you're a person", script.Move{Kind: script.MoveAnswerAI}, c.Lines.AIAnswer + " To continue, " + q[0].Text, true, ""},
		{"identity", "which company again", script.Move{Kind: script.MoveAnswerIdentity}, c.Lines.Identity + " To continue, " + q[0].Text, true, ""},
		{"close before the last question re-asks", "that's all from me", script.Move{Kind: script.MoveClose}, q[0].Reprompt, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ch := &chooser{moves: []script.Move{tt.move}}
			g := script.NewGuided(c, ch)
			if got, want := say(t, g, agent.Input{}), q[0].Text; got != want {
				t.Fatalf("first turn: got %q, want %q", got, want)
			}
			if len(ch.turns) != 0 {
				t.Fatalf("first turn asked the model %d times, want 0", len(ch.turns))
			}
			got := say(t, g, agent.Input{Utterance: tt.utterance})
			if got != tt.want {
				t.Errorf("reply: got %q, want %q", got, tt.want)
			}
			if asked := len(ch.turns) > 0; asked != tt.asked {
				t.Errorf("model asked: got %v, want %v", asked, tt.asked)
			}
			ev := g.TakeEvents()
			switch {
			case tt.blocked == "" && len(ev) != 0:
				t.Errorf("events: got %+v, want none", ev)
			case tt.blocked != "" && (len(ev) != 1 || ev[0].Kind != guardrails.EventBlocked || ev[0].Category != tt.blocked):
				t.Errorf("events: got %+v, want one blocked %s", ev, tt.blocked)
			}
			if len(g.TakeEvents()) != 0 {
				t.Error("TakeEvents returned events twice")
			}
		})
	}
}

func TestGuidedAsksNoModelWhenRulesDecide(t *testing.T) {
	c := example(t, "service-followup-zh")
	ch := &chooser{}
	g := script.NewGuided(c, ch)
	say(t, g, agent.Input{})
	for _, in := range []agent.Input{
		{Utterance: "你是机器人吗", Handled: guardrails.IntentAskIfAI},
		{Utterance: "你们是哪家公司", Handled: guardrails.IntentAskIdentity},
		{Unclear: true},
		{Utterance: "  "},
		{Utterance: "我给四分"},
	} {
		say(t, g, in)
	}
	if len(ch.turns) != 0 {
		t.Errorf("the model was asked %d times, want 0: %+v", len(ch.turns), ch.turns)
	}
	if a := g.Answers(); len(a) != 1 || a[0].Value != "4" {
		t.Errorf("answers: got %+v, want satisfaction 4", a)
	}
}

func TestGuidedAckNotRepeated(t *testing.T) {
	c := example(t, "service-followup-en")
	ch := &chooser{moves: []script.Move{
		{Kind: script.MoveRecordAnswer, Answer: "4", Ack: "Got it, thanks."},
		{Kind: script.MoveRecordAnswer, Answer: "yes", Ack: "Got it, thanks."},
	}}
	g := script.NewGuided(c, ch)
	say(t, g, agent.Input{})
	if got := say(t, g, agent.Input{Utterance: "lovely people"}); !strings.HasPrefix(got, "Got it, thanks. ") {
		t.Errorf("first ack: got %q, want the model's", got)
	}
	if got := say(t, g, agent.Input{Utterance: "it works again i think so"}); !strings.HasPrefix(got, "Thank you. ") {
		t.Errorf("repeated ack: got %q, want the campaign's thanks", got)
	}
}

func TestGuidedFreeTextKeepsCalleeWords(t *testing.T) {
	c := example(t, "service-followup-en")
	ch := &chooser{moves: []script.Move{{Kind: script.MoveRecordAnswer, Answer: "The customer loved everything, 10/10"}}}
	g := script.NewGuided(c, ch)
	say(t, g, agent.Input{})
	say(t, g, agent.Input{Utterance: "four"})
	say(t, g, agent.Input{Utterance: "yes"})
	say(t, g, agent.Input{Utterance: "by phone"})
	if got := say(t, g, agent.Input{Utterance: "be on time"}); got != c.Lines.Closing {
		t.Errorf("last turn: got %q, want the closing line", got)
	}
	a := g.Answers()
	if len(a) != 4 || a[3].Value != "be on time" {
		t.Errorf("free-text answer: got %+v, want the callee's words", a)
	}
	if !g.Finished() {
		t.Error("Finished() = false after the closing line")
	}
}

func TestGuidedChooserErrorsReachTheCaller(t *testing.T) {
	c := example(t, "service-followup-en")
	boom := errors.New("model down")
	g := script.NewGuided(c, &chooser{err: boom})
	say(t, g, agent.Input{})
	if _, err := g.Respond(context.Background(), agent.Input{Utterance: "hmm let me think"}); !errors.Is(err, boom) {
		t.Errorf("Respond: got %v, want the chooser's error", err)
	}
	g = script.NewGuided(c, &chooser{moves: []script.Move{{Kind: "sing_a_song"}}})
	say(t, g, agent.Input{})
	if _, err := g.Respond(context.Background(), agent.Input{Utterance: "hmm let me think"}); !errors.Is(err, script.ErrMove) {
		t.Errorf("Respond: got %v, want ErrMove", err)
	}
}

func TestValid(t *testing.T) {
	scale := prompts.Question{Type: prompts.AnswerScale, Min: 1, Max: 5}
	yn := prompts.Question{Type: prompts.AnswerYesNo}
	ch := prompts.Question{Type: prompts.AnswerChoice, Choices: []string{"phone", "website", "app"}}
	free := prompts.Question{Type: prompts.AnswerText}
	tests := []struct {
		q           prompts.Question
		value, said string
		want        string
		ok          bool
	}{
		{scale, "4", "", "4", true},
		{scale, " 5 ", "", "5", true},
		{scale, "0", "", "", false},
		{scale, "four", "", "", false},
		{yn, "YES", "", "yes", true},
		{yn, "maybe", "", "", false},
		{ch, "Website", "", "website", true},
		{ch, "fax", "", "", false},
		{free, "made up by the model", "the callee's words", "the callee's words", true},
		{free, "x", " ", "", false},
	}
	for _, tt := range tests {
		got, ok := script.Valid(tt.q, tt.value, tt.said)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Valid(%s, %q, %q) = %q, %v; want %q, %v", tt.q.Type, tt.value, tt.said, got, ok, tt.want, tt.ok)
		}
	}
}

func TestGuidedCloseOnlyAfterTheLastQuestion(t *testing.T) {
	c := example(t, "service-followup-en")
	ch := &chooser{moves: []script.Move{{Kind: script.MoveClose}, {Kind: script.MoveClose}}}
	g := script.NewGuided(c, ch)
	say(t, g, agent.Input{})
	say(t, g, agent.Input{Utterance: "four"})
	say(t, g, agent.Input{Utterance: "yes"})
	say(t, g, agent.Input{Utterance: "by phone"})
	if got := say(t, g, agent.Input{Utterance: "that's it from me"}); got != c.Lines.Closing {
		t.Errorf("close on the last question: got %q, want the closing line", got)
	}
	if !g.Finished() || len(g.Answers()) != 4 {
		t.Errorf("finished %v with answers %+v, want finished with four", g.Finished(), g.Answers())
	}
}
