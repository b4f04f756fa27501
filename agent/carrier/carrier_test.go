package carrier

import (
	"context"
	"errors"
	"testing"

	"candor/agent"
	"candor/agent/agenttest"
	"candor/prompts"
)

func TestNewRefuses(t *testing.T) {
	camp, err := prompts.Example("service-followup-en")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		cfg  Config
	}{
		{"no campaign", Config{Text: true}},
		{"unknown kind", Config{Kind: "pigeon", Campaign: camp, Text: true}},
		{"text on a trunk", Config{Kind: SIP, Campaign: camp, Text: true}},
		{"negative speed", Config{Campaign: camp, Text: true, Speed: -1}},
	}
	for _, tc := range tests {
		if _, err := New(tc.cfg); !errors.Is(err, agent.ErrConfig) {
			t.Errorf("%s: got %v, want ErrConfig", tc.name, err)
		}
	}
}

func TestCarrierParts(t *testing.T) {
	camp, err := prompts.Example("service-followup-en")
	if err != nil {
		t.Fatal(err)
	}
	loop, err := New(Config{Campaign: camp, Text: true, Speed: 4})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := loop.Controller(agenttest.NewStore(&agenttest.Log{})).NoInputTimeout, silentCallee/4; got != want {
		t.Errorf("loopback NoInputTimeout: got %v, want %v (scaled with the speed)", got, want)
	}
	if err := loop.Add("+12125550101", "no_such_persona"); err == nil {
		t.Error("Add of an unknown persona: got nil, want an error")
	}
	if _, _, err := loop.Answer(context.Background(), "v=0"); !errors.Is(err, errNotBrowser) {
		t.Errorf("Answer on loopback: got %v, want errNotBrowser", err)
	}
	line := agenttest.NewLine(&agenttest.Log{})
	one := Connected(line, agent.TextSynth{})
	if err := one.Add("+12125550101", ""); !errors.Is(err, agent.ErrConfig) {
		t.Errorf("Add on a connected line: got %v, want ErrConfig", err)
	}
	got, err := one.DialTo("sip:+12125550101@pbx").Dial(context.Background(), "+12125550101")
	if err != nil || got != line {
		t.Errorf("Connected Dial: got %v, %v; want the connected line", got, err)
	}
	if one.AnsweredBy() != "" {
		t.Errorf("AnsweredBy off Twilio: got %q, want empty", one.AnsweredBy())
	}
}
