package sip

import (
	"context"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"candor/agent"
	"candor/agent/audio"
)

// netnsEnv marks a test binary already running in its own network namespace.
const netnsEnv = "CANDOR_SIP_NETNS"

// TestMain re-runs the tests, when root, in a network namespace holding only
// loopback, so the SIP peers cannot advertise any other address.
func TestMain(m *testing.M) {
	if os.Getenv(netnsEnv) == "" && os.Geteuid() == 0 && !isFuzzWorker() {
		if _, err := exec.LookPath("unshare"); err == nil {
			args := append([]string{"-n", "sh", "-c", `ip link set lo up && exec "$0" "$@"`, os.Args[0]}, os.Args[1:]...)
			cmd := exec.Command("unshare", args...)
			cmd.Env = append(os.Environ(), netnsEnv+"=1")
			cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
			err := cmd.Run()
			if err == nil {
				os.Exit(0)
			}
			if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() > 0 {
				os.Exit(ee.ExitCode())
			}
			// unshare itself failed (no privilege in a container): run here.
			os.Stderr.WriteString("sip tests: no network namespace (" + err.Error() + "); running on this host's loopback\n")
		}
	}
	os.Exit(m.Run())
}

func isFuzzWorker() bool {
	for _, a := range os.Args {
		if strings.Contains(a, "fuzzworker") {
			return true
		}
	}
	return false
}

// freePort returns a free UDP port on 127.0.0.1.
func freePort(t *testing.T) int {
	t.Helper()
	c, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	return c.LocalAddr().(*net.UDPAddr).Port
}

// fakeLine records what a call delivers; it stands in for the voice line.
type fakeLine struct {
	call *Call

	mu      sync.Mutex
	samples []int16
	frames  int
	badRate int
	digits  []string
	hangup  chan struct{}
	failed  chan error
	once    sync.Once
	events  chan agent.CalleeEvent
}

func newFakeLine(c *Call) *fakeLine {
	return &fakeLine{call: c, hangup: make(chan struct{}), failed: make(chan error, 4), events: make(chan agent.CalleeEvent)}
}

func (l *fakeLine) Inbound() audio.FrameWriter { return l }
func (l *fakeLine) WriteFrame(f audio.Frame) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if f.Rate != 8000 || len(f.Samples) != 160 {
		l.badRate++
	}
	l.frames++
	l.samples = append(l.samples, f.Samples...)
	return nil
}
func (l *fakeLine) DTMF(d string) {
	l.mu.Lock()
	l.digits = append(l.digits, d)
	l.mu.Unlock()
}
func (l *fakeLine) FarEndHangup()  { l.once.Do(func() { close(l.hangup) }) }
func (l *fakeLine) Fail(err error) { l.failed <- err }
func (l *fakeLine) Play(context.Context, agent.Speech) (agent.Played, error) {
	return agent.Played{}, nil
}
func (l *fakeLine) Events() <-chan agent.CalleeEvent { return l.events }
func (l *fakeLine) Hangup(context.Context) error     { return l.call.Close() }

func (l *fakeLine) snapshot() ([]int16, int, []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]int16(nil), l.samples...), l.frames, append([]string(nil), l.digits...)
}

// waitFor polls cond (for results of real network peers) until deadline.
func waitFor(t *testing.T, what string, d time.Duration, cond func() bool) {
	t.Helper()
	end := time.Now().Add(d)
	for !cond() {
		if time.Now().After(end) {
			t.Fatalf("timed out after %v waiting for %s", d, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
