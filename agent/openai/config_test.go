package openai

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func TestConfigDefaults(t *testing.T) {
	got := Config{}.WithDefaults()
	if got.BaseURL != DefaultBaseURL || got.Model != "gpt-4o-mini" || got.IdleTimeout != 10*time.Second || got.RequestTimeout != DefaultRequestTimeout {
		t.Errorf("defaults: got %v, want base %s model gpt-4o-mini idle 10s request %v", got, DefaultBaseURL, DefaultRequestTimeout)
	}
	set := Config{BaseURL: "http://127.0.0.1:1/v1", Model: "m", IdleTimeout: time.Second, RequestTimeout: time.Minute}
	if got := set.WithDefaults(); got != set {
		t.Errorf("set fields: got %v, want them kept: %v", got, set)
	}
}

func TestConfigValidate(t *testing.T) {
	local := "http://127.0.0.1:8000/v1"
	tests := []struct {
		name string
		cfg  Config
		ok   bool
	}{
		{"local server without key", Config{BaseURL: local}, true},
		{"openai with key", Config{APIKey: "k"}, true},
		{"openai without key", Config{}, false},
		{"ftp scheme", Config{BaseURL: "ftp://127.0.0.1/v1"}, false},
		{"no host", Config{BaseURL: "http:///v1"}, false},
		{"unparsable", Config{BaseURL: "http://[::1"}, false},
		{"temperature too high", Config{BaseURL: local, Temperature: 2.5}, false},
		{"temperature negative", Config{BaseURL: local, Temperature: -0.1}, false},
		{"temperature 2", Config{BaseURL: local, Temperature: 2}, true},
		{"negative max tokens", Config{BaseURL: local, MaxTokens: -1}, false},
		{"negative idle", Config{BaseURL: local, IdleTimeout: -time.Second}, false},
		{"negative request timeout", Config{BaseURL: local, RequestTimeout: -time.Second}, false},
	}
	for _, tt := range tests {
		err := tt.cfg.Validate()
		if (err == nil) != tt.ok {
			t.Errorf("%s: got %v, want ok=%v", tt.name, err, tt.ok)
		}
		if err != nil && !errors.Is(err, ErrInvalidConfig) {
			t.Errorf("%s: got %v, want ErrInvalidConfig", tt.name, err)
		}
		if _, nerr := NewResponder(tt.cfg, "s"); (nerr == nil) != tt.ok {
			t.Errorf("%s: NewResponder got %v, want ok=%v", tt.name, nerr, tt.ok)
		}
	}
}

func TestConfigNeverPrintsKey(t *testing.T) {
	const pass = "hunter2-url-secret"
	cfg := Config{BaseURL: "https://user:" + pass + "@llm.example/v1?api-key=" + pass, APIKey: testKey, Model: "m"}
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("config", "openai", cfg)
	outputs := map[string]string{
		"slog": logged.String(),
		"%v":   fmt.Sprintf("%v", cfg),
		"%+v":  fmt.Sprintf("%+v", cfg),
		"%#v":  fmt.Sprintf("%#v", cfg),
		"%s":   fmt.Sprintf("%s", cfg),
	}
	for name, out := range outputs {
		if strings.Contains(out, testKey) || strings.Contains(out, pass) {
			t.Errorf("%s: got %q, want no key or URL secret", name, out)
		}
		if !strings.Contains(out, "llm.example") {
			t.Errorf("%s: got %q, want the host shown", name, out)
		}
	}
	if !strings.Contains(logged.String(), `"api_key":"set"`) {
		t.Errorf("slog: got %s, want api_key set", logged.String())
	}
	var unset bytes.Buffer
	slog.New(slog.NewJSONHandler(&unset, nil)).Info("config", "openai", Config{})
	if !strings.Contains(unset.String(), `"api_key":"unset"`) {
		t.Errorf("slog without key: got %s, want api_key unset", unset.String())
	}
	if err := (Config{BaseURL: "http://[::1" + pass}).Validate(); err == nil || strings.Contains(err.Error(), pass) {
		t.Errorf("Validate of a bad URL: got %v, want an error without the URL", err)
	}
}

func TestConfigFromEnv(t *testing.T) {
	t.Setenv(EnvAPIKey, "env-key")
	t.Setenv(EnvBaseURL, "http://127.0.0.1:11434/v1")
	t.Setenv(EnvModel, "llama3")
	got := ConfigFromEnv()
	want := Config{APIKey: "env-key", BaseURL: "http://127.0.0.1:11434/v1", Model: "llama3"}
	if got != want {
		t.Errorf("got %v, want %v", got, want)
	}
	t.Setenv(EnvModel, "")
	if got := ConfigFromEnv().WithDefaults().Model; got != DefaultModel {
		t.Errorf("model with the variable empty: got %q, want %q", got, DefaultModel)
	}
}

// refDone is the reference for watchedBody: any complete line, of at most
// maxMarkerLine bytes before its newline, that is the end marker.
func refDone(data []byte) bool {
	lines := bytes.Split(data, []byte("\n"))
	for _, l := range lines[:len(lines)-1] { // the last piece has no newline
		if len(l) <= maxMarkerLine && isDoneLine(l) {
			return true
		}
	}
	return false
}

func FuzzWatchedBody(f *testing.F) {
	f.Add([]byte("data: {\"x\":1}\n\ndata: [DONE]\n\n"), uint8(3))
	f.Add([]byte("data:[DONE]\r\n"), uint8(1))
	f.Add([]byte("data: [DONE]"), uint8(5))
	f.Add([]byte(strings.Repeat("z", 70)+"data: [DONE]\n"), uint8(7))
	f.Add([]byte("event: x\ndata: [DONE] extra\n"), uint8(2))
	f.Fuzz(func(t *testing.T, data []byte, step uint8) {
		w := &endWatch{}
		b := &watchedBody{ReadCloser: io.NopCloser(&stepReader{data: data, step: int(step%16) + 1}), watch: w}
		got, err := io.ReadAll(b)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("read: got %q, %v, want the data unchanged", got, err)
		}
		if want := refDone(data); w.sawDone != want {
			t.Fatalf("sawDone for %q: got %v, want %v", data, w.sawDone, want)
		}
	})
}

// stepReader returns at most step bytes per Read, to split lines across reads.
type stepReader struct {
	data []byte
	step int
}

func (r *stepReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), r.step)], r.data)
	r.data = r.data[n:]
	return n, nil
}
