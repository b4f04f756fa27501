package loopback

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"candor/agent"
	"candor/prompts"
)

func campaign(t *testing.T) *prompts.Campaign {
	t.Helper()
	c, err := prompts.Example("service-followup-en")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestNetworkErrors(t *testing.T) {
	n := NewNetwork(campaign(t), 1000)
	if err := n.Add("+12125550101", "shy"); !errors.Is(err, ErrUnknownPersona) {
		t.Errorf("Add(unknown persona) = %v, want ErrUnknownPersona", err)
	}
	if _, err := n.Dial(context.Background(), "+12125550199"); !errors.Is(err, ErrUnknownNumber) {
		t.Errorf("Dial(unknown number) = %v, want ErrUnknownNumber", err)
	}
	if err := n.Add("+12125550102", "no_answer"); err != nil {
		t.Fatal(err)
	}
	if _, err := n.Dial(context.Background(), "+12125550102"); !errors.Is(err, agent.ErrNoAnswer) {
		t.Errorf("Dial(no_answer) = %v, want ErrNoAnswer", err)
	}
}

func TestPersonasAnswerQuestions(t *testing.T) {
	c := campaign(t)
	for _, tc := range []struct {
		persona string
		want    string // substring of the reply to the first question
	}{
		{"cooperative", "four"},
		{"refuses", "not interested"},
		{"asks_if_robot", "robot"},
		{"asks_identity", "number"},
		{"asks_callback", "call me back"},
		{"hangs_up", HangUp},
	} {
		callee := NewCallee(tc.persona, c)
		if got := callee.Heard(c.DisclosureText()); got != "" {
			t.Errorf("%s: reply to the disclosure = %q, want none", tc.persona, got)
		}
		if got := callee.Heard(c.Survey[0].Text); !strings.Contains(got, tc.want) {
			t.Errorf("%s: reply to the first question = %q, want it to contain %q", tc.persona, got, tc.want)
		}
	}
	// The disclosure opt-out is said over the disclosure, not after it.
	words, at := NewCallee("opts_out_during_disclosure", c).Hearing(c.DisclosureText())
	if words == "" || at <= 0 || at >= 1 {
		t.Errorf("interjection %q at %v, want words partway through", words, at)
	}
}

func TestTextLineInterruption(t *testing.T) {
	c := campaign(t)
	l := NewLine(NewCallee("opts_out_during_disclosure", c), 1000)
	text := c.DisclosureText()
	sp := agent.Speech{Text: text, Duration: agent.SpeakingTime(text, 0)}
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		ev := <-l.Events()
		if ev.Kind == agent.CalleeSpeech {
			cancel()
		}
	}()
	p, err := l.Play(ctx, sp)
	if err != nil {
		t.Fatal(err)
	}
	if p.Complete || p.Text == "" || !strings.HasPrefix(text, p.Text) {
		t.Errorf("played %+v, want a cut prefix of the disclosure", p)
	}
	if p.Duration <= 0 || p.Duration >= sp.Duration {
		t.Errorf("played %v of %v, want part of it", p.Duration, sp.Duration)
	}
	_ = l.Hangup(context.Background())
	_ = l.Hangup(context.Background()) // idempotent
}

func TestScaledClock(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := &ScaledClock{Speed: 50}
		t0 := c.Now()
		start := time.Now()
		if err := c.SleepUntil(context.Background(), t0.Add(time.Second)); err != nil {
			t.Fatal(err)
		}
		if got := time.Since(start); got != 20*time.Millisecond {
			t.Errorf("a scaled second took %v, want 20ms at speed 50", got)
		}
		if got := c.Now().Sub(t0); got != time.Second {
			t.Errorf("scaled clock advanced %v, want 1s", got)
		}
	})
}
