package main

import (
	"context"
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
