//go:build sphinx

package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"candor/agent/audio"
	"candor/agent/store"
	"candor/agent/store/sqlite"
)

// TestAudioDemoWithOfflineSpeech runs simulated callees over audio with the
// embedded providers: espeak-ng speaks both sides, pocketsphinx hears the
// callee through 8 kHz G.711. The guardrail paths must work by ear.
func TestAudioDemoWithOfflineSpeech(t *testing.T) {
	if _, err := exec.LookPath("espeak-ng"); err != nil {
		t.Skip("espeak-ng not installed (make test installs it):", err)
	}
	dir := t.TempDir()
	csv := filepath.Join(dir, "c.csv")
	rows := "name,phone,persona\n" +
		"Coop,+1 212 555 0101,cooperative\n" +
		"Early,+1 212 555 0102,opts_out_during_disclosure\n" +
		"Mid,+1 212 555 0103,opts_out_mid_survey\n" +
		"Robot,+1 212 555 0104,asks_if_robot\n" +
		"Nope,+1 212 555 0105,refuses\n"
	if err := os.WriteFile(csv, []byte(rows), 0o600); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "d.db")
	code, out, errs := runCLI(t, "", "--db", db, "demo", "--json", "--contacts", csv, "--speed", "3")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var s demoSummary
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	t.Logf("summary: %s", out)
	defer func() {
		if t.Failed() {
			out, _ := exec.Command("sqlite3", db, "select c.contact_ref, t.speaker, substr(t.text,1,60) from turns t join calls c on c.id=t.call_id order by c.id, t.pos").CombinedOutput()
			t.Logf("transcripts:\n%s", out)
		}
	}()
	if s.Mode != "audio" || s.Dialed != 5 {
		t.Fatalf("got %+v, want 5 audio calls", s)
	}
	if s.OptOuts != 2 || s.Refusals != 1 {
		t.Errorf("opt-outs %d, refusals %d; want 2 and 1", s.OptOuts, s.Refusals)
	}
	// Answers heard wrongly may cost a survey, never an opt-out: the list
	// below must hold exactly the three who asked.
	if s.Completed < 1 {
		t.Errorf("completed %d, want at least one of the cooperative and the robot-asking callee", s.Completed)
	}
	if s.Interventions["ask_if_ai"] < 1 {
		t.Errorf("interventions %v: the robot question was not heard", s.Interventions)
	}
	if s.VoiceToVoiceMS == nil || s.VoiceToVoiceMS.N == 0 {
		t.Error("no voice-to-voice latency recorded")
	}
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	listed, _ := st.ListDNC(context.Background(), "")
	if len(listed) != 3 {
		t.Errorf("do-not-call list has %d entries, want 3 (two opt-outs, one refusal)", len(listed))
	}
	// Each call left a recording, long enough to hold its disclosure.
	calls, err := st.ListCalls(context.Background(), store.CallFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range calls {
		f, err := os.Open(filepath.Join(dir, "recordings", c.ID+".wav"))
		if err != nil {
			t.Errorf("call %s: no recording: %v", c.ID, err)
			continue
		}
		pcm, err := audio.ReadWAV(f)
		f.Close()
		if err != nil {
			t.Errorf("call %s: recording unreadable: %v", c.ID, err)
			continue
		}
		if pcm.Rate != 8000 || pcm.Duration() < 5*time.Second {
			t.Errorf("call %s: recording %d Hz, %v; want 8 kHz holding at least the disclosure's start", c.ID, pcm.Rate, pcm.Duration())
		}
	}
}
