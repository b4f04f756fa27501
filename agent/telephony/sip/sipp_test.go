package sip

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"candor/agent"
	"candor/agent/audio"
)

// sipp runs one sipp UAS scenario on 127.0.0.1 and returns its port and a
// function that waits for it to exit.
type sippPeer struct {
	port  int
	mport int
	cmd   *exec.Cmd
	out   *lockedBuffer
	done  chan error
}

// lockedBuffer collects a process's output while tests read it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startSipp runs scenario in dir (where its files are; a temporary one when
// dir is "").
func startSipp(t *testing.T, scenario, dir string) *sippPeer {
	t.Helper()
	bin, err := exec.LookPath("sipp")
	if err != nil {
		t.Skip("sipp not installed (Debian package sip-tester): skipping the sipp peer test")
	}
	p := &sippPeer{port: freePort(t), mport: freePort(t), out: &lockedBuffer{}, done: make(chan error, 1)}
	if dir == "" {
		dir = t.TempDir()
	}
	sf, err := filepath.Abs(filepath.Join("testdata", scenario))
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"-sf", sf, "-i", "127.0.0.1", "-p", strconv.Itoa(p.port),
		"-mi", "127.0.0.1", "-mp", strconv.Itoa(p.mport), "-m", "1", "-timeout", "40s", "-timeout_error",
		"-trace_err", "-error_file", filepath.Join(dir, "err.log"), "-nostdin"}
	p.cmd = exec.Command(bin, args...)
	p.cmd.Dir = dir
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("starting sipp: %v", err)
	}
	go func() { p.done <- p.cmd.Wait() }()
	t.Cleanup(func() {
		select {
		case <-p.done:
		case <-time.After(100 * time.Millisecond):
			_ = p.cmd.Process.Kill()
			<-p.done
		}
		if t.Failed() {
			b, _ := os.ReadFile(filepath.Join(dir, "err.log"))
			t.Logf("sipp errors:\n%s", b)
		}
	})
	time.Sleep(150 * time.Millisecond) // sipp binds its sockets; INVITE retransmits cover a slow start
	return p
}

// wait returns sipp's exit: nil when its scenario passed.
func (p *sippPeer) wait(t *testing.T, d time.Duration) error {
	t.Helper()
	select {
	case err := <-p.done:
		p.done <- err
		return err
	case <-time.After(d):
		return fmt.Errorf("sipp still running after %v", d)
	}
}

func (p *sippPeer) uri() string { return fmt.Sprintf("sip:callee@127.0.0.1:%d", p.port) }

func newTestDialer(t *testing.T, trunk Trunk, ring time.Duration) (*Dialer, chan *fakeLine) {
	t.Helper()
	lines := make(chan *fakeLine, 1)
	d, err := NewDialer(Config{Trunk: trunk, LocalIP: "127.0.0.1", RingTimeout: ring, AllowShortRing: true,
		NewLine: func(c *Call) (AudioLine, error) {
			l := newFakeLine(c)
			lines <- l
			return l, nil
		}})
	if err != nil {
		t.Fatalf("NewDialer: %v", err)
	}
	t.Cleanup(func() { _ = d.Close() })
	return d, lines
}

func testTrunk(port int) Trunk {
	return Trunk{Name: "test", Host: "127.0.0.1", Port: port, User: "trunkuser", Password: "trunkpass", CallerID: "+15550100"}
}

// makeMulaw writes a spoken sentence as raw mu-law at 8 kHz (espeak-ng, our
// resampler and encoder) to speech.ul in a new directory, and returns the
// directory and the file's decoded samples.
func makeMulaw(t *testing.T, text string) (string, []int16) {
	t.Helper()
	if _, err := exec.LookPath("espeak-ng"); err != nil {
		t.Skip("espeak-ng not installed: cannot make the callee's speech")
	}
	out, err := exec.Command("espeak-ng", "-v", "en-us", "--stdout", text).Output()
	if err != nil {
		t.Fatalf("espeak-ng: %v", err)
	}
	pcm, err := audio.ReadWAV(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("reading espeak WAV: %v", err)
	}
	rs, err := audio.NewResampler(pcm.Rate, 8000)
	if err != nil {
		t.Fatal(err)
	}
	s8 := rs.Process(nil, pcm.Samples)
	s8 = s8[:len(s8)/160*160]
	var ul []byte
	for i := 0; i < len(s8); i += 160 {
		ul = audio.EncodeMulaw(ul, audio.Frame{Rate: 8000, Samples: s8[i : i+160]})
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "speech.ul"), ul, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, audio.DecodeMulaw(nil, ul)
}

// TestSippAuthStream: digest auth (401 qop=auth), 180, 200, ACK; the callee's
// streamed speech arrives intact in 160-sample frames; our BYE ends it.
func TestSippAuthStream(t *testing.T) {
	dir, want := makeMulaw(t, "hello, this is the callee speaking on a real sip line")
	p := startSipp(t, "uas_auth_stream.xml", dir)
	d, lines := newTestDialer(t, testTrunk(p.port), 5*time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	c, err := d.DialCall(ctx, p.uri())
	if err != nil {
		t.Fatalf("DialCall: %v\nsipp: %s", err, p.out)
	}
	l := <-lines
	if got := c.Codec().Name; got != "PCMU" {
		t.Errorf("codec: got %s, want PCMU", got)
	}
	if got := c.RemoteMedia().Addr().String(); got != "127.0.0.1" {
		t.Errorf("media address: got %s, want 127.0.0.1", got)
	}
	// Speak while listening: one second of a tone.
	for i := range 50 {
		f := audio.Frame{Rate: 8000, Samples: make([]int16, 160)}
		for j := range f.Samples {
			f.Samples[j] = int16(8000 * math.Sin(2*math.Pi*440*float64(i*160+j)/8000))
		}
		if err := c.WriteFrame(f); err != nil {
			t.Fatalf("WriteFrame: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	waitFor(t, "the callee's speech", 15*time.Second, func() bool {
		s, _, _ := l.snapshot()
		return len(s) >= len(want)
	})
	got, frames, _ := l.snapshot()
	if l.badRate != 0 {
		t.Errorf("frames not 160 samples at 8 kHz: %d", l.badRate)
	}
	if frames < len(want)/160 {
		t.Errorf("frames: got %d, want at least %d", frames, len(want)/160)
	}
	// sipp streams the file's bytes as they are: the decoded audio must be
	// the file's, sample for sample, wherever it starts.
	if !containsRun(got, want) {
		t.Errorf("received audio does not hold the streamed file (%d samples received, %d sent)", len(got), len(want))
	}
	if err := l.Hangup(ctx); err != nil {
		t.Fatalf("Hangup: %v", err)
	}
	if err := p.wait(t, 10*time.Second); err != nil {
		t.Errorf("sipp scenario: %v\n%s", err, p.out)
	}
	if st := c.Stats(); st.Sent != 50 {
		t.Errorf("packets sent: got %d, want 50", st.Sent)
	}
}

// containsRun reports whether want appears in got, in order.
func containsRun(got, want []int16) bool {
	if len(want) == 0 {
		return true
	}
	for i := 0; i+len(want) <= len(got); i++ {
		if got[i] == want[0] && equal16(got[i:i+len(want)], want) {
			return true
		}
	}
	return false
}

func equal16(a, b []int16) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestSippBusy: 486 maps to ErrBusy and the busy outcome.
func TestSippBusy(t *testing.T) {
	p := startSipp(t, "uas_busy.xml", "")
	d, _ := newTestDialer(t, testTrunk(p.port), 5*time.Second)
	_, err := d.Dial(context.Background(), p.uri())
	var ce *CallError
	if !errors.As(err, &ce) || !errors.Is(err, ErrBusy) {
		t.Fatalf("Dial: got %v, want a CallError wrapping ErrBusy", err)
	}
	if ce.Code != 486 || ce.Outcome() != agent.OutcomeBusy {
		t.Errorf("got code %d outcome %s, want 486 busy", ce.Code, ce.Outcome())
	}
	if err := p.wait(t, 10*time.Second); err != nil {
		t.Errorf("sipp scenario: %v\n%s", err, p.out)
	}
}

// TestSippNoAnswer: a phone that only rings is cancelled at the ring timeout.
func TestSippNoAnswer(t *testing.T) {
	p := startSipp(t, "uas_noanswer.xml", "")
	ring := 1500 * time.Millisecond
	d, _ := newTestDialer(t, testTrunk(p.port), ring)
	start := time.Now()
	_, err := d.Dial(context.Background(), p.uri())
	if !errors.Is(err, agent.ErrNoAnswer) {
		t.Fatalf("Dial: got %v, want agent.ErrNoAnswer", err)
	}
	if el := time.Since(start); el < ring {
		t.Errorf("gave up after %v, before the ring timeout %v", el, ring)
	}
	// sipp's scenario passes only if it got the CANCEL and the ACK of its 487.
	if err := p.wait(t, 10*time.Second); err != nil {
		t.Errorf("sipp scenario (CANCEL expected): %v\n%s", err, p.out)
	}
}

// TestSippCalleeHangsUp: the callee's BYE reaches the line, PCMA is chosen
// as the callee prefers it, and closing afterwards sends no second BYE.
func TestSippCalleeHangsUp(t *testing.T) {
	p := startSipp(t, "uas_hangup.xml", "")
	trunk := testTrunk(p.port)
	trunk.User, trunk.Password = "", ""
	d, lines := newTestDialer(t, trunk, 5*time.Second)
	c, err := d.DialCall(context.Background(), p.uri())
	if err != nil {
		t.Fatalf("DialCall: %v\n%s", err, p.out)
	}
	l := <-lines
	if got := c.Codec().Name; got != "PCMA" {
		t.Errorf("codec: got %s, want PCMA (the callee's first choice)", got)
	}
	select {
	case <-l.hangup:
	case <-time.After(10 * time.Second):
		t.Fatalf("no far-end hang-up reported\n%s", p.out)
	}
	if !c.HungUpByCallee() {
		t.Error("HungUpByCallee: got false, want true")
	}
	if err := c.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if err := p.wait(t, 10*time.Second); err != nil {
		t.Errorf("sipp scenario: %v\n%s", err, p.out)
	}
}
