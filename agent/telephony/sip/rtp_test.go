package sip

import (
	"errors"
	"log/slog"
	"net"
	"net/netip"
	"slices"
	"testing"
	"time"

	"github.com/pion/rtp"

	"candor/agent/audio"
)

// rawCall connects a Call's media to a plain UDP socket on loopback, without
// signalling, to check the RTP on the wire.
func rawCall(t *testing.T, codec Codec) (*Call, *fakeLine, *net.UDPConn) {
	t.Helper()
	lo := net.UDPAddrFromAddrPort(netip.MustParseAddrPort("127.0.0.1:0"))
	peer, err := net.ListenUDP("udp", lo)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.ListenUDP("udp", lo)
	if err != nil {
		t.Fatal(err)
	}
	c := &Call{conn: conn, remote: peer.LocalAddr().(*net.UDPAddr).AddrPort(), codec: codec, dtmfPT: 101,
		snd: newSender(), recvDone: make(chan struct{}), log: slog.New(slog.DiscardHandler)}
	l := newFakeLine(c)
	c.line, c.sink = l, l
	go c.receive()
	t.Cleanup(func() { _ = c.Close(); _ = peer.Close() })
	return c, l, peer
}

func readPacket(t *testing.T, peer *net.UDPConn) rtp.Packet {
	t.Helper()
	buf := make([]byte, 1500)
	_ = peer.SetReadDeadline(time.Now().Add(2 * time.Second))
	n, err := peer.Read(buf)
	if err != nil {
		t.Fatalf("reading RTP: %v", err)
	}
	var p rtp.Packet
	if err := p.Unmarshal(buf[:n]); err != nil {
		t.Fatalf("bad RTP: %v", err)
	}
	return p
}

func toneFrame(v int16) audio.Frame {
	f := audio.Frame{Rate: 8000, Samples: make([]int16, 160)}
	for i := range f.Samples {
		f.Samples[i] = v * int16(i%8-4)
	}
	return f
}

func TestRTPSend(t *testing.T) {
	for _, codec := range []Codec{{0, "PCMU"}, {8, "PCMA"}} {
		t.Run(codec.Name, func(t *testing.T) {
			c, _, peer := rawCall(t, codec)
			var pkts []rtp.Packet
			for i := range 3 {
				if err := c.WriteFrame(toneFrame(int16(100 * (i + 1)))); err != nil {
					t.Fatal(err)
				}
				pkts = append(pkts, readPacket(t, peer))
			}
			time.Sleep(200 * time.Millisecond) // a pause in the agent's speech
			if err := c.WriteFrame(toneFrame(50)); err != nil {
				t.Fatal(err)
			}
			pkts = append(pkts, readPacket(t, peer))
			for i, p := range pkts {
				if p.PayloadType != codec.PayloadType || p.SSRC != pkts[0].SSRC || p.Version != 2 {
					t.Errorf("packet %d: got pt %d ssrc %x, want pt %d ssrc %x", i, p.PayloadType, p.SSRC, codec.PayloadType, pkts[0].SSRC)
				}
				if i > 0 && p.SequenceNumber != pkts[i-1].SequenceNumber+1 {
					t.Errorf("packet %d: seq got %d, want %d", i, p.SequenceNumber, pkts[i-1].SequenceNumber+1)
				}
				if wantM := i == 0 || i == 3; p.Marker != wantM {
					t.Errorf("packet %d: marker got %v, want %v", i, p.Marker, wantM)
				}
			}
			if d := pkts[2].Timestamp - pkts[1].Timestamp; d != 160 {
				t.Errorf("timestamp step: got %d, want 160", d)
			}
			if d := pkts[3].Timestamp - pkts[2].Timestamp; d < 1200 || d > 2400 {
				t.Errorf("timestamp after a 200 ms pause: got +%d, want about 1600", d)
			}
			enc := audio.EncodeMulaw
			if codec.Name == "PCMA" {
				enc = audio.EncodeAlaw
			}
			if want := enc(nil, toneFrame(200)); !slices.Equal(pkts[1].Payload, want) {
				t.Errorf("payload is not the %s encoding of the frame", codec.Name)
			}
			if err := c.WriteFrame(audio.Frame{Rate: 16000, Samples: make([]int16, 320)}); !errors.Is(err, audio.ErrRate) {
				t.Errorf("16 kHz frame: got %v, want ErrRate", err)
			}
			_ = c.Close()
			if err := c.WriteFrame(toneFrame(1)); !errors.Is(err, ErrClosed) {
				t.Errorf("after Close: got %v, want ErrClosed", err)
			}
		})
	}
}

func TestSendDTMF(t *testing.T) {
	c, _, peer := rawCall(t, Codec{0, "PCMU"})
	if err := c.SendDTMF(t.Context(), "x", 0); !errors.Is(err, ErrDTMF) {
		t.Errorf("digit x: got %v, want ErrDTMF", err)
	}
	if err := c.SendDTMF(t.Context(), "#", 60*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	var got []dtmfPayload
	var pkts []rtp.Packet
	for range 6 {
		p := readPacket(t, peer)
		ev, ok := parseDTMF(p.Payload)
		if !ok {
			t.Fatalf("short event payload %x", p.Payload)
		}
		got, pkts = append(got, ev), append(pkts, p)
	}
	want := []dtmfPayload{{11, false, 10, 160}, {11, false, 10, 320}, {11, false, 10, 480},
		{11, true, 10, 480}, {11, true, 10, 480}, {11, true, 10, 480}}
	if !slices.Equal(got, want) {
		t.Errorf("events: got %+v, want %+v", got, want)
	}
	for i, p := range pkts {
		if p.PayloadType != 101 || p.Timestamp != pkts[0].Timestamp || p.Marker != (i == 0) {
			t.Errorf("packet %d: got pt %d ts %d marker %v, want pt 101 ts %d marker %v", i, p.PayloadType, p.Timestamp, p.Marker, pkts[0].Timestamp, i == 0)
		}
		if i > 0 && p.SequenceNumber != pkts[i-1].SequenceNumber+1 {
			t.Errorf("packet %d: seq not consecutive", i)
		}
	}
	// Audio after the key press starts a new talkspurt past the event.
	if err := c.WriteFrame(toneFrame(1)); err != nil {
		t.Fatal(err)
	}
	p := readPacket(t, peer)
	if !p.Marker || p.Timestamp-pkts[0].Timestamp < 480 {
		t.Errorf("audio after DTMF: marker %v ts +%d, want marker and ts past the event", p.Marker, p.Timestamp-pkts[0].Timestamp)
	}
}

// TestRTPReceive: packets out of order come out in order, a lost one as
// silence, and a telephone-event (sent with its end packet three times) is
// one digit.
func TestRTPReceive(t *testing.T) {
	c, l, peer := rawCall(t, Codec{0, "PCMU"})
	local := c.conn.LocalAddr().(*net.UDPAddr)
	send := func(seq uint16, pt uint8, ts uint32, payload []byte) {
		h := rtp.Packet{Header: rtp.Header{Version: 2, PayloadType: pt, SequenceNumber: seq, Timestamp: ts, SSRC: 7}, Payload: payload}
		b, err := h.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := peer.WriteToUDP(b, local); err != nil {
			t.Fatal(err)
		}
	}
	frame := func(v byte) []byte { return slices.Repeat([]byte{v}, 160) }
	// 10, 12, 11, then 13 lost, then 14..17 and a DTMF '9' on 18..21, audio 22.
	send(10, 0, 1600, frame(0x10))
	send(12, 0, 1920, frame(0x12))
	send(11, 0, 1760, frame(0x11))
	for s := uint16(14); s <= 17; s++ {
		send(s, 0, uint32(s)*160, frame(byte(s)))
	}
	ev := dtmfPayload{Event: 9, Volume: 10, Duration: 160}
	send(18, 101, 2880, ev.marshal())
	ev.End, ev.Duration = true, 320
	for s := uint16(19); s <= 21; s++ {
		send(s, 101, 2880, ev.marshal())
	}
	send(22, 0, 3520, frame(0x22))
	send(23, 99, 3680, frame(0x23)) // unknown payload type: ignored
	waitFor(t, "9 frames", 5*time.Second, func() bool { _, n, _ := l.snapshot(); return n >= 9 })
	time.Sleep(50 * time.Millisecond)
	samples, n, digits := l.snapshot()
	if n != 9 {
		t.Fatalf("frames: got %d, want 9 (8 audio + 1 lost)", n)
	}
	order := []byte{0x10, 0x11, 0x12, 0, 14, 15, 16, 17, 0x22}
	for i, b := range order {
		want := audio.MulawToLinear(b)
		if b == 0 {
			want = 0 // the lost packet is silence
		}
		if got := samples[i*160]; got != want {
			t.Errorf("frame %d: got sample %d, want %d", i, got, want)
		}
	}
	if !slices.Equal(digits, []string{"9"}) {
		t.Errorf("digits: got %v, want [9]", digits)
	}
	_ = c.Close()
	select {
	case <-c.recvDone:
	default:
		t.Error("Close returned with the receive goroutine still running")
	}
}
