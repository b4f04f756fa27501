package twilio

import (
	"context"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"candor/agent"
	"candor/agent/agenttest"
	"candor/agent/audio"
	"candor/agent/script"
	"candor/agent/voice"
	"candor/prompts"
)

// runCall places a call through a controller with the script responder; the
// test plays Twilio on the returned client.
func runCall(t *testing.T, f *fakeTwilio, st agent.Store, synth agent.Synthesizer, number string) (<-chan callResult, placed, *client) {
	t.Helper()
	camp, err := prompts.Example("service-followup-en")
	if err != nil {
		t.Fatal(err)
	}
	ctrl := &agent.Controller{Store: st, Dialer: f.d, Synth: synth,
		NewResponder: func(c *prompts.Campaign) (agent.Responder, error) { return script.New(c), nil }}
	res := make(chan callResult, 1)
	go func() {
		rec, err := ctrl.Call(context.Background(), agent.CallRequest{Campaign: camp, Number: number})
		res <- callResult{rec, err}
	}()
	p := f.nextPlaced()
	if p.form.Get("To") != number {
		t.Fatalf("placed a call to %q, want %q", p.form.Get("To"), number)
	}
	c := dialClient(t, p)
	c.start(p)
	return res, p, c
}

func waitResult(t *testing.T, res <-chan callResult) callResult {
	t.Helper()
	select {
	case r := <-res:
		return r
	case <-time.After(30 * time.Second):
		t.Fatal("the call did not end")
		return callResult{}
	}
}

func TestDTMFOptOut(t *testing.T) {
	f := newFakeTwilio(t, nil)
	st := agenttest.NewStore(&agenttest.Log{})
	res, _, c := runCall(t, f, st, voice.Synth{Streamer: toneStreamer{frames: 15}}, "+15551230010")
	mark, seen := c.waitFor("mark", 10*time.Second)
	media := 0
	for _, m := range seen {
		if m.Event == "media" {
			media++
		}
	}
	if media < 15 || mark.Mark.Name != "sentence-1" {
		t.Fatalf("before the first mark: %d media frames, mark %q; want the disclosure's 15 frames then sentence-1", media, mark.Mark.Name)
	}
	c.send(Message{Event: "dtmf", DTMF: &DTMF{Track: "inbound_track", Digit: "9"}})
	r := waitResult(t, res)
	if r.err != nil {
		t.Fatalf("call error: %v", r.err)
	}
	if r.rec.EndReason != agent.EndOptOut || !r.rec.OptOut || !r.rec.DisclosureComplete {
		t.Errorf("got end %q opt-out %v disclosure %v, want opt_out true true", r.rec.EndReason, r.rec.OptOut, r.rec.DisclosureComplete)
	}
	if on, _ := st.IsOnDNC(context.Background(), r.rec.Business, "+15551230010"); !on {
		t.Error("number not on the do-not-call list after a DTMF 9 opt-out")
	}
	select {
	case <-c.closed:
	case <-time.After(5 * time.Second):
		t.Error("the server did not close the media stream after the call")
	}
}

// TestBadInput: each bad frame ends its call with an error end reason while
// a second call on the same server completes.
func TestBadInput(t *testing.T) {
	tests := []struct {
		name string
		act  func(c *client)
		want string
	}{
		{"bad JSON", func(c *client) { c.raw([]byte(`{"event":"media","media":`)) }, "JSON"},
		{"bad base64", func(c *client) { c.raw([]byte(`{"event":"media","sequenceNumber":"3","media":{"payload":"!!!"}}`)) }, "base64"},
		{"unknown event", func(c *client) { c.raw([]byte(`{"event":"teleport","sequenceNumber":"3"}`)) }, "unknown event"},
		{"oversized frame", func(c *client) {
			c.raw([]byte(`{"event":"media","media":{"payload":"` + strings.Repeat("A", 70<<10) + `"}}`))
		}, "too large"},
		{"second start", func(c *client) {
			c.raw([]byte(`{"event":"start","sequenceNumber":"3","start":{"mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000}}}`))
		}, "mid-call"},
		{"closed mid-call", func(c *client) { c.conn.UnderlyingConn().Close() }, "closed mid-call"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeTwilio(t, nil)
			st := agenttest.NewStore(&agenttest.Log{})
			synth := voice.Synth{Streamer: toneStreamer{frames: 10}}
			resA, _, a := runCall(t, f, st, synth, "+15551230020")
			resB, _, b := runCall(t, f, st, synth, "+15551230021")
			a.waitFor("media", 5*time.Second)
			tc.act(a)
			ra := waitResult(t, resA)
			if ra.rec == nil || ra.rec.EndReason != agent.EndError || !strings.Contains(ra.rec.EndDetail, tc.want) {
				t.Errorf("bad call: record %+v err %v, want end reason error mentioning %q", ra.rec, ra.err, tc.want)
			}
			// The other call is still served and completes normally.
			b.waitFor("mark", 10*time.Second)
			b.send(Message{Event: "dtmf", DTMF: &DTMF{Digit: "9"}})
			rb := waitResult(t, resB)
			if rb.err != nil || rb.rec.EndReason != agent.EndOptOut {
				t.Errorf("concurrent call: end %v err %v, want opt_out", rb.rec, rb.err)
			}
		})
	}
}

// TestStream drives one stream without a session: media both ways, sequence
// checks, clear, DTMF, stop.
func TestStream(t *testing.T) {
	f := newFakeTwilio(t, func(c *Config) { c.MachineDetection = "Enable" })
	lc := make(chan agent.Line, 1)
	go func() {
		l, err := f.d.Dial(context.Background(), "+15551230030")
		if err != nil {
			t.Error(err)
		}
		lc <- l
	}()
	p := f.nextPlaced()
	c := dialClient(t, p)
	c.start(p)
	call := (<-lc).(*Call)
	if call.CallSID() != p.sid {
		t.Errorf("CallSID = %q, want %q", call.CallSID(), p.sid)
	}
	f.callback(p, map[string][]string{"CallSid": {p.sid}, "CallStatus": {"in-progress"}, "AnsweredBy": {"machine_start"}}, true)
	if got := call.AnsweredBy(); got != "machine_start" {
		t.Errorf("AnsweredBy = %q, want machine_start", got)
	}
	// The stream had started: the result also comes as an event.
	if ev := <-call.Events(); ev.Kind != agent.CalleeMachine || ev.Text != "reported by Twilio: machine_start" {
		t.Errorf("event after a late AnsweredBy = %+v, want CalleeMachine", ev)
	}
	// Agent audio goes out as base64 mu-law, 160 bytes a frame.
	samples := make([]int16, 160)
	for i := range samples {
		samples[i] = int16(i * 50)
	}
	if err := call.s.WriteFrame(audio.Frame{Rate: 8000, Samples: samples}); err != nil {
		t.Fatal(err)
	}
	m, _ := c.waitFor("media", 5*time.Second)
	got, _ := base64.StdEncoding.DecodeString(m.Media.Payload)
	if want := audio.EncodeMulaw(nil, audio.Frame{Rate: 8000, Samples: samples}); string(got) != string(want) {
		t.Errorf("media payload = %x, want %x", got, want)
	}
	if m.StreamSid != call.StreamSID() {
		t.Errorf("media streamSid = %q, want %q", m.StreamSid, call.StreamSID())
	}
	call.s.Clear()
	c.waitFor("clear", 5*time.Second)
	// Callee audio: a replayed sequence number is ignored, a gap counted.
	quiet := audio.Frame{Rate: 8000, Samples: make([]int16, 160)}
	c.media(quiet, 1)
	c.seq-- // replay
	c.media(quiet, 2)
	c.seq += 3 // three lost
	c.media(quiet, 3)
	c.send(Message{Event: "dtmf", DTMF: &DTMF{Digit: "5"}})
	ev := <-call.Events()
	if ev.Kind != agent.CalleeDTMF || ev.Text != "5" {
		t.Errorf("event = %+v, want DTMF 5", ev)
	}
	st := call.Stats()
	if st.FramesIn != 2 || st.SeqReplays != 1 || st.SeqGaps != 3 || st.FramesOut != 1 || st.Clears != 1 {
		t.Errorf("stats = %+v, want 2 in, 1 replay, 3 gaps, 1 out, 1 clear", st)
	}
	c.send(Message{Event: "stop", Stop: &Stop{CallSid: p.sid}})
	if ev := <-call.Events(); ev.Kind != agent.CalleeHangup {
		t.Errorf("event after stop = %+v, want a hang-up", ev)
	}
	if err := call.Hangup(context.Background()); err != nil {
		t.Errorf("Hangup: %v", err)
	}
	if err := call.Hangup(context.Background()); err != nil {
		t.Errorf("second Hangup: %v", err)
	}
}

// TestWriteFrameNeverBlocks: with the writer stuck, frames are dropped and counted.
func TestWriteFrameNeverBlocks(t *testing.T) {
	s := &stream{out: make(chan outItem, 4)}
	f := audio.Frame{Rate: 8000, Samples: make([]int16, 160)}
	done := make(chan struct{})
	go func() {
		for range 100 {
			_ = s.WriteFrame(f)
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("WriteFrame blocked with a full queue")
	}
	if got := s.dropped.Load(); got != 96 {
		t.Errorf("dropped = %d, want 96", got)
	}
	if err := s.WriteFrame(audio.Frame{Rate: 16000, Samples: make([]int16, 320)}); !errors.Is(err, audio.ErrRate) {
		t.Errorf("16 kHz frame: err %v, want ErrRate", err)
	}
}

func TestUnknownStreamRefused(t *testing.T) {
	f := newFakeTwilio(t, nil)
	p := placed{streamURL: "ws" + strings.TrimPrefix(f.app.URL, "http") + MediaPath, sid: "CA1",
		params: map[string]string{"call": "nope", "token": "nope"}}
	c := dialClient(t, p)
	c.start(p)
	select {
	case <-c.closed:
	case <-time.After(5 * time.Second):
		t.Fatal("a stream for no placed call was not closed")
	}
}
