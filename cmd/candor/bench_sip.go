package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"time"

	"candor/agent/loadtest"
)

// sipNetnsEnv marks a process already re-run in a loopback-only namespace.
const sipNetnsEnv = "CANDOR_SIP_NETNS"

func runBenchSIP(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "bench sip", "[--calls N] [--seconds S]",
		"Place N concurrent SIP calls from candor to a sipp UAS on 127.0.0.1 (sipp -rtp_echo; it hangs up\n"+
			"after S seconds). Each call is a voice line playing paced agent audio as RTP and hearing its echo\n"+
			"(VAD, endpointing, a recogniser that hears nothing). Reports how late each RTP packet left against\n"+
			"its schedule (t0 + n*20 ms), whether every call completed, CPU and memory per call. As root it\n"+
			"runs in a network namespace holding only loopback (unshare -n).")
	calls := fs.Int("calls", 100, "concurrent calls")
	seconds := fs.Float64("seconds", 10, "how long each call is held")
	ramp := fs.Duration("ramp", 0, "dial the calls evenly over this time (default: 10 ms a call, at least 1 s)")
	netns := fs.Bool("netns", true, "as root, re-run inside `unshare -n` with only loopback")
	cpuProf := fs.String("cpuprofile", "", "write a CPU profile of the run to `FILE`")
	memProf := fs.String("memprofile", "", "write an allocation profile of the run to `FILE`")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *calls < 1 || *seconds <= 0 {
		return errorf(e, "bench sip: --calls must be >= 1 and --seconds > 0")
	}
	if _, err := exec.LookPath("sipp"); err != nil {
		return errorf(e, "bench sip: sipp not found (Debian package sip-tester)")
	}
	if *netns && os.Geteuid() == 0 && os.Getenv(sipNetnsEnv) == "" {
		return reexecInNetns(ctx, e)
	}
	if *ramp == 0 {
		*ramp = max(time.Second, time.Duration(*calls)*10*time.Millisecond)
	}
	stopProf, err := loadtest.StartProfiles(*cpuProf, *memProf)
	if err != nil {
		return errorf(e, "bench sip: %v", err)
	}
	r, err := loadtest.SIP(ctx, loadtest.SIPConfig{Calls: *calls, Hold: time.Duration(*seconds * float64(time.Second)), Ramp: *ramp})
	if perr := stopProf(); perr != nil && err == nil {
		err = perr
	}
	if err != nil {
		return errorf(e, "bench sip: %v", err)
	}
	fmt.Fprintf(e.stdout, "calls %d: %d connected, %d completed (callee BYE after the hold), sipp scenario passed: %v\n",
		r.Calls, r.Connected, r.Completed, r.SippOK)
	fmt.Fprintf(e.stdout, "RTP packets sent %d, echoed back %d, pacer restarts (frames > 100 ms late) %d, wall %.1f s\n", r.Packets, r.Echoed, r.Resyncs, r.Wall.Seconds())
	fmt.Fprintf(e.stdout, "RTP send lateness vs t0 + n*20 ms: p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.2f ms\n", r.P50, r.P99, r.P999, r.Max)
	fmt.Fprintf(e.stdout, "candor CPU %.2f cores (%.2f%% of a core per call); sipp %.2f cores\n", r.Cores, 100*r.Cores/float64(r.Calls), r.SippCores)
	fmt.Fprintf(e.stdout, "memory: heap + stacks %.1f KiB per call; process max RSS %.1f MiB\n", r.MemPerCall/1024, float64(r.MaxRSS)/(1<<20))
	for i, f := range r.Failures {
		if i == 10 {
			fmt.Fprintf(e.stdout, "... %d more failures\n", len(r.Failures)-10)
			break
		}
		fmt.Fprintf(e.stdout, "failure: %s\n", f)
	}
	ok := r.SippOK && r.Completed == r.Calls
	fmt.Fprintf(e.stdout, "result: calls=%d all_completed=%v p99_ms=%.3f within_5ms=%v\n", r.Calls, ok, r.P99, r.P99 <= 5)
	if !ok {
		return 1
	}
	return 0
}

// reexecInNetns runs this command again in a new network namespace where
// only loopback is up, so nothing can leave the machine.
func reexecInNetns(ctx context.Context, e *env) int {
	self, err := os.Executable()
	if err != nil {
		return errorf(e, "bench sip: %v", err)
	}
	args := append([]string{"-n", "sh", "-c", `ip link set lo up && exec "$0" "$@"`, self}, os.Args[1:]...)
	cmd := exec.CommandContext(ctx, "unshare", args...)
	cmd.Env = append(os.Environ(), sipNetnsEnv+"=1")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = e.stdin, e.stdout, e.stderr
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) && ee.ExitCode() > 0 {
			return ee.ExitCode()
		}
		return errorf(e, "bench sip: unshare -n: %v (run with --netns=false to use this host's loopback)", err)
	}
	return 0
}
