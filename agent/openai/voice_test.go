package openai

import (
	"context"
	"encoding/binary"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"candor/agent/audio"
)

type frameSink struct{ frames []audio.Frame }

func (s *frameSink) WriteFrame(f audio.Frame) error {
	s.frames = append(s.frames, audio.Frame{Rate: f.Rate, Samples: append([]int16(nil), f.Samples...)})
	return nil
}

func TestStreamSpeakerFramesAt8k(t *testing.T) {
	// One second of a 500 Hz tone at 24 kHz, sent in odd-sized chunks.
	pcm := make([]byte, 2*SpeechRate)
	for i := 0; i < SpeechRate; i++ {
		binary.LittleEndian.PutUint16(pcm[2*i:], uint16(int16(8000*math.Sin(2*math.Pi*500*float64(i)/SpeechRate))))
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/audio/speech") {
			http.NotFound(w, r)
			return
		}
		for off := 0; off < len(pcm); off += 1001 {
			_, _ = w.Write(pcm[off:min(off+1001, len(pcm))])
			w.(http.Flusher).Flush()
		}
	}))
	defer srv.Close()
	sp, err := NewSpeaker(Config{BaseURL: srv.URL + "/v1", APIKey: "k"}, "")
	if err != nil {
		t.Fatal(err)
	}
	var sink frameSink
	d, err := StreamSpeaker{S: sp}.Stream(context.Background(), "hello", "en", &sink)
	if err != nil {
		t.Fatal(err)
	}
	if d != time.Second || len(sink.frames) != 50 {
		t.Errorf("got %v in %d frames, want 1s in 50", d, len(sink.frames))
	}
	for i, f := range sink.frames {
		if f.Rate != 8000 || len(f.Samples) != 160 {
			t.Fatalf("frame %d: %d Hz x %d, want 8000 x 160", i, f.Rate, len(f.Samples))
		}
	}
	// The tone survives: a middle frame has a large amplitude.
	peak := 0
	for _, s := range sink.frames[25].Samples {
		peak = max(peak, int(s), -int(s))
	}
	if peak < 6000 {
		t.Errorf("peak %d in the middle frame, want the 8000 tone", peak)
	}
}

func TestUtteranceRecognizerSendsOneWAV(t *testing.T) {
	var gotLen int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, _, err := r.FormFile("file")
		if err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		b, _ := io.ReadAll(f)
		gotLen = len(b)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"text":"please stop calling me"}`))
	}))
	defer srv.Close()
	tr, err := NewTranscriber(Config{BaseURL: srv.URL + "/v1", APIKey: "k"}, "")
	if err != nil {
		t.Fatal(err)
	}
	u := &UtteranceRecognizer{T: tr, Lang: "en"}
	if err := u.Start(); err != nil {
		t.Fatal(err)
	}
	for range 25 {
		if err := u.WriteFrame(audio.Frame{Rate: 16000, Samples: make([]int16, 320)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := u.WriteFrame(audio.Frame{Rate: 8000, Samples: make([]int16, 160)}); err == nil {
		t.Error("a frame at another rate was accepted")
	}
	text, err := u.Final()
	if err != nil || text != "please stop calling me" {
		t.Fatalf("Final = %q, %v", text, err)
	}
	if want := 44 + 25*320*2; gotLen != want {
		t.Errorf("server got %d bytes, want a %d-byte WAV (one request for the utterance)", gotLen, want)
	}
}
