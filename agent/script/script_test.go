package script_test

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"candor/agent"
	"candor/agent/script"
	"candor/guardrails"
	"candor/prompts"
)

func TestExtract(t *testing.T) {
	scale := prompts.Question{ID: "s", Type: prompts.AnswerScale, Min: 1, Max: 5}
	yn := prompts.Question{ID: "y", Type: prompts.AnswerYesNo}
	choice := prompts.Question{ID: "c", Type: prompts.AnswerChoice, Choices: []string{"Phone", "Website", "Mobile app"}}
	free := prompts.Question{ID: "f", Type: prompts.AnswerText}
	cases := []struct {
		q      prompts.Question
		in     string
		want   string
		wantOK bool
	}{
		{scale, "um i'd say a four", "4", true},
		{scale, "4 out of 5", "4", true},
		{scale, "FIVE!", "5", true},
		{scale, "eleven", "", false},
		{scale, "it was excellent", "5", true},
		{scale, "pretty terrible honestly", "1", true},
		{scale, "我给四分吧", "4", true},
		{scale, "十分满意", "5", true},
		{scale, "what do you mean", "", false},
		{yn, "yes it was", "yes", true},
		{yn, "no it wasn't", "no", true},
		{yn, "nope", "no", true},
		{yn, "yeah", "yes", true},
		{yn, "是的，解决了", "yes", true},
		{yn, "没有解决", "no", true},
		{yn, "hmm", "", false},
		{choice, "i think it was website", "Website", true},
		{choice, "through the mobile app", "Mobile app", true},
		{choice, "i was happy", "", false},
		{choice, "i called", "", false},
		{free, "the technician was friendly", "the technician was friendly", true},
	}
	for _, tc := range cases {
		got, ok := script.Extract(tc.q, tc.in)
		if got != tc.want || ok != tc.wantOK {
			t.Errorf("Extract(%s, %q) = %q, %v; want %q, %v", tc.q.Type, tc.in, got, ok, tc.want, tc.wantOK)
		}
	}
}

func say(t *testing.T, r agent.Responder, in agent.Input) string {
	t.Helper()
	reply, err := r.Respond(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	defer reply.Close()
	var b strings.Builder
	for {
		c, err := reply.Next()
		if errors.Is(err, io.EOF) {
			return b.String()
		}
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString(c)
	}
}

func TestSurveyFlow(t *testing.T) {
	c, err := prompts.Example("service-followup-en")
	if err != nil {
		t.Fatal(err)
	}
	r := script.New(c)
	if got := say(t, r, agent.Input{}); got != c.Survey[0].Text {
		t.Fatalf("first turn = %q, want the first question %q", got, c.Survey[0].Text)
	}
	// An answer the flow cannot use is asked again, once.
	if got := say(t, r, agent.Input{Utterance: "what"}); !strings.Contains(got, c.Survey[0].Text) && got != c.Survey[0].Reprompt {
		t.Errorf("after a non-answer got %q, want the question again", got)
	}
	// A question the session answered with a fixed line resumes the flow.
	if got := say(t, r, agent.Input{Utterance: "are you a robot", Handled: guardrails.IntentAskIfAI}); !strings.Contains(got, c.Survey[0].Text) {
		t.Errorf("after a handled question got %q, want the question again", got)
	}
	answers := map[prompts.AnswerType]string{
		prompts.AnswerScale: "four", prompts.AnswerYesNo: "yes it was", prompts.AnswerText: "all good",
	}
	for i, q := range c.Survey {
		in := answers[q.Type]
		if q.Type == prompts.AnswerChoice {
			in = q.Choices[0]
		}
		got := say(t, r, agent.Input{Utterance: in})
		if i+1 < len(c.Survey) && !strings.Contains(got, c.Survey[i+1].Text) {
			t.Errorf("after answering %s got %q, want question %s", q.ID, got, c.Survey[i+1].ID)
		}
		if i+1 == len(c.Survey) && got != c.Lines.Closing {
			t.Errorf("after the last answer got %q, want the closing line", got)
		}
	}
	if !r.Finished() {
		t.Error("Finished() = false after the last question")
	}
	got := r.Answers()
	if len(got) != len(c.Survey) {
		t.Fatalf("got %d answers, want %d: %+v", len(got), len(c.Survey), got)
	}
	if got[0].Value != "4" {
		t.Errorf("first answer = %q, want \"4\"", got[0].Value)
	}
}

func TestCompleteAnswer(t *testing.T) {
	c, err := prompts.Example("service-followup-en")
	if err != nil {
		t.Fatal(err)
	}
	complete := script.CompleteAnswer(c)
	for _, tc := range []struct {
		partial string
		want    bool
	}{
		{"four", true}, {"yes it was", true}, {"by phone", true}, {"stop calling me", true},
		{"", false}, {"well i think that", false}, {"the technician was", false},
	} {
		if got := complete(tc.partial); got != tc.want {
			t.Errorf("CompleteAnswer(%q) = %v, want %v", tc.partial, got, tc.want)
		}
	}
}

// Follow takes over a survey another responder was running: it resumes at
// the question last asked, keeps one answer per question, and does not
// restart a survey it never asked itself.
func TestFollowResumesWhereTheSurveyStands(t *testing.T) {
	c := &prompts.Campaign{
		Lines: prompts.Lines{Closing: "Goodbye."},
		Survey: []prompts.Question{
			{ID: "q1", Text: "How satisfied were you, from one to five?", Type: prompts.AnswerScale},
			{ID: "q2", Text: "Was the problem fixed?", Type: prompts.AnswerYesNo},
			{ID: "q3", Text: "Would you book again?", Type: prompts.AnswerYesNo},
		},
	}
	agentSaid := func(s string) agent.Message { return agent.Message{Role: "agent", Text: s} }
	callee := func(s string) agent.Message { return agent.Message{Role: "callee", Text: s} }
	tests := []struct {
		name    string
		history []agent.Message
		utter   string
		want    string // the last sentence Follow returns
		answers string
	}{
		{"nothing asked yet", nil, "", c.Survey[0].Text, ""},
		{"the model asked the second question", []agent.Message{agentSaid("Great, thanks!"), agentSaid(c.Survey[1].Text), callee("yes it was")},
			"yes it was", c.Survey[2].Text, "q2=yes"},
		{"a cut-off question counts", []agent.Message{agentSaid("Was the problem"), callee("no")}, "no", c.Survey[2].Text, "q2=no"},
		{"the last question answered closes", []agent.Message{agentSaid(c.Survey[2].Text), callee("yes")}, "yes", "Goodbye.", "q3=yes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := script.New(c)
			got := r.Follow(agent.Input{Utterance: tt.utter, History: tt.history})
			if len(got) == 0 || got[len(got)-1] != tt.want {
				t.Errorf("Follow: got %q, want it to end with %q", got, tt.want)
			}
			var answers []string
			for _, a := range r.Answers() {
				answers = append(answers, a.QuestionID+"="+a.Value)
			}
			if g := strings.Join(answers, ","); g != tt.answers {
				t.Errorf("answers: got %q, want %q", g, tt.answers)
			}
		})
	}
	// The same question asked again (after a takeover) keeps one answer.
	r := script.New(c)
	r.Follow(agent.Input{Utterance: "four", History: []agent.Message{agentSaid(c.Survey[0].Text), callee("four")}})
	r.Follow(agent.Input{Utterance: "two", History: []agent.Message{agentSaid(c.Survey[0].Text), callee("two")}})
	if a := r.Answers(); len(a) != 1 || a[0].Value != "2" {
		t.Errorf("answers after the question was asked again: got %+v, want one answer, 2", a)
	}
}
