//go:build sphinx

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"candor/agent"
	"candor/agent/audio"
	"candor/agent/store"
	"candor/prompts"
)

// espeak8k renders text with espeak-ng at 8 kHz.
func espeak8k(t *testing.T, voiceName, text string) []int16 {
	t.Helper()
	out, err := exec.Command("espeak-ng", "-v", voiceName, "--stdout", text).Output()
	if err != nil {
		t.Fatalf("espeak-ng: %v", err)
	}
	pcm, err := audio.ReadWAV(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	rs, err := audio.NewResampler(pcm.Rate, 8000)
	if err != nil {
		t.Fatal(err)
	}
	return rs.Process(nil, pcm.Samples)
}

// TestCallSIPTrunkOptOut: `candor call --trunk` places a real SIP call to a
// sipp trunk on 127.0.0.1 (digest auth with the password from the variable
// the trunk file names), sipp speaks an opt-out after the disclosure, and the
// JSON summary and the store show it recorded.
func TestCallSIPTrunkOptOut(t *testing.T) {
	sippBin, err := exec.LookPath("sipp")
	if err != nil {
		t.Skip("sipp not installed (Debian package sip-tester)")
	}
	if _, err := exec.LookPath("espeak-ng"); err != nil {
		t.Skip("espeak-ng not installed")
	}
	camp, err := prompts.Example("service-followup-en")
	if err != nil {
		t.Fatal(err)
	}
	disc := time.Duration(len(espeak8k(t, "en-us", camp.DisclosureText()))) * time.Second / 8000
	var callee []int16
	callee = append(callee, make([]int16, int((disc+3*time.Second).Seconds()*8000))...)
	callee = append(callee, espeak8k(t, "en-us+klatt", "please stop calling me")...)
	callee = append(callee, make([]int16, 30*8000)...)
	callee = callee[:len(callee)/160*160]
	var ul []byte
	for i := 0; i < len(callee); i += 160 {
		ul = audio.EncodeMulaw(ul, audio.Frame{Rate: 8000, Samples: callee[i : i+160]})
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "callee.ul"), ul, 0o600); err != nil {
		t.Fatal(err)
	}
	port, err := freeUDPPort()
	if err != nil {
		t.Fatal(err)
	}
	mport, err := freeUDPPort()
	if err != nil {
		t.Fatal(err)
	}
	sf, err := filepath.Abs(filepath.Join("testdata", "sip_uas_optout.xml"))
	if err != nil {
		t.Fatal(err)
	}
	sipp := exec.Command(sippBin, "-sf", sf, "-i", "127.0.0.1", "-p", strconv.Itoa(port), "-mi", "127.0.0.1",
		"-mp", strconv.Itoa(mport), "-m", "1", "-timeout", "90s", "-timeout_error", "-trace_err",
		"-error_file", filepath.Join(dir, "err.log"), "-nostdin")
	sipp.Dir = dir
	sippOut := &syncBuffer{}
	sipp.Stdout, sipp.Stderr = sippOut, sippOut
	if err := sipp.Start(); err != nil {
		t.Fatal(err)
	}
	sippDone := make(chan error, 1)
	go func() { sippDone <- sipp.Wait() }()
	defer func() {
		select {
		case <-sippDone:
		default:
			_ = sipp.Process.Kill()
			<-sippDone
		}
	}()
	time.Sleep(300 * time.Millisecond)

	t.Setenv("CANDOR_TEST_TRUNK_PASSWORD", "trunkpass")
	trunks := writeDialerFile(t, dir, "trunks.json", fmt.Sprintf(`{"trunks": [{"name": "lab", "host": "127.0.0.1",
	  "port": %d, "user": "trunkuser", "password_env": "CANDOR_TEST_TRUNK_PASSWORD", "caller_id": "+15550100"}]}`, port))
	db := filepath.Join(dir, "candor.db")
	number := "+12025550147"
	code, out, errOut := runDialerCLI(t, db, "call", "--to", number, "--campaign", "service-followup-en",
		"--trunk", "lab", "--trunks", trunks, "--local-ip", "127.0.0.1", "--json")
	if code != 0 {
		t.Fatalf("call: exit %d\nstdout %s\nstderr %s\nsipp %s", code, out, errOut, sippOut)
	}
	checkOptedOutCall(t, out, errOut, db, camp.Business.RegisteredName, number, "trunkpass")
	// sipp's scenario passes only after auth, the ACK, and candor's BYE.
	select {
	case err := <-sippDone:
		sippDone <- err
		if err != nil {
			b, _ := os.ReadFile(filepath.Join(dir, "err.log"))
			t.Errorf("sipp scenario: %v\n%s\n%s", err, sippOut, b)
		}
	case <-time.After(15 * time.Second):
		t.Errorf("sipp still running: no BYE?\n%s", sippOut)
	}
}

// printedSummary is `candor call --json` as read back; pointers tell a missing field.
type printedSummary struct {
	Outcome          agent.Outcome   `json:"outcome"`
	EndReason        agent.EndReason `json:"end_reason"`
	DisclosurePlayed *bool           `json:"disclosure_played"`
	OptOutRecorded   *bool           `json:"opt_out_recorded"`
	Turns            *int            `json:"turns"`
	VoiceToVoiceMS   []int64         `json:"voice_to_voice_ms"`
}

// checkOptedOutCall checks the --json summary of a call in which the callee
// opted out after the disclosure, that the output shows neither the number's
// digits nor any of hidden, and that the number is on business's
// do-not-call list in db.
func checkOptedOutCall(t *testing.T, out, errOut, db, business, number string, hidden ...string) {
	t.Helper()
	var sum printedSummary
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("--json output %q: %v", out, err)
	}
	t.Logf("summary: %s", out)
	if sum.DisclosurePlayed == nil || sum.OptOutRecorded == nil || sum.Turns == nil || sum.VoiceToVoiceMS == nil || sum.EndReason == "" {
		t.Fatalf("summary misses fields: %s", out)
	}
	if sum.Outcome != agent.OutcomeOptOut || sum.EndReason != agent.EndOptOut || !*sum.OptOutRecorded {
		t.Errorf("got %s/%s, opt-out recorded %v; want opted_out/opt_out recorded", sum.Outcome, sum.EndReason, *sum.OptOutRecorded)
	}
	if !*sum.DisclosurePlayed {
		t.Error("disclosure_played: got false, want true")
	}
	if *sum.Turns < 2 {
		t.Errorf("turns: got %d, want at least the disclosure and the callee's opt-out", *sum.Turns)
	}
	for _, s := range append(hidden, strings.TrimPrefix(number, "+1")) {
		if strings.Contains(out+errOut, s) {
			t.Errorf("output shows %q", s)
		}
	}
	st, err := store.OpenSQLite(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if on, err := st.IsOnDNC(context.Background(), business, number); err != nil || !on {
		t.Errorf("IsOnDNC after the call: got %v, %v; want true", on, err)
	}
}
