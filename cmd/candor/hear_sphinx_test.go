//go:build sphinx

package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"candor/agent/audio"
	"candor/agent/speech/hear"
	"candor/guardrails"
)

// hearResult is one file's line of `candor hear`.
type hearResult = hear.Result

// flite16 speaks text with flite's kal16 voice into a 16 kHz WAV file.
func flite16(t *testing.T, path, text string) {
	t.Helper()
	if out, err := exec.Command("flite", "-voice", "kal16", "-o", path, "-t", text).CombinedOutput(); err != nil {
		t.Fatalf("flite: %v: %s", err, out)
	}
}

// TestHearFiles: good files of both rates are heard and classified, bad
// ones get an error naming the problem, every file gets its line, and the
// exit status is 1.
func TestHearFiles(t *testing.T) {
	if _, err := exec.LookPath("flite"); err != nil {
		t.Skip("flite not installed (make deps installs it)")
	}
	if _, err := os.Stat("/usr/share/pocketsphinx/model/en-us/en-us.lm.bin"); err != nil {
		t.Skip("pocketsphinx-en-us not installed")
	}
	dir := t.TempDir()
	optOut := filepath.Join(dir, "optout.wav")
	flite16(t, optOut, "please stop calling me")
	// The same answer at the line rate: 8 kHz.
	four16 := filepath.Join(dir, "four16.wav")
	flite16(t, four16, "four")
	f, err := os.Open(four16)
	if err != nil {
		t.Fatal(err)
	}
	pcm, err := audio.ReadWAV(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	down, err := audio.NewResampler(pcm.Rate, 8000)
	if err != nil {
		t.Fatal(err)
	}
	four8 := filepath.Join(dir, "four8.wav")
	w, err := os.Create(four8)
	if err != nil {
		t.Fatal(err)
	}
	if err := audio.WriteWAV(w, 8000, down.Process(nil, pcm.Samples)); err != nil {
		t.Fatal(err)
	}
	w.Close()
	notWAV := filepath.Join(dir, "notes.wav")
	if err := os.WriteFile(notWAV, []byte("not audio at all"), 0o600); err != nil {
		t.Fatal(err)
	}
	rate44 := filepath.Join(dir, "cd.wav")
	w, err = os.Create(rate44)
	if err != nil {
		t.Fatal(err)
	}
	if err := audio.WriteWAV(w, 44100, make([]int16, 44100)); err != nil {
		t.Fatal(err)
	}
	w.Close()
	missing := filepath.Join(dir, "missing.wav")

	code, out, errs := runCLI(t, "", "hear", "--campaign", "service-followup-en", "--json", "--question", "satisfaction",
		notWAV, optOut, rate44, four8, missing, four16)
	if code != 1 {
		t.Errorf("exit %d, want 1 (bad files among them); stderr %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 6 {
		t.Fatalf("got %d lines, want one per file:\n%s", len(lines), out)
	}
	got := map[string]hearResult{}
	for _, l := range lines {
		var r hearResult
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		got[r.File] = r
		t.Logf("%s", l)
	}
	for file, want := range map[string]string{notWAV: "RIFF", rate44: "44100 Hz", missing: "no such file"} {
		if r := got[file]; !strings.Contains(r.Error, want) {
			t.Errorf("%s: got error %q, want one saying %q", filepath.Base(file), r.Error, want)
		}
	}
	if r := got[optOut]; r.Error != "" || r.Intent != "opt_out" || r.Weak {
		t.Errorf("opt-out file: got %+v, want intent opt_out, not weak", r)
	}
	for _, l := range lines {
		if !strings.Contains(l, `"weak":`) {
			t.Errorf("line %s: want a weak field in every result", l)
		}
	}
	for _, file := range []string{four8, four16} {
		if r := got[file]; r.Error != "" || r.Intent != "none" || r.Answer != "4" {
			t.Errorf("%s: got %+v, want the answer 4 and no intent", filepath.Base(file), r)
		}
	}

	// The table form names the columns and says when nothing was understood.
	code, out, _ = runCLI(t, "", "hear", "--campaign", "service-followup-en", optOut)
	if code != 0 || !strings.Contains(out, "FILE") || !strings.Contains(out, "opt_out") {
		t.Errorf("table: exit %d, output:\n%s", code, out)
	}

	// A weak verdict is shown as such (fed through the classifier seam until
	// the classifier reports strength).
	old := classifyCallee
	classifyCallee = func(text, lang string) guardrails.IntentResult {
		r := old(text, lang)
		r.Weak = r.Intent == guardrails.IntentOptOut
		return r
	}
	defer func() { classifyCallee = old }()
	code, out, _ = runCLI(t, "", "hear", "--campaign", "service-followup-en", "--json", optOut)
	if code != 0 || !strings.Contains(out, `"intent":"opt_out","weak":true`) {
		t.Errorf("weak json: exit %d, output:\n%s", code, out)
	}
	code, out, _ = runCLI(t, "", "hear", "--campaign", "service-followup-en", optOut)
	if code != 0 || !strings.Contains(out, "opt_out (weak)") {
		t.Errorf("weak table: exit %d, output:\n%s", code, out)
	}
}
