package audio

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// Clock is the time source of a Pacer.
type Clock interface {
	Now() time.Time
	// SleepUntil blocks until t or until ctx is done, returning ctx's error
	// in the latter case.
	SleepUntil(ctx context.Context, t time.Time) error
}

// RealClock is the system clock (and the fake one inside a testing/synctest
// bubble).
type RealClock struct{}

var _ Clock = RealClock{}

// Now returns time.Now().
func (RealClock) Now() time.Time { return time.Now() }

// SleepUntil blocks until t or until ctx is done.
func (RealClock) SleepUntil(ctx context.Context, t time.Time) error { return Sleep(ctx, time.Until(t)) }

// Sleep blocks for d or until ctx is done, returning ctx's error then (or
// at once when d <= 0).
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// DefaultMaxLag is a Pacer's default MaxLag.
const DefaultMaxLag = 5

// Pacer forwards frames at real-time pace: the n-th frame of a run goes out
// at t0 + n*20 ms, where t0 is when the run's first frame arrived, so timing
// errors do not accumulate. A writer that falls behind by up to MaxLag frames
// catches up (those frames go out at once); further behind, the run restarts
// at the late frame instead of bursting. Played counts forwarded frames, so
// the agent can tell how much of an utterance the callee heard.
//
// WriteFrame, Flush, Reset, Close and Played may be called from different
// goroutines; frames should come from one.
type Pacer struct {
	// MaxLag is how many frames a writer may fall behind before the timeline
	// restarts. Set it before the first WriteFrame; default DefaultMaxLag.
	MaxLag int

	clock Clock
	next  FrameWriter

	mu      sync.Mutex
	running bool
	t0      time.Time
	n       int64 // slots reserved in the current run
	ctx     context.Context
	cancel  context.CancelCauseFunc
	closed  bool
	resyncs int

	played atomic.Int64

	// sleepMu guards timer, reused from frame to frame on the real clock
	// (one timer per frame is most of a call's garbage).
	sleepMu sync.Mutex
	timer   *time.Timer
}

var _ FrameWriter = (*Pacer)(nil)

// NewPacer returns a pacer that forwards frames to next on clock's time.
func NewPacer(clock Clock, next FrameWriter) *Pacer {
	p := &Pacer{MaxLag: DefaultMaxLag, clock: clock, next: next}
	p.ctx, p.cancel = context.WithCancelCause(context.Background())
	return p
}

// WriteFrame waits for the frame's slot, then forwards it. If the pacer is
// reset or closed while the frame waits, the frame is dropped and the error
// is ErrPacerReset or ErrClosed. Errors of the next writer are returned as
// they are.
func (p *Pacer) WriteFrame(f Frame) error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return ErrClosed
	}
	now := p.clock.Now()
	if !p.running {
		p.running, p.t0, p.n = true, now, 0
	}
	slot := p.t0.Add(time.Duration(p.n) * FrameDuration)
	if now.Sub(slot) > time.Duration(max(p.MaxLag, 0))*FrameDuration {
		p.t0, p.n, slot = now, 0, now
		p.resyncs++
	}
	p.n++
	ctx := p.ctx
	p.mu.Unlock()

	if slot.After(now) {
		if err := p.sleepUntil(ctx, slot); err != nil {
			return p.waitErr(ctx, err)
		}
	}
	// Forward under the lock, so that a Reset either drops this frame or
	// comes after it and clears its count.
	p.mu.Lock()
	defer p.mu.Unlock()
	if ctx.Err() != nil {
		return p.waitErr(ctx, ctx.Err())
	}
	if err := p.next.WriteFrame(f); err != nil {
		return err
	}
	p.played.Add(1)
	return nil
}

// sleepUntil is the clock's SleepUntil; on the real clock it reuses one timer.
func (p *Pacer) sleepUntil(ctx context.Context, t time.Time) error {
	if _, ok := p.clock.(RealClock); !ok {
		return p.clock.SleepUntil(ctx, t)
	}
	d := time.Until(t)
	if d <= 0 {
		return ctx.Err()
	}
	p.sleepMu.Lock()
	defer p.sleepMu.Unlock()
	if p.timer == nil {
		p.timer = time.NewTimer(d)
	} else {
		p.timer.Reset(d) // stopped or fired: no stale tick is left (Go >= 1.23)
	}
	select {
	case <-ctx.Done():
		p.timer.Stop()
		return ctx.Err()
	case <-p.timer.C:
		return nil
	}
}

func (p *Pacer) waitErr(ctx context.Context, err error) error {
	if c := context.Cause(ctx); c == ErrClosed || c == ErrPacerReset {
		return c
	}
	return err
}

// Flush waits until the last frame written has finished playing (the end of
// its 20 ms slot), then ends the run: the next frame starts a new timeline,
// as after a gap. It returns ErrPacerReset or ErrClosed if interrupted.
func (p *Pacer) Flush() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return ErrClosed
	}
	if !p.running {
		p.mu.Unlock()
		return nil
	}
	end := p.t0.Add(time.Duration(p.n) * FrameDuration)
	ctx := p.ctx
	p.mu.Unlock()
	if err := p.clock.SleepUntil(ctx, end); err != nil {
		return p.waitErr(ctx, err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	// Only end the run if no frame was written meanwhile.
	if p.ctx == ctx && p.running && !p.t0.Add(time.Duration(p.n)*FrameDuration).After(end) {
		p.running = false
	}
	return nil
}

// Reset drops frames waiting for their slot (their WriteFrame returns
// ErrPacerReset), ends the run and sets Played to zero: use it on barge-in,
// after reading Played.
func (p *Pacer) Reset() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	p.cancel(ErrPacerReset)
	p.ctx, p.cancel = context.WithCancelCause(context.Background())
	p.running = false
	p.played.Store(0)
}

// Close drops waiting frames and makes later writes fail with ErrClosed. It
// does not close the next writer. Closing twice is a no-op.
func (p *Pacer) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.closed {
		p.closed = true
		p.cancel(ErrClosed)
	}
	return nil
}

// Played returns how many frames were forwarded since the pacer was created
// or last reset.
func (p *Pacer) Played() int { return int(p.played.Load()) }

// Resyncs returns how many times the timeline restarted because the writer
// fell more than MaxLag frames behind.
func (p *Pacer) Resyncs() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.resyncs
}
