package audio

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// states spells VAD output, one character a frame: 'S' speech, 'h' hangover
// (speech, not raw), 'r' raw but not yet speech (onset), '_' silence.
// Digits repeat the next character: "25_" is 25 silent frames.
func states(spec string) []VADState {
	var out []VADState
	n := 0
	for _, c := range spec {
		if c >= '0' && c <= '9' {
			n = n*10 + int(c-'0')
			continue
		}
		var s VADState
		switch c {
		case 'S':
			s = VADState{Speech: true, Raw: true}
		case 'h':
			s = VADState{Speech: true}
		case 'r':
			s = VADState{Raw: true}
		}
		for range max(n, 1) {
			out = append(out, s)
		}
		n = 0
	}
	return out
}

type emitted struct {
	at int // frame index at which the event was returned
	ev Event
}

func (e emitted) String() string {
	return fmt.Sprintf("@%d %v frame %d at %v", e.at, e.ev.Kind, e.ev.Frame, e.ev.At)
}

func start(at int) emitted {
	return emitted{at, Event{SpeechStart, at, time.Duration(at) * 20 * time.Millisecond}}
}

func end(at, last int) emitted {
	return emitted{at, Event{SpeechEnd, last, time.Duration(last+1) * 20 * time.Millisecond}}
}

func TestEndpointer(t *testing.T) {
	tests := []struct {
		name  string
		cfg   EndpointConfig
		short map[int]bool // SetExpectShort before frame index
		spec  string
		want  []emitted
	}{
		{"silence only", EndpointConfig{}, nil, "100_", nil},
		{"one utterance, default 500 ms", EndpointConfig{}, nil, "3_5S30_", []emitted{start(3), end(32, 7)}},
		{"silence one frame short", EndpointConfig{}, nil, "3_5S24_", []emitted{start(3)}},
		{"hangover is part of the silence", EndpointConfig{}, nil, "4S10h20_", []emitted{start(0), end(28, 3)}},
		{"pause shorter than silence joins words", EndpointConfig{}, nil, "5S10h10_r5S30_", []emitted{start(0), end(55, 30)}},
		{"two utterances", EndpointConfig{}, nil, "5S26_5S26_", []emitted{start(0), end(29, 4), start(31), end(60, 35)}},
		{"expect short: 250 ms is 13 frames", EndpointConfig{}, map[int]bool{0: true}, "5S20_", []emitted{start(0), end(17, 4)}},
		{"custom silences", EndpointConfig{MinSilence: 300 * time.Millisecond, ShortSilence: 100 * time.Millisecond},
			map[int]bool{24: true}, "2S20_2S20_", []emitted{start(0), end(16, 1), start(22), end(28, 23)}},
		{"switch to short mid-silence ends at once", EndpointConfig{}, map[int]bool{25: true}, "5S30_", []emitted{start(0), end(25, 4)}},
		{"switch back to long", EndpointConfig{}, map[int]bool{0: true, 6: false}, "5S30_", []emitted{start(0), end(29, 4)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := NewEndpointer(tt.cfg)
			var got []emitted
			for i, s := range states(tt.spec) {
				if v, ok := tt.short[i]; ok {
					e.SetExpectShort(v)
				}
				if ev, ok := e.Process(s); ok {
					got = append(got, emitted{i, ev})
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			if e.Frames() != len(states(tt.spec)) {
				t.Errorf("Frames: got %d, want %d", e.Frames(), len(states(tt.spec)))
			}
		})
	}
}

func TestEndpointerReset(t *testing.T) {
	e := NewEndpointer(EndpointConfig{})
	e.SetExpectShort(true)
	for _, s := range states("10_3S") {
		e.Process(s)
	}
	if !e.InSpeech() {
		t.Fatalf("InSpeech: got false, want true")
	}
	e.Reset()
	if e.InSpeech() || e.Frames() != 0 {
		t.Errorf("after Reset: got InSpeech %v Frames %d, want false 0", e.InSpeech(), e.Frames())
	}
	var got []emitted
	for i, s := range states("S20_") {
		if ev, ok := e.Process(s); ok {
			got = append(got, emitted{i, ev})
		}
	}
	if want := []emitted{start(0), end(13, 0)}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("after Reset (expect short kept): got %v, want %v", got, want)
	}
}

// VAD and endpointer together on synthetic words: a 300 ms pause stays
// inside one utterance, an 800 ms pause splits two.
func TestEndpointerWithVAD(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	word := func() []int16 { return addNoise(r, voiced(8000, 140, dbfs(-22), 8000*3/10, 0), -60) }
	gap := func(ms int) []int16 { return noise(r, dbfs(-60), 8*ms) }
	var sig []int16
	for _, p := range [][]int16{gap(500), word(), gap(300), word(), gap(800), word(), gap(1000)} {
		sig = append(sig, p...)
	}
	v := NewVAD(VADConfig{})
	e := NewEndpointer(EndpointConfig{})
	var kinds []string
	for i := 0; i+160 <= len(sig); i += 160 {
		if ev, ok := e.Process(v.Process(Frame{Rate: 8000, Samples: sig[i : i+160]})); ok {
			kinds = append(kinds, fmt.Sprintf("%v@%dms", ev.Kind, ev.At.Milliseconds()))
		}
	}
	got := strings.Join(kinds, " ")
	// Words at 500-800, 1100-1400, 2200-2500 ms; onset 3 frames: starts 40 ms late.
	want := "SpeechStart@540ms SpeechEnd@1400ms SpeechStart@2240ms SpeechEnd@2500ms"
	if got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}
