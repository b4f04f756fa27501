// Package audio holds candor's one internal audio format and the small,
// synchronous building blocks around it: G.711, resampling, WAV, voice activity
// detection, endpointing, playout pacing and packet reordering.
package audio

import "time"

// FrameDuration is the length of every internal frame.
const FrameDuration = 20 * time.Millisecond

// Frame is 20 ms of 16-bit signed mono PCM at Rate samples per second
// (8000 or 16000): 160 or 320 samples.
type Frame struct {
	Rate    int
	Samples []int16
}

// SamplesPerFrame returns the number of samples in one frame at rate.
func SamplesPerFrame(rate int) int { return rate / 50 }

// FrameWriter consumes frames. Audio stages are synchronous chains of writers:
// a stage does its work and calls the next one, with no goroutine per frame.
// Like io.Writer, WriteFrame must not keep f.Samples after it returns (the
// caller reuses the buffer): copy what has to be kept.
type FrameWriter interface {
	WriteFrame(Frame) error
}
