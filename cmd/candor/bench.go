package main

import (
	"context"
	"os"
	"os/exec"
	"time"

	"candor/agent/loadtest"
)

func runBench(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "bench lines", "[--calls N] [--seconds S]",
		"Run N concurrent loopback audio calls (G.711 both ways, resampling, VAD and endpointing on the\n"+
			"callee's audio, paced agent audio; no recogniser) for S seconds and report how late agent\n"+
			"frames reached the line (p50, p99, max), CPU and memory per call.")
	calls := fs.Int("calls", 500, "concurrent calls")
	seconds := fs.Float64("seconds", 10, "how long to run")
	if len(args) > 0 && args[0] == "sip" {
		return runBenchSIP(ctx, e, args[1:])
	}
	if len(args) == 0 || args[0] != "lines" {
		fs.Usage()
		return 2
	}
	if code, ok := parseFlags(fs, args[1:]); !ok {
		return code
	}
	if *calls < 1 || *seconds <= 0 {
		return errorf(e, "bench: --calls must be >= 1 and --seconds > 0")
	}
	loadtest.Lines(ctx, *calls, time.Duration(*seconds*float64(time.Second))).WriteReport(e.stdout)
	return 0
}

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
	if *netns && os.Geteuid() == 0 && !loadtest.InNetns() {
		code, err := loadtest.ReexecInNetns(ctx, e.stdin, e.stdout, e.stderr)
		if err != nil {
			return errorf(e, "bench sip: %v", err)
		}
		return code
	}
	if *ramp == 0 {
		*ramp = max(time.Second, time.Duration(*calls)*10*time.Millisecond)
	}
	r, err := loadtest.SIP(ctx, loadtest.SIPConfig{Calls: *calls, Hold: time.Duration(*seconds * float64(time.Second)), Ramp: *ramp,
		CPUProfile: *cpuProf, MemProfile: *memProf})
	if err != nil {
		return errorf(e, "bench sip: %v", err)
	}
	r.WriteReport(e.stdout)
	if !r.OK() {
		return 1
	}
	return 0
}
