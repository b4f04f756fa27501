package hear

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"candor/agent/carrier"
	"candor/prompts"
)

func TestRunRefusesBeforeHearing(t *testing.T) {
	en, err := prompts.Example("service-followup-en")
	if err != nil {
		t.Fatal(err)
	}
	zh, err := prompts.Example("service-followup-zh")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		cfg     Config
		want    error
		wantMsg string
	}{
		{"Mandarin", Config{Campaign: zh, Files: []string{"x.wav"}}, carrier.ErrMandarinOffline, ""},
		{"no such question", Config{Campaign: en, Question: "nope", Files: []string{"x.wav"}}, ErrNoQuestion,
			`campaign service-followup-en has no question "nope"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			err := Run(context.Background(), &out, tt.cfg)
			if !errors.Is(err, tt.want) {
				t.Fatalf("got error %v, want %v", err, tt.want)
			}
			if tt.wantMsg != "" && err.Error() != tt.wantMsg {
				t.Errorf("got message %q, want %q", err, tt.wantMsg)
			}
			if out.Len() != 0 {
				t.Errorf("got output %q, want nothing", out.String())
			}
		})
	}
}

func TestWriteTable(t *testing.T) {
	var b bytes.Buffer
	WriteTable(&b, []Result{
		{File: "a.wav", Text: "stop calling me", Intent: "opt_out", Weak: true, Source: "grammar"},
		{File: "b.wav"},
		{File: "c.wav", Error: "want 8000 or 16000 Hz audio, got 44100 Hz"},
		{File: "d.wav", Text: "four", Intent: "none", Answer: "4", Source: "general"},
	})
	want := []string{
		"FILE   TEXT                                              INTENT          ANSWER  SOURCE",
		"a.wav  stop calling me                                   opt_out (weak)          grammar",
		"b.wav  (unintelligible)                                                          -",
		"c.wav  error: want 8000 or 16000 Hz audio, got 44100 Hz",
		"d.wav  four                                              none            4       general",
	}
	got := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(got) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%s", len(got), len(want), b.String())
	}
	for i := range want {
		if strings.TrimRight(got[i], " ") != want[i] {
			t.Errorf("line %d: got %q, want %q", i+1, got[i], want[i])
		}
	}
}
