// Package loadtest measures voice lines under load: many concurrent
// loopback lines, or SIP calls to a sipp callee on 127.0.0.1, and how late
// their paced agent audio leaves against its schedule. The results print
// their own report (WriteReport).
package loadtest

import (
	"context"
	"math"
	"runtime"
	"sort"
	"sync"
	"syscall"
	"time"

	"candor/agent/audio"
	"candor/agent/voice"
)

// LinesResult is what Lines measures.
type LinesResult struct {
	Calls, Frames, Resyncs int
	Wall                   time.Duration
	// P50, P99 and Max are how late agent frames reached the line, in ms.
	P50, P99, Max float64
	// Cores is the CPU used, in cores; HeapPerCall heap and stacks, in bytes.
	Cores, HeapPerCall float64
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

// quietLines makes voice lines whose recogniser hears nothing.
var quietLines = voice.Factory{NewRecognizer: func() (voice.Recognizer, error) { return quietRecognizer{}, nil }}

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

// Lines runs n concurrent loopback voice lines for d (G.711 both ways,
// resampling, VAD and endpointing on the callee's audio, paced agent audio;
// a recogniser that hears nothing) and measures how late agent frames reach
// the line, CPU and memory per call.
func Lines(ctx context.Context, n int, d time.Duration) LinesResult {
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
		l, err := quietLines.NewLine(trs[i], nil)
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
	res := LinesResult{Calls: n, Wall: wall}
	for i, tr := range trs {
		_ = lines[i].Hangup(context.Background())
		all = append(all, tr.late...)
	}
	sort.Float64s(all)
	if len(all) > 0 {
		res.P50, res.P99, res.Max = all[len(all)/2], all[min(len(all)*99/100, len(all)-1)], all[len(all)-1]
	}
	res.Frames = len(all)
	res.Cores = cpu.Seconds() / wall.Seconds()
	res.HeapPerCall = float64(int64(heapMid.HeapInuse+heapMid.StackInuse)-int64(m0.HeapInuse+m0.StackInuse)) / float64(n)
	return res
}
