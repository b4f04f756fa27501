package agent_test

import (
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"candor/agent"
	"candor/guardrails"
	"candor/prompts"
)

const vmMessage = "Hello, this is an automated message from an AI assistant for Brightwater Plumbing. " +
	"Call us at +1 415 555 0134. To opt out, say stop calling when we call."

func TestVoicemail(t *testing.T) {
	tests := []struct {
		name   string
		action prompts.VoicemailAction
		// machine: the line reports a machine at answer.
		machine bool
		// greetingOver: the line's report came after the greeting (Twilio's machine_end_*).
		greetingOver bool
		// during is said by the "callee" halfway through sentence 0.
		during string
		// later are said at the given offsets after answer.
		later      map[time.Duration]string
		wantReason agent.EndReason
		// wantAgent is what the agent said, in order.
		wantAgent []string
		// wantMsgAfter: the message starts no earlier than this after answer.
		wantMsgAfter time.Duration
		// wantMsgBy, when set: the message starts before this after answer.
		wantMsgBy time.Duration
	}{
		{name: "reported at answer, leave after the beep", action: prompts.VoicemailLeave, machine: true,
			later: map[time.Duration]string{3 * time.Second: "<beep>"}, wantReason: agent.EndVoicemailLeft,
			wantAgent: []string{"agent: " + vmMessage}, wantMsgAfter: 3 * time.Second},
		{name: "reported after the greeting: message at once", action: prompts.VoicemailLeave, machine: true,
			greetingOver: true, wantReason: agent.EndVoicemailLeft, wantAgent: []string{"agent: " + vmMessage},
			wantMsgBy: time.Millisecond},
		{name: "reported at answer, hang up", action: prompts.VoicemailHangUp, machine: true,
			wantReason: agent.EndVoicemailHangup},
		{name: "no policy: hang up", action: "", machine: true, wantReason: agent.EndVoicemailHangup},
		{name: "greeting heard during the disclosure, then beep", action: prompts.VoicemailLeave, during: "<machine>",
			later:      map[time.Duration]string{6 * time.Second: "<beep>"},
			wantReason: agent.EndVoicemailLeft, wantAgent: []string{"agent (cut): ", "agent: " + vmMessage},
			wantMsgAfter: 6 * time.Second},
		{name: "beep during the disclosure: message at once", action: prompts.VoicemailLeave, during: "<beep>",
			wantReason: agent.EndVoicemailLeft, wantAgent: []string{"agent (cut): ", "agent: " + vmMessage}},
		{name: "greeting ends without a beep", action: prompts.VoicemailLeave, during: "<machine>",
			later:      map[time.Duration]string{5 * time.Second: "please leave a message after the tone"},
			wantReason: agent.EndVoicemailLeft, wantAgent: []string{"agent (cut): ", "agent: " + vmMessage},
			wantMsgAfter: 5*time.Second + agent.DefaultBeepAfterGreeting},
		{name: "no beep at all: message after the limit", action: prompts.VoicemailLeave, machine: true,
			wantReason: agent.EndVoicemailLeft, wantAgent: []string{"agent: " + vmMessage},
			wantMsgAfter: agent.DefaultBeepTimeout},
		{name: "machine hangs up during the message", action: prompts.VoicemailLeave, machine: true,
			later:      map[time.Duration]string{time.Second: "<beep>", 2 * time.Second: "<hangup>"},
			wantReason: agent.EndVoicemailHangup, wantAgent: []string{"agent (cut): "}},
		{name: "machine hangs up before the beep", action: prompts.VoicemailLeave, machine: true,
			later:      map[time.Duration]string{time.Second: "<hangup>"},
			wantReason: agent.EndVoicemailHangup},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newRig([]string{"How satisfied were you, from one to five?"})
				r.camp.Voicemail = prompts.Voicemail{Action: tc.action}
				if tc.action == prompts.VoicemailLeave {
					r.camp.Voicemail.Message = vmMessage
				}
				r.line.Machine, r.line.GreetingOver = tc.machine, tc.greetingOver
				if tc.during != "" {
					r.line.During = func(i int, _ string) (string, float64) {
						if i == 0 {
							return tc.during, 0.5
						}
						return "", 0
					}
				}
				start := time.Now()
				for d, say := range tc.later {
					time.AfterFunc(d, func() { r.line.Say(say) })
				}
				rec, err := r.run(t)
				if err != nil {
					t.Fatalf("got error %v, want none", err)
				}
				if rec.Outcome != agent.OutcomeVoicemail || rec.EndReason != tc.wantReason {
					t.Errorf("got %s/%s, want %s/%s", rec.Outcome, rec.EndReason, agent.OutcomeVoicemail, tc.wantReason)
				}
				got := agentLines(r.log)
				if len(got) != len(tc.wantAgent) {
					t.Fatalf("got agent lines %q, want %q", got, tc.wantAgent)
				}
				for i := range got {
					if !strings.HasPrefix(got[i], tc.wantAgent[i]) {
						t.Errorf("agent line %d: got %q, want prefix %q", i, got[i], tc.wantAgent[i])
					}
				}
				if n := len(r.resp.Inputs); n != 0 {
					t.Errorf("got %d responder turns, want none (no survey on a machine)", n)
				}
				if r.log.Index("dnc: "+number) >= 0 || rec.OptOut {
					t.Error("got an opt-out recorded, want none for a machine")
				}
				if saved := r.store.Call("c1"); saved == nil || saved.Outcome != agent.OutcomeVoicemail {
					t.Errorf("got saved record %+v, want outcome voicemail", saved)
				}
				if r.log.Index("hangup") < 0 {
					t.Error("got no hang-up, want one")
				}
				if tc.wantReason == agent.EndVoicemailLeft {
					played := r.line.Played()
					msg := played[len(played)-1]
					if !msg.Complete || msg.Text != vmMessage {
						t.Errorf("got last played %+v, want the whole message", msg)
					}
					if at := msg.Start.Sub(start); at < tc.wantMsgAfter {
						t.Errorf("got message at %v after answer, want >= %v", at, tc.wantMsgAfter)
					}
					if at := msg.Start.Sub(start); tc.wantMsgBy > 0 && at >= tc.wantMsgBy {
						t.Errorf("got message at %v after answer, want < %v", at, tc.wantMsgBy)
					}
					found := false
					for _, e := range rec.Events {
						found = found || e.Kind == guardrails.EventDisclose && e.Text == vmMessage
					}
					if !found {
						t.Errorf("got events %+v, want the message recorded as disclosed", rec.Events)
					}
				}
			})
		})
	}
}

// A human who answers is not affected by the voicemail policy.
func TestVoicemailPolicyIgnoredForHumans(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig([]string{"How satisfied were you, from one to five?"}, []string{"Thanks."})
		r.camp.Voicemail = prompts.Voicemail{Action: prompts.VoicemailLeave, Message: vmMessage}
		r.line.After = func(i int, _ string) string {
			if i == 1 {
				return "stop calling me"
			}
			return ""
		}
		rec, err := r.run(t)
		if err != nil {
			t.Fatal(err)
		}
		if rec.Outcome != agent.OutcomeOptOut {
			t.Errorf("got outcome %s, want %s", rec.Outcome, agent.OutcomeOptOut)
		}
		for _, l := range agentLines(r.log) {
			if strings.Contains(l, vmMessage) {
				t.Errorf("got the voicemail message said to a human: %q", l)
			}
		}
	})
}
