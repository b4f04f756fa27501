package voice_test

import (
	"context"
	"sort"
	"testing"
	"time"

	"candor/agent"
	"candor/agent/agenttest"
	"candor/agent/audio"
	"candor/agent/script"
	"candor/agent/voice"
	"candor/prompts"
)

type nullTransport struct{}

func (nullTransport) WriteFrame(audio.Frame) error { return nil }
func (nullTransport) Clear()                       {}
func (nullTransport) Close() error                 { return nil }

// BenchmarkInboundFrame is the per-frame cost of the callee's audio path:
// G.711 decode, 8->16 kHz resampling, VAD and endpointing (no recogniser).
func BenchmarkInboundFrame(b *testing.B) {
	l, err := voice.NewLine(voice.Config{}, nullTransport{}, &recognizer{})
	if err != nil {
		b.Fatal(err)
	}
	var enc []byte
	frames := make([][]byte, 100)
	for i := range frames {
		f := quiet()
		if i%50 < 20 {
			f = voiced(i)
		}
		enc = audio.EncodeMulaw(enc[:0], f)
		frames[i] = append([]byte(nil), enc...)
	}
	pcm := make([]int16, 0, 160)
	in := l.Inbound()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		pcm = audio.DecodeMulaw(pcm[:0], frames[i%len(frames)])
		if err := in.WriteFrame(audio.Frame{Rate: 8000, Samples: pcm}); err != nil {
			b.Fatal(err)
		}
	}
}

// instant "synthesizes" one frame at once.
type instant struct{}

func (instant) Stream(ctx context.Context, _, _ string, w audio.FrameWriter) (time.Duration, error) {
	return audio.FrameDuration, w.WriteFrame(audio.Frame{Rate: 8000, Samples: make([]int16, 160)})
}

// BenchmarkEndpointToFirstAudio measures candor's own time from the endpoint
// decision to the first agent frame on the line, with instant fake providers
// (recogniser, responder, synthesizer): it reports p50 and p95 over the turns
// of a real-time call. Run with -benchtime=30x.
func BenchmarkEndpointToFirstAudio(b *testing.B) {
	c, err := prompts.Example("service-followup-en")
	if err != nil {
		b.Fatal(err)
	}
	c.Survey = append(c.Survey[:1:1], make([]prompts.Question, b.N)...)
	for i := range c.Survey {
		c.Survey[i] = prompts.Question{ID: "q", Text: "How satisfied were you?", Type: prompts.AnswerScale, Min: 1, Max: 5}
	}
	c.Disclosure = "This is an AI assistant for {{registered_name}} and {{business}}, call {{callback_number}}."
	l, err := voice.NewLine(voice.Config{}, nullTransport{}, &recognizer{text: "four"})
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { // the callee answers in a 300 ms burst every 1.1 s
		t0 := time.Now()
		for i := 0; ctx.Err() == nil; i++ {
			time.Sleep(time.Until(t0.Add(time.Duration(i) * audio.FrameDuration)))
			f := quiet()
			if i%55 >= 25 && i%55 < 40 {
				f = voiced(i)
			}
			_ = l.Inbound().WriteFrame(f)
		}
	}()
	log := &agenttest.Log{}
	s, err := agent.NewSession(agent.SessionConfig{
		CallID: "bench", Campaign: c, Number: "+12125550101", Rail: agent.RailFor(c),
		Responder: script.New(c), Synth: voice.Synth{Streamer: instant{}}, Store: agenttest.NewStore(log), Line: l,
		MaxTurns: b.N + 2, Now: l.Now,
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	rec, err := s.Run(ctx)
	b.StopTimer()
	cancel()
	if err != nil {
		b.Fatal(err)
	}
	var ms []float64
	for _, t := range rec.Latency {
		ms = append(ms, t.VoiceToVoice-t.Endpointing)
	}
	if len(ms) == 0 {
		b.Fatalf("no timed turns; outcome %s", rec.Outcome)
	}
	sort.Float64s(ms)
	b.ReportMetric(ms[len(ms)/2], "p50-ms")
	b.ReportMetric(ms[min(len(ms)*95/100, len(ms)-1)], "p95-ms")
	b.ReportMetric(float64(len(ms)), "turns")
}
