package webrtc

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	pion "github.com/pion/webrtc/v4"
	"github.com/pion/webrtc/v4/pkg/media"

	"candor/agent/audio"
)

// sink collects what the transport delivers.
type sink struct {
	mu     sync.Mutex
	frames []audio.Frame
	hangup bool
	failed error
}

func (s *sink) Inbound() audio.FrameWriter { return s }
func (s *sink) WriteFrame(f audio.Frame) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.frames = append(s.frames, f)
	return nil
}
func (s *sink) FarEndHangup()  { s.mu.Lock(); s.hangup = true; s.mu.Unlock() }
func (s *sink) Fail(err error) { s.mu.Lock(); s.failed = err; s.mu.Unlock() }
func (s *sink) count() int     { s.mu.Lock(); defer s.mu.Unlock(); return len(s.frames) }

// browser is a pion peer standing in for Chromium: PCMU only, loopback only.
func browser(t *testing.T) (*pion.PeerConnection, *pion.TrackLocalStaticSample) {
	t.Helper()
	m := &pion.MediaEngine{}
	if err := m.RegisterCodec(pion.RTPCodecParameters{RTPCodecCapability: pcmu, PayloadType: 0}, pion.RTPCodecTypeAudio); err != nil {
		t.Fatal(err)
	}
	var se pion.SettingEngine
	se.SetNetworkTypes([]pion.NetworkType{pion.NetworkTypeUDP4})
	se.SetInterfaceFilter(func(n string) bool { return n == "lo" })
	se.SetIncludeLoopbackCandidate(true)
	pc, err := pion.NewAPI(pion.WithMediaEngine(m), pion.WithSettingEngine(se)).NewPeerConnection(pion.Configuration{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = pc.Close() })
	tr, err := pion.NewTrackLocalStaticSample(pcmu, "mic", "browser")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pc.AddTrack(tr); err != nil {
		t.Fatal(err)
	}
	return pc, tr
}

// TestTransportBothWays: the browser's mic frames reach the sink decoded, in
// 20 ms frames; the agent's frames reach the browser as PCMU; Close ends it.
func TestTransportBothWays(t *testing.T) {
	pc, mic := browser(t)
	heard := make(chan []byte, 512)
	pc.OnTrack(func(tr *pion.TrackRemote, _ *pion.RTPReceiver) {
		if tr.Codec().MimeType != pion.MimeTypePCMU {
			t.Errorf("browser got codec %s, want PCMU", tr.Codec().MimeType)
		}
		for {
			p, _, err := tr.ReadRTP()
			if err != nil {
				return
			}
			select {
			case heard <- p.Payload:
			default:
			}
		}
	})
	offer, err := pc.CreateOffer(nil)
	if err != nil {
		t.Fatal(err)
	}
	g := pion.GatheringCompletePromise(pc)
	if err := pc.SetLocalDescription(offer); err != nil {
		t.Fatal(err)
	}
	<-g

	tp, err := NewTransport(Config{})
	if err != nil {
		t.Fatal(err)
	}
	s := &sink{}
	tp.Attach(s)
	ans, err := tp.Answer(context.Background(), pc.LocalDescription().SDP)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(ans, "PCMU/8000") || strings.Contains(strings.ToLower(ans), "opus") {
		t.Errorf("answer codecs: got %q, want PCMU only", ans)
	}
	if !strings.Contains(ans, "127.0.0.1") {
		t.Errorf("answer candidates: got %q, want a loopback candidate", ans)
	}
	if err := pc.SetRemoteDescription(pion.SessionDescription{Type: pion.SDPTypeAnswer, SDP: ans}); err != nil {
		t.Fatal(err)
	}

	// Browser -> agent: a constant tone level survives mu-law both ways.
	tone := make([]int16, 160)
	for i := range tone {
		tone[i] = 1000
	}
	payload := audio.EncodeMulaw(nil, audio.Frame{Rate: 8000, Samples: tone})
	// Agent -> browser.
	agentFrame := audio.Frame{Rate: 8000, Samples: make([]int16, 160)}
	for i := range agentFrame.Samples {
		agentFrame.Samples[i] = -2000
	}
	deadline := time.Now().Add(10 * time.Second)
	got := 0
	for (s.count() < 10 || got < 10) && time.Now().Before(deadline) {
		if err := mic.WriteSample(media.Sample{Data: payload, Duration: 20 * time.Millisecond}); err != nil {
			t.Fatal(err)
		}
		if err := tp.WriteFrame(agentFrame); err != nil {
			t.Fatal(err)
		}
		for drained := false; !drained; {
			select {
			case p := <-heard:
				if len(p) != 160 {
					t.Errorf("browser payload: got %d bytes, want 160", len(p))
				}
				if v := audio.MulawToLinear(p[0]); v > -1800 || v < -2200 {
					t.Errorf("browser sample: got %d, want about -2000", v)
				}
				got++
			default:
				drained = true
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	if s.count() < 10 || got < 10 {
		t.Fatalf("after 10 s: agent heard %d frames, browser heard %d packets; want 10 each", s.count(), got)
	}
	s.mu.Lock()
	f := s.frames[0]
	s.mu.Unlock()
	if f.Rate != 8000 || len(f.Samples) != 160 || f.Samples[0] < 900 || f.Samples[0] > 1100 {
		t.Errorf("inbound frame: got rate %d, %d samples, first %d; want 8000, 160, about 1000", f.Rate, len(f.Samples), f.Samples[0])
	}
	if err := tp.Close(); err != nil {
		t.Errorf("close: %v", err)
	}
	if err := tp.WriteFrame(agentFrame); err == nil {
		t.Errorf("write after close: got nil, want an error")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hangup {
		t.Errorf("our own Close reported a far-end hang-up")
	}
}

// TestAnswerRejectsGarbage: a malformed offer is refused with ErrSDP.
func TestAnswerRejectsGarbage(t *testing.T) {
	tp, err := NewTransport(Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer tp.Close()
	for _, offer := range []string{"", "v=0\r\n", "not sdp at all"} {
		if _, err := tp.Answer(context.Background(), offer); err == nil {
			t.Errorf("Answer(%q): got nil error, want ErrSDP", offer)
		}
	}
}

// TestFarEndClose: the browser closing its side is a far-end hang-up.
func TestFarEndClose(t *testing.T) {
	pc, _ := browser(t)
	offer, _ := pc.CreateOffer(nil)
	g := pion.GatheringCompletePromise(pc)
	if err := pc.SetLocalDescription(offer); err != nil {
		t.Fatal(err)
	}
	<-g
	tp, err := NewTransport(Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer tp.Close()
	s := &sink{}
	tp.Attach(s)
	connected := make(chan struct{})
	var once sync.Once
	tp.pc.OnICEConnectionStateChange(func(st pion.ICEConnectionState) {
		if st == pion.ICEConnectionStateConnected {
			once.Do(func() { close(connected) })
		}
	})
	ans, err := tp.Answer(context.Background(), pc.LocalDescription().SDP)
	if err != nil {
		t.Fatal(err)
	}
	if err := pc.SetRemoteDescription(pion.SessionDescription{Type: pion.SDPTypeAnswer, SDP: ans}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-connected:
	case <-time.After(10 * time.Second):
		t.Fatal("not connected within 10 s")
	}
	_ = pc.Close()
	deadline := time.Now().Add(40 * time.Second)
	for time.Now().Before(deadline) {
		s.mu.Lock()
		h := s.hangup
		s.mu.Unlock()
		if h {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("browser closed: no far-end hang-up within 40 s")
}
