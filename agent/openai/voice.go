package openai

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"candor/agent/audio"
)

// UtteranceRecognizer makes a Transcriber a voice-line recogniser: it keeps
// one utterance's 16 kHz frames and sends them in one transcription request
// when the utterance ends. It gives no partial results.
type UtteranceRecognizer struct {
	T *Transcriber
	// Lang is the callee's language ("en", "zh"); empty lets the server guess.
	Lang string
	// Timeout bounds one request (default 10 s).
	Timeout time.Duration
	// MaxSeconds bounds one utterance's audio (default 30 s; later audio is dropped).
	MaxSeconds int

	rate int
	pcm  []int16
}

// Start begins an utterance.
func (u *UtteranceRecognizer) Start() error {
	u.pcm, u.rate = u.pcm[:0], 0
	return nil
}

// WriteFrame adds one frame of the utterance.
func (u *UtteranceRecognizer) WriteFrame(f audio.Frame) error {
	if u.rate == 0 {
		u.rate = f.Rate
	}
	if f.Rate != u.rate {
		return fmt.Errorf("%w: %d Hz frame in a %d Hz utterance", audio.ErrRate, f.Rate, u.rate)
	}
	limit := u.MaxSeconds
	if limit <= 0 {
		limit = 30
	}
	if len(u.pcm) < limit*u.rate {
		u.pcm = append(u.pcm, f.Samples...)
	}
	return nil
}

// Partial is always empty: the endpoint gives one request per utterance.
func (u *UtteranceRecognizer) Partial() string { return "" }

// Final transcribes the utterance.
func (u *UtteranceRecognizer) Final() (string, error) {
	if len(u.pcm) == 0 {
		return "", nil
	}
	d := u.Timeout
	if d <= 0 {
		d = 10 * time.Second
	}
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	return u.T.Transcribe(ctx, u.pcm, u.rate, u.Lang)
}

// StreamSpeaker makes a Speaker a voice-line synthesizer: it reads the 24 kHz
// PCM as the server sends it and writes 20 ms frames at OutRate.
type StreamSpeaker struct {
	S *Speaker
	// Voice is the server's voice name (default "alloy").
	Voice string
	// OutRate is 8000 (default) or 16000.
	OutRate int
}

// Stream speaks text, writing frames to w as the audio arrives.
func (s StreamSpeaker) Stream(ctx context.Context, text, _ string, w audio.FrameWriter) (time.Duration, error) {
	out := s.OutRate
	if out == 0 {
		out = 8000
	}
	rs, err := audio.NewResampler(SpeechRate, out)
	if err != nil {
		return 0, err
	}
	body, err := s.S.Speak(ctx, text, s.Voice)
	if err != nil {
		return 0, err
	}
	defer body.Close()
	in := make([]byte, SpeechRate/50*2) // 20 ms of s16le
	var pcm, res, pending []int16
	frames := 0
	per := audio.SamplesPerFrame(out)
	emit := func(final bool) error {
		for len(pending) >= per || (final && len(pending) > 0) {
			n := min(per, len(pending))
			f := audio.Frame{Rate: out, Samples: make([]int16, per)}
			copy(f.Samples, pending[:n])
			pending = pending[n:]
			if err := w.WriteFrame(f); err != nil {
				return err
			}
			frames++
		}
		return nil
	}
	var odd []byte
	for {
		n, rerr := body.Read(in)
		buf := append(odd, in[:n]...)
		pcm = pcm[:0]
		for i := 0; i+1 < len(buf); i += 2 {
			pcm = append(pcm, int16(uint16(buf[i])|uint16(buf[i+1])<<8))
		}
		odd = append(odd[:0], buf[len(buf)&^1:]...)
		res = rs.Process(res[:0], pcm)
		pending = append(pending, res...)
		if err := emit(false); err != nil {
			return time.Duration(frames) * audio.FrameDuration, err
		}
		if errors.Is(rerr, io.EOF) {
			break
		}
		if rerr != nil {
			return time.Duration(frames) * audio.FrameDuration, fmt.Errorf("%w: speech: %w", ErrStreamBroken, rerr)
		}
	}
	err = emit(true)
	return time.Duration(frames) * audio.FrameDuration, err
}
