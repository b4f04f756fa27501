//go:build sphinx

package main

import (
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
	"candor/agent/speech/eval"
	"candor/agent/store/sqlite"
	"candor/prompts"
)

// espeak8k renders text with espeak-ng at 8 kHz, as the recognition eval's
// simulated callers speak.
func espeak8k(t *testing.T, voiceName, text string) []int16 {
	t.Helper()
	v, err := eval.NewEspeak(voiceName)
	if err != nil {
		t.Fatal(err)
	}
	p, err := v.Speak(t.Context(), text)
	if err != nil {
		t.Fatal(err)
	}
	return p.Samples
}

// TestCallSIPTrunkOptOut: `candor call --trunk` places a real SIP call to a
// sipp trunk on 127.0.0.1 (digest auth with the password from the variable
// the trunk file names), sipp speaks an opt-out after the disclosure, and the
// JSON summary and the store show it recorded.
func TestCallSIPTrunkOptOut(t *testing.T) {
	sippBin := needSippAndEspeak(t)
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
	sf, err := filepath.Abs(filepath.Join("testdata", "sip_uas_optout.xml"))
	if err != nil {
		t.Fatal(err)
	}
	uas := startSippUAS(t, sippBin, dir, sf, "-m", "1")
	port := uas.port

	t.Setenv("CANDOR_TEST_TRUNK_PASSWORD", "trunkpass")
	trunks := writeDialerFile(t, dir, "trunks.json", fmt.Sprintf(`{"trunks": [{"name": "lab", "host": "127.0.0.1",
	  "port": %d, "user": "trunkuser", "password_env": "CANDOR_TEST_TRUNK_PASSWORD", "caller_id": "+15550100"}]}`, port))
	db := filepath.Join(dir, "candor.db")
	number := "+12025550147"
	code, out, errOut := runDialerCLI(t, db, "call", "--to", number, "--campaign", "service-followup-en",
		"--trunk", "lab", "--trunks", trunks, "--local-ip", "127.0.0.1", "--json")
	if code != 0 {
		t.Fatalf("call: exit %d\nstdout %s\nstderr %s\nsipp %s", code, out, errOut, uas.out)
	}
	checkOptedOutCall(t, out, errOut, db, camp.Business.RegisteredName, number, "trunkpass")
	// sipp's scenario passes only after auth, the ACK, and candor's BYE.
	uas.check(t, "no BYE?")
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
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if on, err := st.IsOnDNC(context.Background(), business, number); err != nil || !on {
		t.Errorf("IsOnDNC after the call: got %v, %v; want true", on, err)
	}
}

// sippUAS is a sipp process playing a UAS scenario on 127.0.0.1.
type sippUAS struct {
	port int // SIP
	dir  string
	out  *syncBuffer
	done chan error
}

// startSippUAS runs sipp with scenario file sf in dir (extra: more sipp
// arguments); it is killed at the end of the test if still running.
func startSippUAS(t *testing.T, sippBin, dir, sf string, extra ...string) *sippUAS {
	t.Helper()
	port, err := freeUDPPort()
	if err != nil {
		t.Fatal(err)
	}
	mport, err := freeUDPPort()
	if err != nil {
		t.Fatal(err)
	}
	args := append([]string{"-sf", sf, "-i", "127.0.0.1", "-p", strconv.Itoa(port), "-mi", "127.0.0.1",
		"-mp", strconv.Itoa(mport), "-timeout", "90s", "-timeout_error", "-trace_err",
		"-error_file", filepath.Join(dir, "err.log"), "-nostdin"}, extra...)
	cmd := exec.Command(sippBin, args...)
	cmd.Dir = dir
	u := &sippUAS{port: port, dir: dir, out: &syncBuffer{}, done: make(chan error, 1)}
	cmd.Stdout, cmd.Stderr = u.out, u.out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { u.done <- cmd.Wait() }()
	t.Cleanup(func() {
		select {
		case err := <-u.done:
			u.done <- err
		default:
			_ = cmd.Process.Kill()
		}
	})
	time.Sleep(300 * time.Millisecond) // sipp binds its sockets
	return u
}

// check waits up to 15 s for sipp to finish its scenario and reports a
// failure (hint says what a still-running sipp means).
func (u *sippUAS) check(t *testing.T, hint string) {
	t.Helper()
	select {
	case err := <-u.done:
		u.done <- err
		if err != nil {
			b, _ := os.ReadFile(filepath.Join(u.dir, "err.log"))
			t.Errorf("sipp scenario: %v\n%s\n%s", err, u.out, b)
		}
	case <-time.After(15 * time.Second):
		t.Errorf("sipp still running: %s\n%s", hint, u.out)
	}
}

// needSippAndEspeak skips the test when sipp or espeak-ng is missing (make
// test installs both) and returns sipp's path.
func needSippAndEspeak(t *testing.T) string {
	t.Helper()
	sippBin, err := exec.LookPath("sipp")
	if err != nil {
		t.Skip("sipp not installed (Debian package sip-tester)")
	}
	if _, err := exec.LookPath("espeak-ng"); err != nil {
		t.Skip("espeak-ng not installed")
	}
	return sippBin
}
