package sip

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"sync/atomic"
	"time"

	"github.com/pion/rtp"

	"candor/agent/audio"
)

// rtpClock is the sample rate of G.711 and telephone-events.
const rtpClock = 8000

// samplesPerPacket is one 20 ms frame at 8 kHz.
const samplesPerPacket = rtpClock / 50

// dtmfEvents are the RFC 4733 event codes of the keypad.
const dtmfEvents = "0123456789*#ABCD"

// dtmfEvent returns the event code of a digit.
func dtmfEvent(digit string) (uint8, error) {
	i := strings.Index(dtmfEvents, strings.ToUpper(digit))
	if len(digit) != 1 || i < 0 {
		return 0, fmt.Errorf("%w: %q", ErrDTMF, digit)
	}
	return uint8(i), nil
}

// dtmfPayload is an RFC 4733 telephone-event payload.
type dtmfPayload struct {
	Event    uint8
	End      bool
	Volume   uint8 // 0-63, in -dBm0
	Duration uint16
}

func (p dtmfPayload) marshal() []byte {
	b := make([]byte, 4)
	b[0] = p.Event
	b[1] = p.Volume & 0x3f
	if p.End {
		b[1] |= 0x80
	}
	binary.BigEndian.PutUint16(b[2:], p.Duration)
	return b
}

func parseDTMF(b []byte) (dtmfPayload, bool) {
	if len(b) < 4 {
		return dtmfPayload{}, false
	}
	return dtmfPayload{Event: b[0], End: b[1]&0x80 != 0, Volume: b[1] & 0x3f, Duration: binary.BigEndian.Uint16(b[2:])}, true
}

// sender holds the outgoing RTP stream's state. Guarded by Call.sendMu.
type sender struct {
	seq      uint16
	ts       uint32
	ssrc     uint32
	started  bool
	marker   bool
	last     time.Time
	inDTMF   bool
	pkt      []byte
	enc      []byte
	sent     atomic.Uint64
	dropped  atomic.Uint64
	received atomic.Uint64
}

func newSender() *sender {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return &sender{
		seq:    binary.BigEndian.Uint16(b[0:]),
		ts:     binary.BigEndian.Uint32(b[2:]),
		ssrc:   binary.BigEndian.Uint32(b[4:]),
		marker: true,
	}
}

// WriteFrame encodes one 20 ms, 8 kHz frame of the agent's audio and sends it
// as one RTP packet. The voice line paces the calls; after a pause in the
// agent's speech the timestamp jumps by the time elapsed and the marker bit
// starts the new talkspurt.
func (c *Call) WriteFrame(f audio.Frame) error {
	if f.Rate != rtpClock || len(f.Samples) != samplesPerPacket {
		return fmt.Errorf("%w: sip line takes 20 ms frames at 8000 Hz, got %d samples at %d Hz", audio.ErrRate, len(f.Samples), f.Rate)
	}
	c.sendMu.Lock()
	defer c.sendMu.Unlock()
	if c.sendClosed {
		return ErrClosed
	}
	s := c.snd
	if s.inDTMF {
		s.dropped.Add(1) // the key press replaces the audio while it lasts
		return nil
	}
	now := time.Now()
	if s.started {
		step := uint32(samplesPerPacket)
		if gap := now.Sub(s.last); gap > 3*audio.FrameDuration {
			step = uint32((gap + audio.FrameDuration/2) / audio.FrameDuration * samplesPerPacket)
			s.marker = true
		}
		s.ts += step
		s.seq++
	}
	s.started, s.last = true, now
	if c.codec.Name == "PCMA" {
		s.enc = audio.EncodeAlaw(s.enc[:0], f)
	} else {
		s.enc = audio.EncodeMulaw(s.enc[:0], f)
	}
	err := c.sendLocked(c.codec.PayloadType, s.marker, s.ts, s.enc)
	s.marker = false
	return err
}

// sendLocked writes one packet; c.sendMu is held.
func (c *Call) sendLocked(pt uint8, marker bool, ts uint32, payload []byte) error {
	s := c.snd
	h := rtp.Header{Version: 2, PayloadType: pt, SequenceNumber: s.seq, Timestamp: ts, SSRC: s.ssrc, Marker: marker}
	n := h.MarshalSize()
	if cap(s.pkt) < n+len(payload) {
		s.pkt = make([]byte, n+len(payload))
	}
	s.pkt = s.pkt[:n+len(payload)]
	if _, err := h.MarshalTo(s.pkt); err != nil {
		return fmt.Errorf("rtp header: %w", err)
	}
	copy(s.pkt[n:], payload)
	if _, err := c.conn.WriteToUDPAddrPort(s.pkt, c.remote); err != nil {
		return fmt.Errorf("rtp send: %w", err)
	}
	s.sent.Add(1)
	return nil
}

// Clear drops queued audio. The SIP line queues nothing beyond the voice
// line's pacer, so it only marks the next packet as a new talkspurt.
func (c *Call) Clear() {
	c.sendMu.Lock()
	c.snd.marker = true
	c.sendMu.Unlock()
}

// SendDTMF sends one key press as RFC 4733 telephone-events lasting d
// (default 100 ms): a packet every 20 ms with the marker on the first, then
// the end packet three times. Audio written meanwhile is dropped.
func (c *Call) SendDTMF(ctx context.Context, digit string, d time.Duration) error {
	ev, err := dtmfEvent(digit)
	if err != nil {
		return err
	}
	if c.dtmfPT < 0 {
		return fmt.Errorf("%w: the callee accepts no telephone-events", ErrDTMF)
	}
	if d <= 0 {
		d = 100 * time.Millisecond
	}
	c.sendMu.Lock()
	if c.sendClosed {
		c.sendMu.Unlock()
		return ErrClosed
	}
	s := c.snd
	s.inDTMF = true
	if s.started {
		s.ts += uint32(max(time.Since(s.last), audio.FrameDuration) / audio.FrameDuration * samplesPerPacket)
	}
	s.started = true
	ts := s.ts
	c.sendMu.Unlock()
	defer func() {
		c.sendMu.Lock()
		s.inDTMF, s.last, s.marker = false, time.Now(), true
		s.ts = ts + uint32(d/audio.FrameDuration*samplesPerPacket)
		c.sendMu.Unlock()
	}()

	send := func(p dtmfPayload, marker bool) error {
		c.sendMu.Lock()
		defer c.sendMu.Unlock()
		if c.sendClosed {
			return ErrClosed
		}
		s.seq++
		return c.sendLocked(uint8(c.dtmfPT), marker, ts, p.marshal())
	}
	tick := time.NewTicker(audio.FrameDuration)
	defer tick.Stop()
	total := uint16(min(d/time.Second*rtpClock+d%time.Second*rtpClock/time.Second, 0xffff))
	for dur := uint16(samplesPerPacket); ; dur += samplesPerPacket {
		if dur > total {
			dur = total
		}
		if err := send(dtmfPayload{Event: ev, Volume: 10, Duration: dur}, dur == samplesPerPacket); err != nil {
			return err
		}
		if dur >= total {
			break
		}
		select {
		case <-ctx.Done():
			total = dur // end the event early, still properly
		case <-tick.C:
		}
	}
	for range 3 {
		if err := send(dtmfPayload{Event: ev, End: true, Volume: 10, Duration: total}, false); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// receive reads the callee's RTP until the socket is closed: audio is
// reordered, decoded and pushed to the line in 160-sample frames (lost packets
// as silence), telephone-events are reported once per key press.
func (c *Call) receive() {
	defer close(c.recvDone)
	buf := make([]byte, 1500)
	rb := audio.NewReorderBuffer(3)
	var pcm []int16
	frame := make([]int16, samplesPerPacket)
	free := make([][]byte, 0, 8) // decoded items, for reuse
	lastLen := samplesPerPacket
	lastEvent := int64(-1)
	for {
		n, from, err := c.conn.ReadFromUDPAddrPort(buf)
		if err != nil {
			if !errors.Is(err, net.ErrClosed) {
				c.fail(fmt.Errorf("rtp receive: %w", err))
			}
			return
		}
		if from.Addr().Unmap() != c.remote.Addr() {
			continue // not the callee's media
		}
		var p rtp.Packet
		if err := p.Unmarshal(buf[:n]); err != nil || p.Version != 2 {
			continue
		}
		if p.PayloadType != c.codec.PayloadType && int(p.PayloadType) != c.dtmfPT {
			continue
		}
		c.snd.received.Add(1)
		// Keep the payload type and timestamp with the payload so that
		// events come out in order with the audio. Items are recycled once
		// decoded (the ones the reorder buffer drops are left to the GC).
		var item []byte
		if k := len(free); k > 0 && cap(free[k-1]) >= 5+len(p.Payload) {
			item, free = free[k-1][:5+len(p.Payload)], free[:k-1]
		} else {
			item = make([]byte, 5+len(p.Payload), max(5+len(p.Payload), 5+samplesPerPacket))
		}
		item[0] = p.PayloadType
		binary.BigEndian.PutUint32(item[1:], p.Timestamp)
		copy(item[5:], p.Payload)
		rb.Push(p.SequenceNumber, item)
		for {
			item, ok, lost := rb.Pop()
			if !ok {
				break
			}
			switch {
			case lost:
				pcm = append(pcm, make([]int16, lastLen)...) // rare: not worth reusing
			case int(item[0]) == c.dtmfPT:
				if ev, ok := parseDTMF(item[5:]); ok && int(ev.Event) < len(dtmfEvents) {
					ts := int64(binary.BigEndian.Uint32(item[1:]))
					if ts != lastEvent {
						lastEvent = ts
						c.sinkDTMF(dtmfEvents[ev.Event : ev.Event+1])
					}
				}
			default:
				payload := item[5:]
				if c.codec.Name == "PCMA" {
					pcm = audio.DecodeAlaw(pcm, payload)
				} else {
					pcm = audio.DecodeMulaw(pcm, payload)
				}
				if len(payload) > 0 {
					lastLen = len(payload)
				}
			}
			if item != nil && len(free) < cap(free) {
				free = append(free, item)
			}
			// The line does not keep a frame's samples: one buffer serves all.
			for len(pcm) >= samplesPerPacket {
				copy(frame, pcm)
				pcm = append(pcm[:0], pcm[samplesPerPacket:]...)
				_ = c.sink.Inbound().WriteFrame(audio.Frame{Rate: rtpClock, Samples: frame})
			}
		}
	}
}

// drain discards packets that arrived before the answer (early media).
func drain(conn *net.UDPConn) {
	buf := make([]byte, 1500)
	_ = conn.SetReadDeadline(time.Now())
	for {
		if _, _, err := conn.ReadFromUDPAddrPort(buf); err != nil {
			break
		}
	}
	_ = conn.SetReadDeadline(time.Time{})
}

// Stats counts a call's RTP packets.
type Stats struct {
	Sent, Received, Dropped uint64
}

// Stats returns the call's packet counts.
func (c *Call) Stats() Stats {
	return Stats{Sent: c.snd.sent.Load(), Received: c.snd.received.Load(), Dropped: c.snd.dropped.Load()}
}

// RemoteMedia is where the call sends RTP.
func (c *Call) RemoteMedia() netip.AddrPort { return c.remote }

// Codec is the codec chosen from the answer.
func (c *Call) Codec() Codec { return c.codec }
