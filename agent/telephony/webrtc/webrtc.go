// Package webrtc carries a call's audio to and from a browser over WebRTC
// (pion), G.711 mu-law (PCMU) only, with non-trickle signalling: the browser
// sends its offer once ICE gathering is complete and gets a complete answer.
//
// A Transport is a voice.Transport: the agent's paced 8 kHz frames are
// encoded to PCMU and sent one media sample each on a local track; the
// browser's microphone RTP is decoded and pushed, 20 ms at a time, into the
// Sink's inbound writer (a voice.Line) from the track's receive goroutine.
package webrtc

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	pion "github.com/pion/webrtc/v4"
	"github.com/pion/webrtc/v4/pkg/media"

	"candor/agent/audio"
	"candor/agent/voice"
)

// Errors of the transport.
var (
	// ErrSDP: the offer was rejected (malformed, or no PCMU audio).
	ErrSDP = errors.New("webrtc: unusable offer")
	// ErrClosed: the transport is closed.
	ErrClosed = errors.New("webrtc: transport closed")
	// ErrConfig: the transport could not be set up.
	ErrConfig = errors.New("webrtc: invalid configuration")
)

// Sink receives the browser's audio and the end of the call (a voice.Line).
type Sink interface {
	Inbound() audio.FrameWriter
	FarEndHangup()
	Fail(err error)
}

// Config chooses the network the transport gathers candidates on.
type Config struct {
	// Interfaces keeps only these network interfaces for ICE ("" keeps all).
	// The default, for a server on 127.0.0.1, is {"lo"}.
	Interfaces []string
	// AllInterfaces gathers on every interface (Interfaces is ignored).
	AllInterfaces bool
	// GatherTimeout bounds ICE gathering of the answer (default 5 s).
	GatherTimeout time.Duration
}

const rate = 8000

// pcmu is the only codec offered and accepted.
var pcmu = pion.RTPCodecCapability{MimeType: pion.MimeTypePCMU, ClockRate: rate, Channels: 1}

// Transport is one browser call's audio.
type Transport struct {
	cfg   Config
	pc    *pion.PeerConnection
	track *pion.TrackLocalStaticSample

	mu      sync.Mutex
	sink    Sink
	closed  bool
	hungUp  bool
	readers sync.WaitGroup

	enc []byte // used by WriteFrame's caller goroutine only
}

// NewTransport makes a peer connection with PCMU as its only codec and a
// local audio track for the agent's voice.
func NewTransport(cfg Config) (*Transport, error) {
	if len(cfg.Interfaces) == 0 && !cfg.AllInterfaces {
		cfg.Interfaces = []string{"lo"}
	}
	if cfg.GatherTimeout <= 0 {
		cfg.GatherTimeout = 5 * time.Second
	}
	m := &pion.MediaEngine{}
	if err := m.RegisterCodec(pion.RTPCodecParameters{RTPCodecCapability: pcmu, PayloadType: 0}, pion.RTPCodecTypeAudio); err != nil {
		return nil, fmt.Errorf("%w: register PCMU: %w", ErrConfig, err)
	}
	var se pion.SettingEngine
	se.SetNetworkTypes([]pion.NetworkType{pion.NetworkTypeUDP4})
	if !cfg.AllInterfaces {
		keep := cfg.Interfaces
		se.SetInterfaceFilter(func(name string) bool { return slices.Contains(keep, name) })
		if slices.Contains(keep, "lo") {
			se.SetIncludeLoopbackCandidate(true)
		}
	}
	api := pion.NewAPI(pion.WithMediaEngine(m), pion.WithSettingEngine(se))
	pc, err := api.NewPeerConnection(pion.Configuration{})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	track, err := pion.NewTrackLocalStaticSample(pcmu, "audio", "candor")
	if err != nil {
		_ = pc.Close()
		return nil, fmt.Errorf("%w: local track: %w", ErrConfig, err)
	}
	sender, err := pc.AddTrack(track)
	if err != nil {
		_ = pc.Close()
		return nil, fmt.Errorf("%w: add track: %w", ErrConfig, err)
	}
	t := &Transport{cfg: cfg, pc: pc, track: track}
	// Drain RTCP so the sender's interceptors keep going.
	go func() {
		buf := make([]byte, 1500)
		for {
			if _, _, err := sender.Read(buf); err != nil {
				return
			}
		}
	}()
	pc.OnTrack(t.receive)
	pc.OnConnectionStateChange(func(s pion.PeerConnectionState) {
		switch s {
		case pion.PeerConnectionStateFailed, pion.PeerConnectionStateClosed, pion.PeerConnectionStateDisconnected:
			t.farEnd()
		}
	})
	return t, nil
}

// Attach sets where the browser's audio goes. Call it before Answer.
func (t *Transport) Attach(s Sink) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.sink = s
}

// Answer takes the browser's complete offer and returns the complete answer
// (all candidates gathered).
func (t *Transport) Answer(ctx context.Context, offer string) (string, error) {
	if err := t.pc.SetRemoteDescription(pion.SessionDescription{Type: pion.SDPTypeOffer, SDP: offer}); err != nil {
		return "", fmt.Errorf("%w: %w", ErrSDP, err)
	}
	ans, err := t.pc.CreateAnswer(nil)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrSDP, err)
	}
	gathered := pion.GatheringCompletePromise(t.pc)
	if err := t.pc.SetLocalDescription(ans); err != nil {
		return "", fmt.Errorf("%w: %w", ErrSDP, err)
	}
	ctx, cancel := context.WithTimeout(ctx, t.cfg.GatherTimeout)
	defer cancel()
	select {
	case <-gathered:
	case <-ctx.Done():
		return "", fmt.Errorf("webrtc: gathering candidates: %w", ctx.Err())
	}
	ld := t.pc.LocalDescription()
	if ld == nil {
		return "", fmt.Errorf("%w: no local description", ErrSDP)
	}
	return ld.SDP, nil
}

// receive decodes the browser's PCMU into 20 ms frames for the sink.
func (t *Transport) receive(tr *pion.TrackRemote, _ *pion.RTPReceiver) {
	t.mu.Lock()
	if t.closed || tr.Kind() != pion.RTPCodecTypeAudio {
		t.mu.Unlock()
		return
	}
	t.readers.Add(1)
	sink := t.sink
	t.mu.Unlock()
	defer t.readers.Done()
	if sink == nil || tr.Codec().MimeType != pion.MimeTypePCMU {
		return
	}
	in := sink.Inbound()
	n := audio.SamplesPerFrame(rate)
	pending := make([]int16, 0, 4*n)
	for {
		pkt, _, err := tr.ReadRTP()
		if err != nil {
			return
		}
		pending = audio.DecodeMulaw(pending, pkt.Payload)
		for len(pending) >= n {
			f := audio.Frame{Rate: rate, Samples: slices.Clone(pending[:n])}
			pending = append(pending[:0], pending[n:]...)
			if err := in.WriteFrame(f); err != nil {
				sink.Fail(fmt.Errorf("webrtc: inbound audio: %w", err))
				return
			}
		}
	}
}

// farEnd reports the browser's end of the call once (not after Close).
func (t *Transport) farEnd() {
	t.mu.Lock()
	if t.closed || t.hungUp || t.sink == nil {
		t.mu.Unlock()
		return
	}
	t.hungUp = true
	sink := t.sink
	t.mu.Unlock()
	sink.FarEndHangup()
}

// WriteFrame sends one paced 8 kHz frame as one PCMU sample.
func (t *Transport) WriteFrame(f audio.Frame) error {
	if f.Rate != rate {
		return fmt.Errorf("%w: frame at %d Hz, want %d", audio.ErrRate, f.Rate, rate)
	}
	t.mu.Lock()
	closed := t.closed
	t.mu.Unlock()
	if closed {
		return ErrClosed
	}
	t.enc = audio.EncodeMulaw(t.enc[:0], f)
	if err := t.track.WriteSample(media.Sample{Data: t.enc, Duration: audio.FrameDuration}); err != nil {
		return fmt.Errorf("webrtc: send: %w", err)
	}
	return nil
}

// Clear is a no-op: frames are sent as they are paced, nothing is queued.
func (t *Transport) Clear() {}

// Close ends the peer connection; the receive goroutine is done when it returns.
func (t *Transport) Close() error {
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		return nil
	}
	t.closed = true
	t.mu.Unlock()
	err := t.pc.Close()
	t.readers.Wait()
	if err != nil {
		return fmt.Errorf("webrtc: close: %w", err)
	}
	return nil
}

// NewLine makes a browser call: its transport and the voice line, made by
// lines, that the transport feeds. A failure to make the recogniser is a
// *voice.RecognizerError.
func NewLine(cfg Config, lines *voice.Factory) (*Transport, *voice.Line, error) {
	tr, err := NewTransport(cfg)
	if err != nil {
		return nil, nil, err
	}
	line, err := lines.NewLine(tr, nil)
	if err != nil {
		_ = tr.Close()
		return nil, nil, err
	}
	tr.Attach(line)
	return tr, line, nil
}
