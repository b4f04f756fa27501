package eval

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"candor/agent/audio"
	"candor/agent/speech/espeak"
)

// ErrNoVoice means a voice's program is not installed.
var ErrNoVoice = errors.New("eval: voice not installed")

// Espeak is an espeak-ng voice ("en-us+klatt"), resampled by package espeak
// from its 22050 Hz output straight to the 8 kHz line rate.
type Espeak struct {
	voice string
	s     *espeak.Synth
}

// NewEspeak returns the espeak-ng voice v (an error wrapping ErrNoVoice when
// espeak-ng is not installed).
func NewEspeak(v string) (*Espeak, error) {
	s, err := espeak.New(espeak.Config{Voices: map[string]string{"en": v}, OutRate: LineRate})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNoVoice, err)
	}
	return &Espeak{voice: v, s: s}, nil
}

// Name implements Voice.
func (e *Espeak) Name() string { return "espeak-ng " + e.voice }

// Speak implements Voice.
func (e *Espeak) Speak(ctx context.Context, text string) (*audio.PCM, error) {
	frames, err := e.s.Synthesize(ctx, text, "en")
	if err != nil {
		return nil, fmt.Errorf("eval: espeak-ng %q: %w", text, err)
	}
	p := &audio.PCM{Rate: e.s.OutRate()}
	for _, f := range frames {
		p.Samples = append(p.Samples, f.Samples...)
	}
	return p, nil
}

// Flite is a flite voice ("kal16", 16 kHz).
type Flite struct {
	voice, path string
}

// NewFlite returns the flite voice v (an error wrapping ErrNoVoice when flite
// is not installed).
func NewFlite(v string) (*Flite, error) {
	path, err := exec.LookPath("flite")
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNoVoice, err)
	}
	return &Flite{voice: v, path: path}, nil
}

// Name implements Voice.
func (f *Flite) Name() string { return "flite " + f.voice }

// Speak implements Voice.
func (f *Flite) Speak(ctx context.Context, text string) (*audio.PCM, error) {
	dir, err := os.MkdirTemp("", "candor-flite-")
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "out.wav")
	cmd := exec.CommandContext(ctx, f.path, "-voice", f.voice, "-o", out, "-t", text)
	if msg, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("eval: flite %q: %w: %s", text, err, msg)
	}
	file, err := os.Open(out)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	defer file.Close()
	p, err := audio.ReadWAV(file)
	if err != nil {
		return nil, fmt.Errorf("eval: flite output: %w", err)
	}
	return p, nil
}

// Voices returns the simulated callee voices installed here: espeak-ng
// en-us+klatt and flite kal16.
func Voices() []Voice {
	var vs []Voice
	if v, err := NewEspeak("en-us+klatt"); err == nil {
		vs = append(vs, v)
	}
	if v, err := NewFlite("kal16"); err == nil {
		vs = append(vs, v)
	}
	return vs
}
