package twilio

import (
	"context"
	"math"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"candor/agent"
	"candor/agent/agenttest"
	"candor/agent/audio"
	"candor/agent/script"
	"candor/agent/voice"
	"candor/prompts"
)

func TestAnsweredByMachine(t *testing.T) {
	tests := []struct {
		answeredBy string
		want       bool
	}{
		{"machine_start", true},
		{"machine_end_beep", true},
		{"machine_end_silence", true},
		{"machine_end_other", true},
		{"fax", true},
		{"human", false},
		{"unknown", false},
		{"", false},
		{"MACHINE_START", false},
	}
	for _, tc := range tests {
		c := &Call{p: &pending{answeredBy: tc.answeredBy}}
		if got := c.AnsweredByMachine(); got != tc.want {
			t.Errorf("AnsweredBy %q: got AnsweredByMachine %v, want %v", tc.answeredBy, got, tc.want)
		}
	}
}

// beepFrame is 20 ms of a 1 kHz tone, the usual answering-machine beep.
func beepFrame(i int) audio.Frame {
	s := make([]int16, 160)
	for j := range s {
		s[j] = int16(8000 * math.Sin(2*math.Pi*1000*float64(i*160+j)/8000))
	}
	return audio.Frame{Rate: 8000, Samples: s}
}

// TestAnsweredByReachesSession: Twilio's AnsweredBy, reported by the status
// callback before the stream starts or after it, decides between the
// campaign's voicemail and the survey.
func TestAnsweredByReachesSession(t *testing.T) {
	tests := []struct {
		answeredBy string
		// late: the status callback comes after the stream started.
		late bool
		// act plays the far end once the stream has started.
		act        func(c *client)
		wantOut    agent.Outcome
		wantReason agent.EndReason
		wantVM     bool   // the first agent turn is the voicemail message
		wantNote   string // the guard's note on the machine
	}{
		{"machine_start", false, func(c *client) {
			// The line's own detector hears a beep: the message starts then.
			chunk := 0
			for i := range 25 {
				chunk++
				c.media(beepFrame(i), chunk)
			}
			for range 25 {
				chunk++
				c.media(audio.Frame{Rate: 8000, Samples: make([]int16, 160)}, chunk)
			}
		}, agent.OutcomeVoicemail, agent.EndVoicemailLeft, true, "answering machine: reported by the line"},
		// The greeting is over: the message starts with no beep to wait for
		// (a wait for one would last 20 s).
		{"machine_end_silence", false, func(c *client) { c.waitFor("media", 10*time.Second) }, agent.OutcomeVoicemail, agent.EndVoicemailLeft, true,
			"answering machine: reported by the line"},
		// Reported while the disclosure plays: it is cut, the message follows
		// (checked as the last agent turn).
		{"machine_end_beep", true, func(*client) {}, agent.OutcomeVoicemail, agent.EndVoicemailLeft, false,
			"answering machine: reported by Twilio: machine_end_beep"},
		{"human", false, func(c *client) {
			c.waitFor("mark", 10*time.Second)
			c.send(Message{Event: "dtmf", DTMF: &DTMF{Digit: "9"}})
		}, agent.OutcomeOptOut, agent.EndOptOut, false, ""},
	}
	for _, tc := range tests {
		name := tc.answeredBy
		if tc.late {
			name += " after the stream started"
		}
		t.Run(name, func(t *testing.T) {
			f := newFakeTwilio(t, func(c *Config) {
				c.MachineDetection = "DetectMessageEndpoint"
				c.Lines.Config.Machine = &voice.MachineConfig{}
			})
			camp, err := prompts.Example("service-followup-en")
			if err != nil {
				t.Fatal(err)
			}
			if camp.Voicemail.Action != prompts.VoicemailLeave || camp.Voicemail.Message == "" {
				t.Fatalf("example campaign voicemail %+v, want a message to leave", camp.Voicemail)
			}
			st := agenttest.NewStore(&agenttest.Log{})
			var mu sync.Mutex
			var guard []string
			ctrl := &agent.Controller{Store: st, Dialer: f.d, Synth: voice.Synth{Streamer: toneStreamer{frames: 10}},
				NewResponder: func(c *prompts.Campaign) (agent.Responder, error) { return script.New(c), nil },
				Observe: func(o agent.Observation) {
					if o.Speaker == "guard" {
						mu.Lock()
						guard = append(guard, o.Text)
						mu.Unlock()
					}
				}}
			res := make(chan callResult, 1)
			go func() {
				rec, err := ctrl.Call(context.Background(), agent.CallRequest{Campaign: camp, Number: "+15551230040"})
				res <- callResult{rec, err}
			}()
			p := f.nextPlaced()
			if got := p.form.Get("MachineDetection"); got != "DetectMessageEndpoint" {
				t.Errorf("got MachineDetection %q, want DetectMessageEndpoint", got)
			}
			status := func() {
				if code := f.callback(p, url.Values{"CallSid": {p.sid}, "CallStatus": {"in-progress"},
					"AnsweredBy": {tc.answeredBy}}, true); code != 204 {
					t.Fatalf("got status callback answer %d, want 204", code)
				}
			}
			if !tc.late {
				status()
			}
			c := dialClient(t, p)
			c.start(p)
			if tc.late {
				c.waitFor("media", 10*time.Second) // the disclosure is playing
				status()
			}
			tc.act(c)
			r := waitResult(t, res)
			if r.err != nil {
				t.Fatalf("got call error %v, want none", r.err)
			}
			if r.rec.Outcome != tc.wantOut || r.rec.EndReason != tc.wantReason {
				t.Errorf("got %s/%s (%s), want %s/%s", r.rec.Outcome, r.rec.EndReason, r.rec.EndDetail, tc.wantOut, tc.wantReason)
			}
			var first string
			for _, turn := range r.rec.Turns {
				if turn.Speaker == "agent" {
					first = turn.Text
					break
				}
			}
			if isVM := first == camp.Voicemail.Message; !tc.late && isVM != tc.wantVM {
				t.Errorf("got first agent turn %q, want voicemail message %v", first, tc.wantVM)
			}
			mu.Lock()
			var notes []string
			for _, g := range guard {
				if strings.HasPrefix(g, "answering machine") {
					notes = append(notes, g)
				}
			}
			mu.Unlock()
			if want := []string{tc.wantNote}; tc.wantNote == "" && len(notes) > 0 || tc.wantNote != "" && !slices.Equal(notes, want) {
				t.Errorf("got machine notes %q, want %q", notes, tc.wantNote)
			}
			if tc.late {
				last := ""
				for _, turn := range r.rec.Turns {
					if turn.Speaker == "agent" {
						last = turn.Text
					}
				}
				if last != camp.Voicemail.Message {
					t.Errorf("got last agent turn %q, want the voicemail message", last)
				}
			}
			if tc.wantVM && r.rec.OptOut {
				t.Error("got an opt-out recorded for a machine, want none")
			}
		})
	}
}
