package audio

import (
	"context"
	"errors"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// stampWriter records when each frame arrives, and can spend (fake) time
// on some frames.
type stampWriter struct {
	mu    sync.Mutex
	at    []time.Duration
	start time.Time
	work  func(i int) time.Duration
	err   error
}

func (w *stampWriter) WriteFrame(Frame) error {
	w.mu.Lock()
	i := len(w.at)
	w.at = append(w.at, time.Since(w.start))
	w.mu.Unlock()
	if w.work != nil {
		time.Sleep(w.work(i))
	}
	return w.err
}

func (w *stampWriter) times() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]time.Duration(nil), w.at...)
}

var silentFrame = Frame{Rate: 8000, Samples: make([]int16, 160)}

func ms(n int) time.Duration { return time.Duration(n) * time.Millisecond }

func TestPacerFiftyFramesTakeOneSecond(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		w := &stampWriter{start: start}
		p := NewPacer(RealClock{}, w)
		for range 50 {
			if err := p.WriteFrame(silentFrame); err != nil {
				t.Fatal(err)
			}
		}
		if err := p.Flush(); err != nil {
			t.Fatal(err)
		}
		if got := time.Since(start); got != time.Second {
			t.Errorf("50 frames then Flush: got %v, want 1s", got)
		}
		for i, at := range w.times() {
			if at != ms(20*i) {
				t.Fatalf("frame %d: got forwarded at %v, want %v", i, at, ms(20*i))
			}
		}
		if got := p.Played(); got != 50 {
			t.Errorf("Played: got %d, want 50", got)
		}
	})
}

// The next writer spends up to 15 ms per frame; a pacer that slept 20 ms
// after each frame would drift by seconds. This one does not drift at all.
func TestPacerNoDriftOverTenThousandFrames(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		w := &stampWriter{start: start, work: func(i int) time.Duration { return ms(i * 7 % 16) }}
		p := NewPacer(RealClock{}, w)
		const n = 10000
		for range n {
			if err := p.WriteFrame(silentFrame); err != nil {
				t.Fatal(err)
			}
		}
		at := w.times()
		for i, got := range at {
			if want := time.Duration(i) * FrameDuration; got != want {
				t.Fatalf("frame %d: got forwarded at %v, want %v", i, got, want)
			}
		}
		if got, want := p.Played(), n; got != want {
			t.Errorf("Played: got %d, want %d", got, want)
		}
		if got := p.Resyncs(); got != 0 {
			t.Errorf("Resyncs: got %d, want 0", got)
		}
	})
}

// A writer stalls once; a short stall is caught up (frames go out at once
// until back on the timeline), a long one restarts the timeline.
func TestPacerFallingBehind(t *testing.T) {
	tests := []struct {
		name    string
		stall   time.Duration // spent in the next writer on frame 10
		want    []int         // forwarding times (ms) of frames 10..15
		resyncs int
	}{
		{"no stall", 0, []int{200, 220, 240, 260, 280, 300}, 0},
		{"60 ms: catch up", ms(60), []int{200, 260, 260, 260, 280, 300}, 0},
		{"exactly 5 frames late: catch up", ms(120), []int{200, 320, 320, 320, 320, 320}, 0},
		{"200 ms: resync", ms(200), []int{200, 400, 420, 440, 460, 480}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				w := &stampWriter{start: time.Now(), work: func(i int) time.Duration {
					if i == 10 {
						return tt.stall
					}
					return 0
				}}
				p := NewPacer(RealClock{}, w)
				for range 16 {
					if err := p.WriteFrame(silentFrame); err != nil {
						t.Fatal(err)
					}
				}
				at := w.times()
				for i, want := range tt.want {
					if got := at[10+i]; got != ms(want) {
						t.Errorf("frame %d: got %v, want %v", 10+i, got, ms(want))
					}
				}
				if got := p.Resyncs(); got != tt.resyncs {
					t.Errorf("Resyncs: got %d, want %d", got, tt.resyncs)
				}
			})
		})
	}
}

func TestPacerFlushRestartsTiming(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := &stampWriter{start: time.Now()}
		p := NewPacer(RealClock{}, w)
		for range 3 {
			p.WriteFrame(silentFrame)
		}
		if err := p.Flush(); err != nil {
			t.Fatal(err)
		}
		if got := time.Since(w.start); got != ms(60) {
			t.Errorf("Flush after 3 frames: returned at %v, want 60ms", got)
		}
		time.Sleep(ms(1000)) // a gap between utterances
		for range 3 {
			p.WriteFrame(silentFrame)
		}
		want := []time.Duration{0, ms(20), ms(40), ms(1060), ms(1080), ms(1100)}
		at := w.times()
		for i := range want {
			if at[i] != want[i] {
				t.Errorf("frame %d: got %v, want %v", i, at[i], want[i])
			}
		}
		if got := p.Resyncs(); got != 0 {
			t.Errorf("Resyncs after a flushed gap: got %d, want 0", got)
		}
		if err := NewPacer(RealClock{}, w).Flush(); err != nil {
			t.Errorf("Flush of an idle pacer: got %v, want nil", err)
		}
	})
}

// Barge-in: Reset while a frame waits for its slot drops that frame, and
// Played tells how much was heard before.
func TestPacerResetDropsWaitingFrame(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := &stampWriter{start: time.Now()}
		p := NewPacer(RealClock{}, w)
		var writeErr error
		var wrote int
		done := make(chan struct{})
		go func() {
			defer close(done)
			for range 100 {
				if writeErr = p.WriteFrame(silentFrame); writeErr != nil {
					return
				}
				wrote++
			}
		}()
		time.Sleep(ms(110)) // frames at 0, 20, ..., 100 ms are out; 120 ms waits
		synctest.Wait()
		if got := p.Played(); got != 6 {
			t.Errorf("Played before Reset: got %d, want 6", got)
		}
		p.Reset()
		<-done
		if !errors.Is(writeErr, ErrPacerReset) || wrote != 6 {
			t.Errorf("writer: got %d frames then %v, want 6 then ErrPacerReset", wrote, writeErr)
		}
		if got := p.Played(); got != 0 {
			t.Errorf("Played after Reset: got %d, want 0", got)
		}
		if got := len(w.times()); got != 6 {
			t.Errorf("forwarded: got %d frames, want 6", got)
		}
		// The next frame starts a new timeline right away.
		p.WriteFrame(silentFrame)
		if at := w.times(); at[6] != ms(110) {
			t.Errorf("first frame after Reset: got %v, want 110ms", at[6])
		}
		p.Close()
		if err := p.WriteFrame(silentFrame); !errors.Is(err, ErrClosed) {
			t.Errorf("WriteFrame after Close: got %v, want ErrClosed", err)
		}
		if err := p.Flush(); !errors.Is(err, ErrClosed) {
			t.Errorf("Flush after Close: got %v, want ErrClosed", err)
		}
	})
}

func TestPacerCloseWakesWaitingWriter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := NewPacer(RealClock{}, &stampWriter{start: time.Now()})
		p.WriteFrame(silentFrame)
		errc := make(chan error, 1)
		go func() { errc <- p.WriteFrame(silentFrame) }()
		synctest.Wait()
		p.Close()
		if err := <-errc; !errors.Is(err, ErrClosed) {
			t.Errorf("waiting WriteFrame on Close: got %v, want ErrClosed", err)
		}
		if err := p.Close(); err != nil {
			t.Errorf("second Close: got %v, want nil", err)
		}
	})
}

func TestPacerNextWriterError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		boom := errors.New("line hung up")
		p := NewPacer(RealClock{}, &stampWriter{start: time.Now(), err: boom})
		if err := p.WriteFrame(silentFrame); !errors.Is(err, boom) {
			t.Errorf("got %v, want %v", err, boom)
		}
		if got := p.Played(); got != 0 {
			t.Errorf("Played after a failed frame: got %d, want 0", got)
		}
	})
}

func TestRealClockSleepUntil(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := RealClock{}
		start := c.Now()
		if err := c.SleepUntil(context.Background(), start.Add(ms(30))); err != nil {
			t.Fatal(err)
		}
		if got := time.Since(start); got != ms(30) {
			t.Errorf("SleepUntil +30ms: got %v, want 30ms", got)
		}
		ctx, cancel := context.WithTimeout(context.Background(), ms(10))
		defer cancel()
		if err := c.SleepUntil(ctx, c.Now().Add(time.Hour)); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("SleepUntil with a 10ms context: got %v, want DeadlineExceeded", err)
		}
		if err := c.SleepUntil(context.Background(), start); err != nil {
			t.Errorf("SleepUntil in the past: got %v, want nil", err)
		}
	})
}
