// Package espeak is candor's offline text-to-speech: it runs the espeak-ng
// program (GPL-3, so it is run as a separate process and never linked), reads
// the 22050 Hz WAV it writes on stdout while it is being produced, resamples it
// to the line rate and pushes 20 ms frames down an audio.FrameWriter.
package espeak

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"sync"
	"time"

	"candor/agent/audio"
)

// Defaults for Config.
const (
	DefaultBinary  = "espeak-ng"
	DefaultRate    = 175 // espeak-ng's own default speed, words per minute
	DefaultOutRate = 8000
)

// DefaultVoices maps a base language code to an espeak-ng voice.
var DefaultVoices = map[string]string{
	"en": "en-us",
	"zh": "cmn",
}

// Config configures a Synth. The zero value is usable: every empty field takes
// its default.
type Config struct {
	// Binary is the espeak-ng program, a name looked up on PATH or a path.
	Binary string
	// Voices maps a base language ("en", "zh") to an espeak-ng voice name,
	// optionally with a variant ("en-us+klatt"). Nil means DefaultVoices.
	Voices map[string]string
	// Rate is the speaking speed in words per minute (80..450).
	Rate int
	// OutRate is the sample rate of the frames written: 8000 or 16000.
	OutRate int
}

func (c Config) withDefaults() Config {
	if c.Binary == "" {
		c.Binary = DefaultBinary
	}
	if c.Voices == nil {
		c.Voices = DefaultVoices
	}
	if c.Rate == 0 {
		c.Rate = DefaultRate
	}
	if c.OutRate == 0 {
		c.OutRate = DefaultOutRate
	}
	return c
}

// Validate reports the first invalid field, after defaults are applied.
func (c Config) Validate() error {
	c = c.withDefaults()
	if c.Rate < 80 || c.Rate > 450 {
		return fmt.Errorf("%w: Rate %d words/min, want 80..450", ErrBadConfig, c.Rate)
	}
	if c.OutRate != 8000 && c.OutRate != 16000 {
		return fmt.Errorf("%w: OutRate %d Hz, want 8000 or 16000", ErrBadConfig, c.OutRate)
	}
	for lang, v := range c.Voices {
		if v == "" || strings.HasPrefix(v, "-") || strings.ContainsAny(v, " \t\n\x00") {
			return fmt.Errorf("%w: voice %q for %q", ErrBadConfig, v, lang)
		}
	}
	return nil
}

// Synth speaks text with espeak-ng. It holds no per-call state, so one Synth
// may serve many calls concurrently; each Stream runs its own process.
type Synth struct {
	cfg  Config
	path string
}

// New checks cfg and finds the espeak-ng program. It returns an error wrapping
// ErrNotInstalled when the program is not found.
func New(cfg Config) (*Synth, error) {
	cfg = cfg.withDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	path, err := exec.LookPath(cfg.Binary)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNotInstalled, err)
	}
	voices := make(map[string]string, len(cfg.Voices))
	for k, v := range cfg.Voices {
		voices[strings.ToLower(k)] = v
	}
	cfg.Voices = voices
	return &Synth{cfg: cfg, path: path}, nil
}

// OutRate returns the sample rate of the frames the Synth produces.
func (s *Synth) OutRate() int { return s.cfg.OutRate }

// Voice returns the espeak-ng voice for a language tag such as "en", "en-US",
// "zh-CN" or "zh_TW" (matched on the base language).
func (s *Synth) Voice(lang string) (string, error) {
	base := strings.ToLower(lang)
	if i := strings.IndexAny(base, "-_"); i >= 0 {
		base = base[:i]
	}
	if base == "cmn" {
		base = "zh"
	}
	v, ok := s.cfg.Voices[base]
	if !ok {
		return "", fmt.Errorf("%w: %q", ErrUnsupportedLanguage, lang)
	}
	return v, nil
}

// Synthesize speaks text and returns all its frames.
func (s *Synth) Synthesize(ctx context.Context, text, lang string) ([]audio.Frame, error) {
	var c frameCollector
	if _, err := s.Stream(ctx, text, lang, &c); err != nil {
		return nil, err
	}
	return c.frames, nil
}

type frameCollector struct{ frames []audio.Frame }

func (c *frameCollector) WriteFrame(f audio.Frame) error {
	c.frames = append(c.frames, f)
	return nil
}

// readChunk is how many bytes are read from espeak-ng at a time; small enough
// that the first frame is written a few milliseconds after espeak-ng starts.
const readChunk = 4096

// flushSamples of silence push the resampler's filter delay (about 40 input
// samples) out at the end.
const flushSamples = 64

// stderrLimit bounds what is kept of espeak-ng's error output.
const stderrLimit = 4096

// Stream speaks text in language lang, writing 20 ms frames at the configured
// rate to w as soon as each one is complete; the last frame is padded with
// silence. It returns the duration of the audio written. The text goes to
// espeak-ng on its standard input, never through a shell or as an option, and
// is read as plain text (SSML is not interpreted).
//
// Cancelling ctx kills espeak-ng and Stream returns ctx's error promptly. An
// error from w also stops espeak-ng and is returned.
func (s *Synth) Stream(ctx context.Context, text, lang string, w audio.FrameWriter) (time.Duration, error) {
	voice, err := s.Voice(lang)
	if err != nil {
		return 0, err
	}
	text = strings.ToValidUTF8(strings.ReplaceAll(text, "\x00", " "), " ")
	if strings.TrimSpace(text) == "" {
		return 0, nil
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	cmd := exec.CommandContext(ctx, s.path,
		"--stdout", "--stdin", "-b", "1",
		"-v", voice, "-s", fmt.Sprint(s.cfg.Rate))
	cmd.Stdin = strings.NewReader(text)
	stderr := &limitedBuffer{limit: stderrLimit}
	cmd.Stderr = stderr
	cmd.WaitDelay = time.Second
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return 0, fmt.Errorf("espeak: %w", err)
	}
	if err := cmd.Start(); err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return 0, fmt.Errorf("%w: %w", ErrNotInstalled, err)
		}
		return 0, fmt.Errorf("%w: starting: %w", ErrFailed, err)
	}

	frames, streamErr := s.pump(stdout, w)
	if streamErr != nil {
		cancel() // stop espeak-ng; its exit status no longer matters
	}
	// Drain so espeak-ng never blocks on a full pipe before Wait.
	_, _ = io.Copy(io.Discard, stdout)
	waitErr := cmd.Wait()
	d := time.Duration(frames) * audio.FrameDuration
	if err := parent.Err(); err != nil {
		return d, err // the caller cancelled: espeak-ng was killed
	}
	if streamErr != nil {
		if waitErr != nil && !errors.Is(streamErr, errWriter) {
			// espeak-ng failed before or while writing: its message says why.
			return d, fmt.Errorf("%w: %w: %s (%w)", ErrFailed, waitErr, strings.TrimSpace(stderr.String()), streamErr)
		}
		if we, ok := streamErr.(*writerError); ok {
			return d, we.err
		}
		return d, streamErr
	}
	if waitErr != nil {
		return d, fmt.Errorf("%w: %w: %s", ErrFailed, waitErr, strings.TrimSpace(stderr.String()))
	}
	return d, nil
}

// pump reads the WAV stream and writes frames; it returns the number written.
func (s *Synth) pump(r io.Reader, w audio.FrameWriter) (int, error) {
	format, err := readWAVHeader(r)
	if err != nil {
		return 0, err
	}
	rs, err := audio.NewResampler(format.Rate, s.cfg.OutRate)
	if err != nil {
		return 0, fmt.Errorf("%w: %w", ErrBadAudio, err)
	}
	per := audio.SamplesPerFrame(s.cfg.OutRate)
	var (
		raw     = make([]byte, readChunk+1)
		carry   = 0 // 0 or 1 byte of an incomplete sample at raw[0]
		in      = make([]int16, 0, readChunk/2)
		pending = make([]int16, 0, 2*per)
		frames  = 0
	)
	emit := func(final bool) error {
		for len(pending) >= per || (final && len(pending) > 0) {
			f := audio.Frame{Rate: s.cfg.OutRate, Samples: make([]int16, per)}
			n := copy(f.Samples, pending) // the rest stays zero: silence padding
			if err := w.WriteFrame(f); err != nil {
				return &writerError{err}
			}
			frames++
			pending = pending[:copy(pending, pending[n:])]
		}
		return nil
	}
	for {
		n, rerr := r.Read(raw[carry : carry+readChunk])
		n += carry
		in = in[:0]
		for i := 0; i+1 < n; i += 2 {
			in = append(in, int16(uint16(raw[i])|uint16(raw[i+1])<<8))
		}
		carry = n % 2
		if carry == 1 {
			raw[0] = raw[n-1]
		}
		pending = rs.Process(pending, in)
		if err := emit(false); err != nil {
			return frames, err
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return frames, fmt.Errorf("%w: reading: %w", ErrBadAudio, rerr)
		}
	}
	pending = rs.Process(pending, make([]int16, flushSamples))
	if err := emit(true); err != nil {
		return frames, err
	}
	return frames, nil
}

// errWriter marks errors that came from the caller's FrameWriter.
var errWriter = errors.New("frame writer failed")

// writerError carries an error of the FrameWriter through pump unchanged.
type writerError struct{ err error }

func (e *writerError) Error() string        { return e.err.Error() }
func (e *writerError) Unwrap() error        { return e.err }
func (e *writerError) Is(target error) bool { return target == errWriter }

// limitedBuffer keeps the first limit bytes written to it.
type limitedBuffer struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	limit int
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if room := b.limit - b.buf.Len(); room > 0 {
		b.buf.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

func (b *limitedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
