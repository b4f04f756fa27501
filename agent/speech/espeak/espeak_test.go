package espeak

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"candor/agent/audio"
)

func needEspeak(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath(DefaultBinary); err != nil {
		t.Skipf("espeak-ng is not on PATH (apt-get install espeak-ng): %v", err)
	}
}

func frameRMS(frames []audio.Frame) float64 {
	var sum float64
	n := 0
	for _, f := range frames {
		for _, v := range f.Samples {
			sum += float64(v) * float64(v)
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return math.Sqrt(sum / float64(n))
}

func TestSynthesizeLanguages(t *testing.T) {
	needEspeak(t)
	tests := []struct {
		name    string
		lang    string
		rate    int
		text    string
		units   float64 // words (English) or characters (Mandarin)
		minPerU time.Duration
		maxPerU time.Duration
	}{
		{"english 8k", "en", 8000, "hello this is a short survey call from the city water company", 12, 30 * time.Millisecond, 300 * time.Millisecond},
		{"english 16k en-US tag", "en-US", 16000, "please tell me on a scale of one to ten how satisfied you are", 14, 30 * time.Millisecond, 300 * time.Millisecond},
		{"mandarin 8k", "zh", 8000, "您好，这是一个关于供水服务的简短调查。", 17, 50 * time.Millisecond, 600 * time.Millisecond},
		{"mandarin 16k zh-TW tag", "zh-TW", 16000, "請問您對我們的服務滿意嗎", 12, 50 * time.Millisecond, 600 * time.Millisecond},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := New(Config{OutRate: tc.rate})
			if err != nil {
				t.Fatalf("New: got error %v, want nil", err)
			}
			frames, err := s.Synthesize(t.Context(), tc.text, tc.lang)
			if err != nil {
				t.Fatalf("Synthesize: got error %v, want nil", err)
			}
			per := audio.SamplesPerFrame(tc.rate)
			for i, f := range frames {
				if f.Rate != tc.rate || len(f.Samples) != per {
					t.Fatalf("frame %d: got rate %d with %d samples, want %d with %d", i, f.Rate, len(f.Samples), tc.rate, per)
				}
			}
			d := time.Duration(len(frames)) * audio.FrameDuration
			lo := time.Duration(tc.units * float64(tc.minPerU))
			hi := time.Duration(tc.units * float64(tc.maxPerU))
			if d < lo || d > hi {
				t.Errorf("duration: got %v, want between %v and %v", d, lo, hi)
			}
			if rms := frameRMS(frames); rms < 300 {
				t.Errorf("RMS level: got %.0f, want at least 300 (audible speech)", rms)
			}
		})
	}
}

func TestStreamOutRateKeepsDuration(t *testing.T) {
	needEspeak(t)
	// The same text at 8 kHz and 16 kHz must last the same time (the resampler
	// ratio is right) and the reported duration must match the frames written.
	text := "one two three four five six seven eight nine ten"
	var durs []time.Duration
	for _, rate := range []int{8000, 16000} {
		s, err := New(Config{OutRate: rate})
		if err != nil {
			t.Fatal(err)
		}
		var c frameCollector
		d, err := s.Stream(t.Context(), text, "en", &c)
		if err != nil {
			t.Fatalf("Stream at %d Hz: got error %v, want nil", rate, err)
		}
		if want := time.Duration(len(c.frames)) * audio.FrameDuration; d != want {
			t.Errorf("Stream at %d Hz reported %v, want %v (frames written)", rate, d, want)
		}
		durs = append(durs, d)
	}
	if diff := durs[0] - durs[1]; diff > 40*time.Millisecond || diff < -40*time.Millisecond {
		t.Errorf("durations at 8k and 16k: got %v and %v, want equal within 40 ms", durs[0], durs[1])
	}
}

func TestStreamDeliversBeforeTheEnd(t *testing.T) {
	needEspeak(t)
	// A wrapper keeps stdout open after espeak-ng finishes, until the test
	// writes to a FIFO. The test only does that after the first frame reached
	// the writer, so an implementation that waits for the end of the output
	// before writing frames never gets a frame and fails here.
	dir := t.TempDir()
	fifo := filepath.Join(dir, "release")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("cannot make a FIFO: %v", err)
	}
	wrapper := filepath.Join(dir, "espeak-wrapper")
	script := "#!/bin/sh\nespeak-ng \"$@\"\nrc=$?\ncat \"$ESPEAK_TEST_RELEASE\" >/dev/null\nexit $rc\n"
	if err := os.WriteFile(wrapper, []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("ESPEAK_TEST_RELEASE", fifo)
	s, err := New(Config{Binary: wrapper})
	if err != nil {
		t.Fatal(err)
	}
	w := &signalWriter{first: make(chan struct{})}
	done := make(chan error, 1)
	go func() {
		_, err := s.Stream(t.Context(), "this sentence is streamed frame by frame", "en", w)
		done <- err
	}()
	select {
	case <-w.first:
	case err := <-done:
		t.Fatalf("Stream returned (%v) before any frame reached the writer, want streaming", err)
	case <-time.After(20 * time.Second):
		t.Fatal("no frame while espeak-ng's output was still open: want frames before the end of the stream")
	}
	select {
	case err := <-done:
		t.Fatalf("Stream returned (%v) while the output was still open", err)
	default:
	}
	f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if err := <-done; err != nil {
		t.Fatalf("Stream: got error %v, want nil", err)
	}
}

type signalWriter struct {
	first chan struct{}
	n     int
}

func (w *signalWriter) WriteFrame(audio.Frame) error {
	w.n++
	if w.n == 1 {
		close(w.first)
	}
	return nil
}

// cancelWriter cancels the context on the first frame.
type cancelWriter struct {
	cancel context.CancelFunc
	n      int
}

func (w *cancelWriter) WriteFrame(audio.Frame) error {
	w.n++
	if w.n == 1 {
		w.cancel()
	}
	return nil
}

func TestStreamCancel(t *testing.T) {
	needEspeak(t)
	s, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("cancel me as soon as the first frame arrives please. ", 200)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	w := &cancelWriter{cancel: cancel}
	d, err := s.Stream(ctx, long, "en", w)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Stream after cancel: got error %v, want context.Canceled", err)
	}
	// The full text is several minutes of speech; after cancel only what was
	// already in the pipe may be delivered.
	if d > time.Minute {
		t.Errorf("audio written after cancel: got %v, want far less than the full text", d)
	}
	// An already cancelled context starts nothing.
	if _, err := s.Stream(ctx, "hello", "en", w); !errors.Is(err, context.Canceled) {
		t.Errorf("Stream with a cancelled context: got %v, want context.Canceled", err)
	}
}

type failingWriter struct{ err error }

func (w failingWriter) WriteFrame(audio.Frame) error { return w.err }

func TestStreamWriterError(t *testing.T) {
	needEspeak(t)
	s, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	sentinel := errors.New("line closed")
	_, err = s.Stream(t.Context(), strings.Repeat("a writer error stops the stream. ", 50), "en", failingWriter{sentinel})
	if !errors.Is(err, sentinel) {
		t.Errorf("Stream with a failing writer: got %v, want the writer's error", err)
	}
}

func TestStreamTextIsNotAnOption(t *testing.T) {
	needEspeak(t)
	s, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	// Option-looking text, SSML and shell syntax are spoken (or ignored), never obeyed.
	for _, text := range []string{"--version", "-w /tmp/espeak-injection.wav hello", "$(touch /tmp/pwned) `id`; ls", "<speak>hi</speak>", "-"} {
		frames, err := s.Synthesize(t.Context(), text, "en")
		if err != nil {
			t.Errorf("Synthesize(%q): got error %v, want nil", text, err)
			continue
		}
		if len(frames) == 0 {
			t.Errorf("Synthesize(%q): got no audio, want the text spoken", text)
		}
	}
}

func TestErrors(t *testing.T) {
	if _, err := New(Config{Binary: "/nonexistent/espeak-ng"}); !errors.Is(err, ErrNotInstalled) {
		t.Errorf("New with a missing binary: got %v, want ErrNotInstalled", err)
	}
	bad := []Config{
		{OutRate: 22050},
		{Rate: 10},
		{Rate: 1000},
		{Voices: map[string]string{"en": "-w /tmp/x"}},
		{Voices: map[string]string{"en": ""}},
	}
	for _, c := range bad {
		if err := c.Validate(); !errors.Is(err, ErrBadConfig) {
			t.Errorf("Validate(%+v): got %v, want ErrBadConfig", c, err)
		}
	}
	needEspeak(t)
	s, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Synthesize(t.Context(), "bonjour", "fr"); !errors.Is(err, ErrUnsupportedLanguage) {
		t.Errorf("Synthesize in fr: got %v, want ErrUnsupportedLanguage", err)
	}
	frames, err := s.Synthesize(t.Context(), "  \n", "en")
	if err != nil || len(frames) != 0 {
		t.Errorf("Synthesize of blank text: got %d frames, %v; want 0, nil", len(frames), err)
	}
	s2, err := New(Config{Voices: map[string]string{"en": "xyzzy"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s2.Synthesize(t.Context(), "hello", "en"); !errors.Is(err, ErrFailed) || !strings.Contains(err.Error(), "voice") {
		t.Errorf("Synthesize with an unknown voice: got %v, want ErrFailed mentioning the voice", err)
	}
}

func wavHeader(rate, channels, bits int, extra []byte) []byte {
	var b bytes.Buffer
	b.WriteString("RIFF")
	binary.Write(&b, binary.LittleEndian, uint32(0x7ffff024))
	b.WriteString("WAVE")
	b.Write(extra)
	b.WriteString("fmt ")
	binary.Write(&b, binary.LittleEndian, uint32(16))
	binary.Write(&b, binary.LittleEndian, uint16(1))
	binary.Write(&b, binary.LittleEndian, uint16(channels))
	binary.Write(&b, binary.LittleEndian, uint32(rate))
	binary.Write(&b, binary.LittleEndian, uint32(rate*channels*bits/8))
	binary.Write(&b, binary.LittleEndian, uint16(channels*bits/8))
	binary.Write(&b, binary.LittleEndian, uint16(bits))
	b.WriteString("data")
	binary.Write(&b, binary.LittleEndian, uint32(0x7ffff000))
	return b.Bytes()
}

func TestReadWAVHeader(t *testing.T) {
	list := append([]byte("LIST"), 4, 0, 0, 0, 'a', 'b', 'c', 'd')
	tests := []struct {
		name    string
		in      []byte
		want    wavFormat
		wantErr bool
	}{
		{"espeak stream", wavHeader(22050, 1, 16, nil), wavFormat{22050, 1, 16}, false},
		{"extra chunk skipped", wavHeader(16000, 1, 16, list), wavFormat{16000, 1, 16}, false},
		{"stereo refused", wavHeader(22050, 2, 16, nil), wavFormat{}, true},
		{"8-bit refused", wavHeader(22050, 1, 8, nil), wavFormat{}, true},
		{"truncated", wavHeader(22050, 1, 16, nil)[:30], wavFormat{}, true},
		{"not riff", []byte("RIFX0000WAVEfmt "), wavFormat{}, true},
		{"empty", nil, wavFormat{}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := readWAVHeader(bytes.NewReader(tc.in))
			if tc.wantErr {
				if !errors.Is(err, ErrBadAudio) {
					t.Errorf("got %+v, %v; want ErrBadAudio", got, err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("got %+v, %v; want %+v, nil", got, err, tc.want)
			}
		})
	}
}

func FuzzReadWAVHeader(f *testing.F) {
	f.Add(wavHeader(22050, 1, 16, nil))
	f.Add(wavHeader(8000, 1, 16, append([]byte("LIST"), 2, 0, 0, 0, 'x', 'y')))
	f.Add([]byte("RIFF\xff\xff\xff\xffWAVEfmt \xff\xff\xff\xff"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := readWAVHeader(bytes.NewReader(b))
		if err == nil && (got.Channels != 1 || got.Bits != 16 || got.Rate < 4000 || got.Rate > 192000) {
			t.Errorf("accepted format %+v, want mono 16-bit 4..192 kHz only", got)
		}
		if err != nil && !errors.Is(err, ErrBadAudio) {
			t.Errorf("error %v does not wrap ErrBadAudio", err)
		}
	})
}

func BenchmarkSynthesize(b *testing.B) {
	needEspeak(b)
	s, err := New(Config{})
	if err != nil {
		b.Fatal(err)
	}
	text := "thank you for your time, your answers help us improve our service"
	var audioDur time.Duration
	for b.Loop() {
		frames, err := s.Synthesize(context.Background(), text, "en")
		if err != nil {
			b.Fatal(err)
		}
		audioDur += time.Duration(len(frames)) * audio.FrameDuration
	}
	b.ReportMetric(audioDur.Seconds()/float64(b.N), "audio-s/op")
}
