package voice_test

import (
	"math"
	"testing"
	"time"

	"candor/agent"
	"candor/agent/audio"
	"candor/agent/voice"
)

// toneFrame is frame i of a pure tone of hz at 8 kHz.
func toneFrame(i int, hz, amp float64) audio.Frame {
	f := audio.Frame{Rate: 8000, Samples: make([]int16, 160)}
	for j := range f.Samples {
		t := float64(i*160+j) / 8000
		f.Samples[j] = int16(amp * math.Sin(2*math.Pi*hz*t))
	}
	return f
}

// sweepFrame is a tone gliding from 700 Hz up by 400 Hz a second (a siren, not a beep).
func sweepFrame(i int) audio.Frame {
	f := audio.Frame{Rate: 8000, Samples: make([]int16, 160)}
	for j := range f.Samples {
		t := float64(i*160+j) / 8000
		f.Samples[j] = int16(8000 * math.Sin(2*math.Pi*(700*t+200*t*t)))
	}
	return f
}

// segment is a stretch of synthetic audio.
type segment struct {
	kind string // "quiet", "speech", "tone", "sweep"
	dur  time.Duration
	hz   float64
}

func TestMachineDetector(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		name string
		segs []segment
		want []voice.MachineSignal
		// wantAt is when the first signal comes (since answer), within a frame or two.
		wantAt time.Duration
	}{
		{"long greeting at answer", []segment{{"quiet", 300 * ms, 0}, {"speech", 5 * time.Second, 0}},
			[]voice.MachineSignal{voice.MachineGreeting}, 3800 * ms},
		{"greeting with short pauses", []segment{{"speech", 1500 * ms, 0}, {"quiet", 200 * ms, 0}, {"speech", 3 * time.Second, 0}},
			[]voice.MachineSignal{voice.MachineGreeting}, 3500 * ms},
		{"person says hello and waits", []segment{{"speech", 800 * ms, 0}, {"quiet", 1500 * ms, 0}, {"speech", 4 * time.Second, 0}},
			nil, 0},
		{"silence, then a long speech", []segment{{"quiet", 2500 * ms, 0}, {"speech", 5 * time.Second, 0}}, nil, 0},
		{"greeting then beep", []segment{{"speech", 4 * time.Second, 0}, {"quiet", 300 * ms, 0}, {"tone", 500 * ms, 1000}, {"quiet", 500 * ms, 0}},
			[]voice.MachineSignal{voice.MachineGreeting, voice.MachineBeep}, 3500 * ms},
		{"1 kHz beep alone", []segment{{"quiet", 2500 * ms, 0}, {"tone", 400 * ms, 1000}, {"quiet", 200 * ms, 0}},
			[]voice.MachineSignal{voice.MachineBeep}, 2900 * ms},
		{"850 Hz beep", []segment{{"quiet", 2500 * ms, 0}, {"tone", 400 * ms, 850}, {"quiet", 200 * ms, 0}},
			[]voice.MachineSignal{voice.MachineBeep}, 2900 * ms},
		{"tone too short", []segment{{"quiet", 2500 * ms, 0}, {"tone", 200 * ms, 1000}, {"quiet", 200 * ms, 0}}, nil, 0},
		{"tone too low (dial tone)", []segment{{"quiet", 2500 * ms, 0}, {"tone", time.Second, 350}, {"quiet", 200 * ms, 0}}, nil, 0},
		{"sweep is no beep", []segment{{"quiet", 2500 * ms, 0}, {"sweep", time.Second, 0}, {"quiet", 200 * ms, 0}}, nil, 0},
		{"speech harmonics are no beep", []segment{{"quiet", 2500 * ms, 0}, {"speech", 3 * time.Second, 0}, {"quiet", 200 * ms, 0}}, nil, 0},
		{"endless tone reported once", []segment{{"quiet", 2500 * ms, 0}, {"tone", 5 * time.Second, 1000}},
			[]voice.MachineSignal{voice.MachineBeep}, 4500 * ms},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := voice.NewMachineDetector(voice.MachineConfig{})
			var got []voice.MachineSignal
			var firstAt time.Duration
			i := 0
			for _, sg := range tc.segs {
				for n := 0; n < int(sg.dur/audio.FrameDuration); n++ {
					var f audio.Frame
					speech := false
					switch sg.kind {
					case "quiet":
						f = quiet()
					case "speech":
						f, speech = voiced(i), true
					case "tone":
						f, speech = toneFrame(i, sg.hz, 8000), true
					case "sweep":
						f, speech = sweepFrame(i), true
					}
					i++
					if s := d.Process(f, speech); s != voice.MachineNone {
						if len(got) == 0 {
							firstAt = time.Duration(i) * audio.FrameDuration
						}
						got = append(got, s)
					}
				}
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got signals %v, want %v", got, tc.want)
			}
			for k := range got {
				if got[k] != tc.want[k] {
					t.Errorf("signal %d: got %v, want %v", k, got[k], tc.want[k])
				}
			}
			if len(got) > 0 && (firstAt < tc.wantAt || firstAt > tc.wantAt+60*ms) {
				t.Errorf("got first signal at %v, want about %v", firstAt, tc.wantAt)
			}
		})
	}
}

func TestMachineDetectorBadFrames(t *testing.T) {
	d := voice.NewMachineDetector(voice.MachineConfig{})
	for _, f := range []audio.Frame{{}, {Rate: 8000}, {Rate: -1, Samples: make([]int16, 3)}, {Rate: 8000, Samples: []int16{math.MaxInt16, math.MinInt16}}} {
		if s := d.Process(f, true); s != voice.MachineNone {
			t.Errorf("Process(%v): got %v, want none", f, s)
		}
	}
}

// A line with detection on reports the greeting and the beep as callee events.
func TestLineReportsMachine(t *testing.T) {
	tr := &transport{}
	l, err := voice.NewLine(voice.Config{FinalTimeout: time.Second, Machine: &voice.MachineConfig{}}, tr, &recognizer{text: "please leave a message"})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Hangup(t.Context())
	i := 0
	feed := func(d time.Duration, frame func(int) audio.Frame) {
		for n := 0; n < int(d/audio.FrameDuration); n++ {
			if err := l.Inbound().WriteFrame(frame(i)); err != nil {
				t.Fatal(err)
			}
			i++
		}
	}
	feed(4*time.Second, voiced)
	feed(time.Second, func(int) audio.Frame { return quiet() })
	feed(500*time.Millisecond, func(i int) audio.Frame { return toneFrame(i, 1000, 8000) })
	feed(time.Second, func(int) audio.Frame { return quiet() })
	var kinds []agent.CalleeEventKind
	for len(l.Events()) > 0 {
		ev := <-l.Events()
		if ev.Kind == agent.CalleeMachine || ev.Kind == agent.CalleeBeep {
			kinds = append(kinds, ev.Kind)
		}
	}
	want := []agent.CalleeEventKind{agent.CalleeMachine, agent.CalleeBeep}
	if len(kinds) != 2 || kinds[0] != want[0] || kinds[1] != want[1] {
		t.Errorf("got machine events %v, want %v", kinds, want)
	}
}

func BenchmarkMachineDetector(b *testing.B) {
	d := voice.NewMachineDetector(voice.MachineConfig{BeepWindow: 1 << 62})
	frames := []audio.Frame{voiced(0), toneFrame(1, 1000, 8000), quiet()}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		d.Process(frames[i%3], true)
	}
}
