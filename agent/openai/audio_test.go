package openai

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"
)

// wavInfo is what a test reads back from a WAV header.
type wavInfo struct {
	rate, channels, bits int
	samples              []int16
}

// parseWAV checks a canonical 44-byte-header PCM WAV file and returns its
// format and samples. It is the test's own reader, independent of writeWAV.
func parseWAV(b []byte) (wavInfo, error) {
	if len(b) < 44 {
		return wavInfo{}, fmt.Errorf("got %d bytes, want at least 44", len(b))
	}
	le := binary.LittleEndian
	switch {
	case string(b[0:4]) != "RIFF" || string(b[8:12]) != "WAVE":
		return wavInfo{}, fmt.Errorf("got magic %q %q, want RIFF WAVE", b[0:4], b[8:12])
	case int(le.Uint32(b[4:8])) != len(b)-8:
		return wavInfo{}, fmt.Errorf("RIFF size: got %d, want %d", le.Uint32(b[4:8]), len(b)-8)
	case string(b[12:16]) != "fmt " || le.Uint32(b[16:20]) != 16 || le.Uint16(b[20:22]) != 1:
		return wavInfo{}, fmt.Errorf("fmt chunk: got %q size %d format %d, want PCM", b[12:16], le.Uint32(b[16:20]), le.Uint16(b[20:22]))
	case string(b[36:40]) != "data" || int(le.Uint32(b[40:44])) != len(b)-44:
		return wavInfo{}, fmt.Errorf("data chunk: got %q size %d, want data %d", b[36:40], le.Uint32(b[40:44]), len(b)-44)
	}
	info := wavInfo{
		channels: int(le.Uint16(b[22:24])),
		rate:     int(le.Uint32(b[24:28])),
		bits:     int(le.Uint16(b[34:36])),
	}
	if byteRate, align := le.Uint32(b[28:32]), le.Uint16(b[32:34]); int(byteRate) != info.rate*2 || align != 2 {
		return wavInfo{}, fmt.Errorf("byte rate %d align %d: want %d and 2", byteRate, align, info.rate*2)
	}
	if (len(b)-44)%2 != 0 {
		return wavInfo{}, fmt.Errorf("data length %d is odd", len(b)-44)
	}
	for i := 44; i+1 < len(b); i += 2 {
		info.samples = append(info.samples, int16(le.Uint16(b[i:])))
	}
	return info, nil
}

func TestTranscribe(t *testing.T) {
	pcm := []int16{0, 1, -1, 32767, -32768, 1234, -4321, 7}
	tests := []struct {
		name, lang, wantLang string
		rate                 int
	}{
		{"mandarin tag at 16 kHz", "zh-CN", "zh", 16000},
		{"english at 8 kHz", "en_US", "en", 8000},
		{"detect language", "", "", 16000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			noLeaks(t)
			var (
				mu                    sync.Mutex
				info                  wavInfo
				parseErr              error
				model, lang, ctype, p string
			)
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				defer mu.Unlock()
				p = r.URL.Path
				f, h, err := r.FormFile("file")
				if err != nil {
					parseErr = err
					http.Error(w, err.Error(), 400)
					return
				}
				b, _ := io.ReadAll(f)
				info, parseErr = parseWAV(b)
				model, lang, ctype = r.FormValue("model"), r.FormValue("language"), h.Header.Get("Content-Type")
				w.Header().Set("Content-Type", "application/json")
				io.WriteString(w, `{"text":"  ni hao, I'd like a callback  "}`)
			})
			tr, err := NewTranscriber(testConfig(srv), "")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(tr.CloseIdleConnections)
			got, err := tr.Transcribe(context.Background(), pcm, tt.rate, tt.lang)
			if err != nil {
				t.Fatalf("Transcribe: %v", err)
			}
			if want := "ni hao, I'd like a callback"; got != want {
				t.Errorf("text: got %q, want %q", got, want)
			}
			mu.Lock()
			defer mu.Unlock()
			if parseErr != nil {
				t.Fatalf("server could not read the audio: %v", parseErr)
			}
			if p != "/v1/audio/transcriptions" || model != DefaultTranscribeModel || lang != tt.wantLang || ctype != "audio/wav" {
				t.Errorf("request: got path %q model %q language %q type %q, want /v1/audio/transcriptions %q %q audio/wav",
					p, model, lang, ctype, DefaultTranscribeModel, tt.wantLang)
			}
			if info.rate != tt.rate || info.channels != 1 || info.bits != 16 {
				t.Errorf("format: got %d Hz %d ch %d bit, want %d Hz 1 ch 16 bit", info.rate, info.channels, info.bits, tt.rate)
			}
			if fmt.Sprint(info.samples) != fmt.Sprint(pcm) {
				t.Errorf("samples: got %v, want %v", info.samples, pcm)
			}
		})
	}
}

func TestTranscribeErrors(t *testing.T) {
	noLeaks(t)
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		apiError(w, 401, "bad key "+testKey)
	})
	tr, err := NewTranscriber(testConfig(srv), "gpt-4o-transcribe")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tr.CloseIdleConnections)
	tests := []struct {
		name string
		pcm  []int16
		rate int
		want error
	}{
		{"no audio", nil, 16000, ErrInvalidInput},
		{"zero rate", []int16{1}, 0, ErrInvalidInput},
		{"negative rate", []int16{1}, -8000, ErrInvalidInput},
		{"upstream 401", []int16{1, 2}, 16000, ErrUpstream},
	}
	for _, tt := range tests {
		_, err := tr.Transcribe(context.Background(), tt.pcm, tt.rate, "en")
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, err, tt.want)
		}
		mustNotLeakKey(t, err)
	}
}

func TestSpeakStreamsPCM(t *testing.T) {
	noLeaks(t)
	parts := [][]byte{bytes.Repeat([]byte{1, 0}, 480), bytes.Repeat([]byte{2, 0}, 480), bytes.Repeat([]byte{3, 0}, 100)}
	gate := make(chan struct{})
	var (
		mu  sync.Mutex
		got map[string]any
	)
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		err := json.NewDecoder(r.Body).Decode(&got)
		mu.Unlock()
		if err != nil || r.URL.Path != "/v1/audio/speech" {
			http.Error(w, fmt.Sprintf("path %s: %v", r.URL.Path, err), 400)
			return
		}
		w.Header().Set("Content-Type", "audio/pcm")
		w.Write(parts[0])
		w.(http.Flusher).Flush()
		select {
		case <-gate:
		case <-r.Context().Done():
			return
		}
		for _, p := range parts[1:] {
			w.Write(p)
			w.(http.Flusher).Flush()
		}
	})
	sp, err := NewSpeaker(testConfig(srv), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sp.CloseIdleConnections)
	body, err := sp.Speak(context.Background(), "Thank you for your time.", "")
	if err != nil {
		t.Fatalf("Speak: %v", err)
	}
	defer body.Close()
	first := make([]byte, len(parts[0]))
	if _, err := io.ReadFull(body, first); err != nil { // the server holds the rest until gate
		t.Fatalf("first part: %v", err)
	}
	if !bytes.Equal(first, parts[0]) {
		t.Errorf("first part: got % x..., want % x...", first[:4], parts[0][:4])
	}
	close(gate)
	rest, err := io.ReadAll(body)
	if err != nil {
		t.Fatalf("rest: %v", err)
	}
	if want := append(append([]byte{}, parts[1]...), parts[2]...); !bytes.Equal(rest, want) {
		t.Errorf("rest: got %d bytes, want %d", len(rest), len(want))
	}
	mu.Lock()
	defer mu.Unlock()
	want := map[string]any{"model": DefaultSpeechModel, "input": "Thank you for your time.", "voice": DefaultVoice, "response_format": "pcm"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("request %s: got %v, want %v", k, got[k], v)
		}
	}
}

func TestSpeakErrors(t *testing.T) {
	noLeaks(t)
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		apiError(w, 500, "boom "+testKey)
	})
	sp, err := NewSpeaker(testConfig(srv), "gpt-4o-mini-tts")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sp.CloseIdleConnections)
	for _, tt := range []struct {
		name, text string
		want       error
	}{
		{"empty text", "  ", ErrInvalidInput},
		{"upstream 500", "hello", ErrUpstream},
	} {
		body, err := sp.Speak(context.Background(), tt.text, "nova")
		if body != nil {
			body.Close()
		}
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, err, tt.want)
		}
		mustNotLeakKey(t, err)
	}
}

func TestWriteWAVRejects(t *testing.T) {
	for _, rate := range []int{0, -1, 384001} {
		if err := writeWAV(io.Discard, []int16{1}, rate); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("rate %d: got %v, want ErrInvalidInput", rate, err)
		}
	}
}

func FuzzWAVRoundTrip(f *testing.F) {
	f.Add([]byte{}, 8000)
	f.Add([]byte{0x00, 0x80, 0xff, 0x7f}, 16000)
	f.Add([]byte{1, 2, 3}, 44100)
	f.Add([]byte{1, 2}, -5)
	f.Fuzz(func(t *testing.T, raw []byte, rate int) {
		pcm := make([]int16, len(raw)/2)
		for i := range pcm {
			pcm[i] = int16(binary.LittleEndian.Uint16(raw[2*i:]))
		}
		var buf bytes.Buffer
		err := writeWAV(&buf, pcm, rate)
		if rate <= 0 || rate > 384000 {
			if !errors.Is(err, ErrInvalidInput) {
				t.Fatalf("rate %d: got %v, want ErrInvalidInput", rate, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("writeWAV: %v", err)
		}
		info, err := parseWAV(buf.Bytes())
		if err != nil {
			t.Fatalf("parse: %v", err)
		}
		if info.rate != rate || info.channels != 1 || info.bits != 16 || len(info.samples) != len(pcm) {
			t.Fatalf("got %d Hz %d ch %d bit %d samples, want %d Hz 1 ch 16 bit %d samples",
				info.rate, info.channels, info.bits, len(info.samples), rate, len(pcm))
		}
		for i := range pcm {
			if info.samples[i] != pcm[i] {
				t.Fatalf("sample %d: got %d, want %d", i, info.samples[i], pcm[i])
			}
		}
	})
}

func BenchmarkWriteWAV(b *testing.B) {
	pcm := make([]int16, 16000) // one second at 16 kHz
	for i := range pcm {
		pcm[i] = int16(i * 7)
	}
	var buf bytes.Buffer
	b.SetBytes(int64(2 * len(pcm)))
	for b.Loop() {
		buf.Reset()
		if err := writeWAV(&buf, pcm, 16000); err != nil {
			b.Fatal(err)
		}
	}
}
