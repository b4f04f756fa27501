package loadtest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
)

// WriteReport prints the run's figures on w.
func (r LinesResult) WriteReport(w io.Writer) {
	fmt.Fprintf(w, "calls %d, %.0f s, %d agent frames sent, %d resyncs\n", r.Calls, r.Wall.Seconds(), r.Frames, r.Resyncs)
	fmt.Fprintf(w, "frame send lateness: p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", r.P50, r.P99, r.Max)
	fmt.Fprintf(w, "CPU %.2f cores (%.2f%% of a core per call), memory (heap + stacks) %.1f KiB per call\n", r.Cores, 100*r.Cores/float64(r.Calls), r.HeapPerCall/1024)
}

// OK reports whether the sipp scenario passed and every call completed.
func (r SIPResult) OK() bool { return r.SippOK && r.Completed == r.Calls }

// WriteReport prints the run's figures on w (at most 10 failures), ending
// with a result line a script can read.
func (r SIPResult) WriteReport(w io.Writer) {
	fmt.Fprintf(w, "calls %d: %d connected, %d completed (callee BYE after the hold), sipp scenario passed: %v\n",
		r.Calls, r.Connected, r.Completed, r.SippOK)
	fmt.Fprintf(w, "RTP packets sent %d, echoed back %d, pacer restarts (frames > 100 ms late) %d, wall %.1f s\n", r.Packets, r.Echoed, r.Resyncs, r.Wall.Seconds())
	fmt.Fprintf(w, "RTP send lateness vs t0 + n*20 ms: p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.2f ms\n", r.P50, r.P99, r.P999, r.Max)
	fmt.Fprintf(w, "candor CPU %.2f cores (%.2f%% of a core per call); sipp %.2f cores\n", r.Cores, 100*r.Cores/float64(r.Calls), r.SippCores)
	fmt.Fprintf(w, "memory: heap + stacks %.1f KiB per call; process max RSS %.1f MiB\n", r.MemPerCall/1024, float64(r.MaxRSS)/(1<<20))
	for i, f := range r.Failures {
		if i == 10 {
			fmt.Fprintf(w, "... %d more failures\n", len(r.Failures)-10)
			break
		}
		fmt.Fprintf(w, "failure: %s\n", f)
	}
	fmt.Fprintf(w, "result: calls=%d all_completed=%v p99_ms=%.3f within_5ms=%v\n", r.Calls, r.OK(), r.P99, r.P99 <= 5)
}

// NetnsEnv marks a process already re-run in a loopback-only network
// namespace.
const NetnsEnv = "CANDOR_SIP_NETNS"

// InNetns reports whether this process runs in the namespace ReexecInNetns
// made.
func InNetns() bool { return os.Getenv(NetnsEnv) != "" }

// ReexecInNetns runs this process's command line again in a new network
// namespace where only loopback is up (unshare -n, as root), so that nothing
// can leave the machine, and returns its exit status.
func ReexecInNetns(ctx context.Context, stdin io.Reader, stdout, stderr io.Writer) (int, error) {
	self, err := os.Executable()
	if err != nil {
		return 0, err
	}
	args := append([]string{"-n", "sh", "-c", `ip link set lo up && exec "$0" "$@"`, self}, os.Args[1:]...)
	cmd := exec.CommandContext(ctx, "unshare", args...)
	cmd.Env = append(os.Environ(), NetnsEnv+"=1")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, stdout, stderr
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) && ee.ExitCode() > 0 {
			return ee.ExitCode(), nil
		}
		return 0, fmt.Errorf("%w: %w (run with --netns=false to use this host's loopback)", ErrUnshare, err)
	}
	return 0, nil
}
