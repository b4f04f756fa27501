package main

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"sort"
	"sync"
	"syscall"
	"time"

	"candor/agent/audio"
	"candor/agent/voice"
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
	r := benchLines(ctx, *calls, time.Duration(*seconds*float64(time.Second)))
	fmt.Fprintf(e.stdout, "calls %d, %.0f s, %d agent frames sent, %d resyncs\n", r.calls, r.wall.Seconds(), r.frames, r.resyncs)
	fmt.Fprintf(e.stdout, "frame send lateness: p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", r.p50, r.p99, r.max)
	fmt.Fprintf(e.stdout, "CPU %.2f cores (%.2f%% of a core per call), memory (heap + stacks) %.1f KiB per call\n", r.cores, 100*r.cores/float64(r.calls), r.heapPerCall/1024)
	return 0
}

type benchResult struct {
	calls, frames, resyncs int
	wall                   time.Duration
	p50, p99, max          float64
	cores, heapPerCall     float64
}

// latencyTransport measures how late each paced frame reaches the line.
type latencyTransport struct {
	mu     sync.Mutex
	first  time.Time
	n      int
	late   []float64 // ms
	closed bool
}

func (t *latencyTransport) WriteFrame(f audio.Frame) error {
	now := time.Now()
	var enc [160]byte
	_ = audio.EncodeMulaw(enc[:0], f) // the line's G.711 encoding
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.n == 0 || now.Sub(t.first.Add(time.Duration(t.n)*audio.FrameDuration)) > 100*time.Millisecond {
		t.first, t.n = now, 0 // a new run (next sentence)
	}
	slot := t.first.Add(time.Duration(t.n) * audio.FrameDuration)
	t.late = append(t.late, float64(now.Sub(slot).Microseconds())/1000)
	t.n++
	return nil
}
func (t *latencyTransport) Clear()       {}
func (t *latencyTransport) Close() error { return nil }

// quietRecognizer recognises nothing, instantly.
type quietRecognizer struct{}

func (quietRecognizer) Start() error                 { return nil }
func (quietRecognizer) WriteFrame(audio.Frame) error { return nil }
func (quietRecognizer) Partial() string              { return "" }
func (quietRecognizer) Final() (string, error)       { return "", nil }

// toneStreamer "synthesizes" a 4 s tone instantly.
type toneStreamer struct{ frame audio.Frame }

func (s toneStreamer) Stream(ctx context.Context, _, _ string, w audio.FrameWriter) (time.Duration, error) {
	for i := 0; i < 200; i++ {
		if err := w.WriteFrame(s.frame); err != nil {
			return 0, err
		}
	}
	return 4 * time.Second, nil
}

func benchLines(ctx context.Context, n int, d time.Duration) benchResult {
	tone := audio.Frame{Rate: 8000, Samples: make([]int16, 160)}
	for i := range tone.Samples {
		tone.Samples[i] = int16(4000 * math.Sin(float64(i)*2*math.Pi*440/8000))
	}
	callee := make([]byte, 160)
	for i := range callee {
		callee[i] = audio.LinearToMulaw(int16((i*7919)%17 - 8))
	}
	runtime.GC()
	var m0 runtime.MemStats
	runtime.ReadMemStats(&m0)
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	trs := make([]*latencyTransport, n)
	lines := make([]*voice.Line, n)
	for i := range n {
		trs[i] = &latencyTransport{late: make([]float64, 0, int(d/audio.FrameDuration)+8)}
		l, err := voice.NewLine(voice.Config{}, trs[i], quietRecognizer{})
		if err != nil {
			panic(err) // fixed, valid configuration
		}
		lines[i] = l
	}
	var ru0 syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
	start := time.Now()
	var wg sync.WaitGroup
	synth := voice.Synth{Streamer: toneStreamer{tone}}
	var heapMid runtime.MemStats
	for i := range n {
		l := lines[i]
		wg.Add(2)
		go func() { // the agent talks
			defer wg.Done()
			for ctx.Err() == nil {
				sp, _ := synth.Synthesize(ctx, "benchmark sentence", "en")
				_, _ = l.Play(ctx, sp)
			}
		}()
		go func() { // the callee's audio arrives every 20 ms
			defer wg.Done()
			t0 := time.Now()
			buf := make([]int16, 0, 160)
			for k := 1; ctx.Err() == nil; k++ {
				time.Sleep(time.Until(t0.Add(time.Duration(k) * audio.FrameDuration)))
				buf = audio.DecodeMulaw(buf[:0], callee)
				_ = l.Inbound().WriteFrame(audio.Frame{Rate: 8000, Samples: buf})
			}
		}()
	}
	time.Sleep(d / 2)
	runtime.ReadMemStats(&heapMid)
	wg.Wait()
	wall := time.Since(start)
	var ru1 syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
	cpu := time.Duration(ru1.Utime.Nano()-ru0.Utime.Nano()+ru1.Stime.Nano()-ru0.Stime.Nano()) * time.Nanosecond
	var all []float64
	res := benchResult{calls: n, wall: wall}
	for i, tr := range trs {
		_ = lines[i].Hangup(context.Background())
		all = append(all, tr.late...)
	}
	sort.Float64s(all)
	if len(all) > 0 {
		res.p50, res.p99, res.max = all[len(all)/2], all[min(len(all)*99/100, len(all)-1)], all[len(all)-1]
	}
	res.frames = len(all)
	res.cores = cpu.Seconds() / wall.Seconds()
	res.heapPerCall = float64(int64(heapMid.HeapInuse+heapMid.StackInuse)-int64(m0.HeapInuse+m0.StackInuse)) / float64(n)
	return res
}
