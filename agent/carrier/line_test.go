package carrier

import (
	"context"
	"math"
	"testing"
	"time"

	"candor/agent"
	"candor/agent/audio"
	"candor/agent/voice"
	"candor/prompts"
)

type nopTransport struct{}

func (nopTransport) WriteFrame(audio.Frame) error { return nil }
func (nopTransport) Clear()                       {}
func (nopTransport) Close() error                 { return nil }

type deafRecognizer struct{}

func (deafRecognizer) Start() error                 { return nil }
func (deafRecognizer) WriteFrame(audio.Frame) error { return nil }
func (deafRecognizer) Partial() string              { return "" }
func (deafRecognizer) Final() (string, error)       { return "", nil }

// TestPhoneLineHearsMachines: the line of `candor call` (SIP and Twilio)
// reports an answering machine's beep to the session.
func TestPhoneLineHearsMachines(t *testing.T) {
	camp, err := prompts.Example("service-followup-en")
	if err != nil {
		t.Fatal(err)
	}
	cfg := lineConfig(SIP, camp)
	if cfg.CompleteAnswer == nil {
		t.Error("got no CompleteAnswer, want the campaign's")
	}
	line, err := voice.NewLine(cfg, nopTransport{}, deafRecognizer{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = line.Hangup(context.Background()) }()
	in := line.Inbound()
	go func() {
		for i := range 50 { // 500 ms of a 1 kHz beep, then silence
			s := make([]int16, 160)
			if i < 25 {
				for j := range s {
					s[j] = int16(8000 * math.Sin(2*math.Pi*1000*float64(i*160+j)/8000))
				}
			}
			if err := in.WriteFrame(audio.Frame{Rate: 8000, Samples: s}); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case ev := <-line.Events():
			if ev.Kind == agent.CalleeBeep {
				return
			}
		case <-timeout:
			t.Fatal("got no beep event from the phone line, want one (machine detection on)")
		}
	}
}
