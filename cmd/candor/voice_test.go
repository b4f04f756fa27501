package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"candor/agent/report"
)

// TestMandarinAudioThroughOpenAITranscription runs the Mandarin campaign with
// audio: espeak-ng speaks both sides, and recognition goes through the real
// go-openai client to a local server that answers every utterance with an
// opt-out. Each call must play the Chinese disclosure in full, then end with
// the opt-out recorded.
func TestMandarinAudioThroughOpenAITranscription(t *testing.T) {
	if _, err := exec.LookPath("espeak-ng"); err != nil {
		t.Skip("espeak-ng not installed (make test installs it):", err)
	}
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/audio/transcriptions") {
			http.NotFound(w, r)
			return
		}
		if _, _, err := r.FormFile("file"); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		requests.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"text":"别再给我打电话了"}`))
	}))
	defer srv.Close()
	t.Setenv("OPENAI_API_KEY", "sk-local")
	dir := t.TempDir()
	csv := filepath.Join(dir, "c.csv")
	if err := os.WriteFile(csv, []byte("name,phone,persona\nA,+1 212 555 0101,cooperative\nB,+1 212 555 0102,cooperative\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI(t, "", "--db", filepath.Join(dir, "d.db"), "demo", "--json", "--campaign", "service-followup-zh",
		"--contacts", csv, "--speed", "6", "--stt", "openai", "--base-url", srv.URL+"/v1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var s report.Demo
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	if s.Mode != "audio" || s.Dialed != 2 || s.OptOuts != 2 || s.DisclosuresFull != 2 {
		t.Errorf("got %+v, want 2 audio calls, each disclosed in full and ended by an opt-out", s)
	}
	if requests.Load() < 2 {
		t.Errorf("transcription requests = %d, want one per utterance (>= 2)", requests.Load())
	}
}
