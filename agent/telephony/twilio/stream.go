package twilio

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"candor/agent/audio"
	"candor/agent/voice"
)

const (
	handshakeTimeout = 10 * time.Second
	writeTimeout     = 5 * time.Second
	mulawFrame       = 160 // bytes of mu-law in 20 ms at 8 kHz
)

// Stats counts what happened on one stream.
type Stats struct {
	FramesIn    int64 // callee frames delivered to the line
	FramesOut   int64 // agent frames sent
	Dropped     int64 // agent frames dropped: the network was too slow
	Stale       int64 // agent frames dropped by a clear before they were sent
	SeqGaps     int64 // messages missing from the sequence
	SeqReplays  int64 // messages repeated or out of order (ignored)
	MarksSent   int64
	MarksPlayed int64 // marks Twilio echoed (the audio before them was played)
	Clears      int64
}

// Call is the line of one Twilio call: a voice line over a Media Streams
// WebSocket, plus what Twilio told about the call.
type Call struct {
	*voice.Line
	s *stream
	p *pending
}

// AnsweredBy is Twilio's answering-machine result ("human", "machine_start",
// "fax", "unknown", ...), or "" without machine detection. It may arrive
// after the call started.
func (c *Call) AnsweredBy() string {
	c.p.mu.Lock()
	defer c.p.mu.Unlock()
	return c.p.answeredBy
}

// AnsweredByMachine reports whether Twilio's answering-machine detection said
// a machine or a fax took the call (machine_start, machine_end_beep,
// machine_end_silence, machine_end_other, fax). The session asks at answer
// and then leaves the campaign's voicemail, or hangs up, instead of the survey.
func (c *Call) AnsweredByMachine() bool { return isMachine(c.AnsweredBy()) }

// MachineGreetingOver reports whether Twilio's result came after the
// machine's greeting (machine_end_beep, machine_end_silence,
// machine_end_other: DetectMessageEndpoint waits for it), so the voicemail
// can start at once.
func (c *Call) MachineGreetingOver() bool { return greetingOver(c.AnsweredBy()) }

func greetingOver(answeredBy string) bool {
	switch answeredBy {
	case "machine_end_beep", "machine_end_silence", "machine_end_other":
		return true
	}
	return false
}

// isMachine maps Twilio's AnsweredBy values; human, unknown and "" are not machines.
func isMachine(answeredBy string) bool {
	switch answeredBy {
	case "machine_start", "machine_end_beep", "machine_end_silence", "machine_end_other", "fax":
		return true
	}
	return false
}

// CallSID is Twilio's call SID.
func (c *Call) CallSID() string { return c.s.callSid }

// StreamSID is Twilio's stream SID.
func (c *Call) StreamSID() string { return c.s.streamSid }

// Stats returns the stream's counters.
func (c *Call) Stats() Stats { return c.s.stats() }

// outKind is what the writer sends.
type outKind byte

const (
	outMedia outKind = iota + 1
	outMark
	outWake
)

type outItem struct {
	kind  outKind
	epoch uint64
	data  []byte // mu-law for media
	name  string // mark name
}

// stream is the voice.Transport of one call: one reader (the HTTP handler's
// goroutine) and one writer goroutine own the WebSocket.
type stream struct {
	conn      *websocket.Conn
	line      *voice.Line
	log       interface{ Warn(string, ...any) }
	streamSid string
	callSid   string
	next      voice.Observer

	out          chan outItem
	epoch        atomic.Uint64
	clearPending atomic.Bool
	quit         chan struct{}
	readerDone   chan struct{}
	writerDone   chan struct{}
	closing      atomic.Bool
	closeOnce    sync.Once
	sentences    atomic.Int64

	framesIn, framesOut, dropped, stale, seqGaps, seqReplays atomic.Int64
	marksSent, marksPlayed, clears                           atomic.Int64
}

func (s *stream) stats() Stats {
	return Stats{FramesIn: s.framesIn.Load(), FramesOut: s.framesOut.Load(), Dropped: s.dropped.Load(),
		Stale: s.stale.Load(), SeqGaps: s.seqGaps.Load(), SeqReplays: s.seqReplays.Load(),
		MarksSent: s.marksSent.Load(), MarksPlayed: s.marksPlayed.Load(), Clears: s.clears.Load()}
}

// WriteFrame queues one agent frame; it never blocks on the network.
func (s *stream) WriteFrame(f audio.Frame) error {
	if f.Rate != mulawRate {
		return fmt.Errorf("%w: agent frame at %d Hz (want 8000)", audio.ErrRate, f.Rate)
	}
	if s.closing.Load() {
		return nil // the stream is gone; the session hears of it as an event
	}
	b := audio.EncodeMulaw(make([]byte, 0, len(f.Samples)), f)
	s.enqueue(outItem{kind: outMedia, epoch: s.epoch.Load(), data: b})
	return nil
}

func (s *stream) enqueue(it outItem) {
	select {
	case s.out <- it:
	default:
		if it.kind == outMedia {
			s.dropped.Add(1)
		}
	}
}

// Clear drops the agent audio queued here and asks Twilio to drop its own.
func (s *stream) Clear() {
	s.epoch.Add(1)
	s.clearPending.Store(true)
	s.enqueue(outItem{kind: outWake})
}

// PlayStarted passes on to the line's own observer.
func (s *stream) PlayStarted(text string) {
	if s.next != nil {
		s.next.PlayStarted(text)
	}
}

// PlayEnded marks the end of a sentence in the outbound audio: Twilio echoes
// the mark once the sentence has been played to the callee.
func (s *stream) PlayEnded(text string, complete bool) {
	if complete {
		n := s.sentences.Add(1)
		s.enqueue(outItem{kind: outMark, epoch: s.epoch.Load(), name: "sentence-" + strconv.FormatInt(n, 10)})
	}
	if s.next != nil {
		s.next.PlayEnded(text, complete)
	}
}

// Close ends the stream: a WebSocket close goes out, and Close returns once
// the reader and writer are done. Idempotent.
func (s *stream) Close() error {
	s.shutdown()
	<-s.readerDone
	return nil
}

func (s *stream) shutdown() {
	s.closeOnce.Do(func() {
		s.closing.Store(true)
		close(s.quit)
		<-s.writerDone
		_ = s.conn.Close()
	})
}

// writer sends queued frames, marks and clears, in order.
func (s *stream) writer() {
	defer close(s.writerDone)
	for {
		select {
		case <-s.quit:
			_ = s.conn.WriteControl(websocket.CloseMessage,
				websocket.FormatCloseMessage(websocket.CloseNormalClosure, "call ended"), time.Now().Add(time.Second))
			return
		case it := <-s.out:
			if s.clearPending.Swap(false) {
				s.clears.Add(1)
				if err := s.send(Message{Event: "clear", StreamSid: s.streamSid}); err != nil {
					s.writeFailed(err)
					return
				}
			}
			if it.kind == outWake {
				continue
			}
			if it.epoch != s.epoch.Load() {
				if it.kind == outMedia {
					s.stale.Add(1)
				}
				continue
			}
			var m Message
			if it.kind == outMedia {
				m = Message{Event: "media", StreamSid: s.streamSid,
					Media: &Media{Payload: base64.StdEncoding.EncodeToString(it.data)}}
			} else {
				m = Message{Event: "mark", StreamSid: s.streamSid, Mark: &Mark{Name: it.name}}
			}
			if err := s.send(m); err != nil {
				s.writeFailed(err)
				return
			}
			if it.kind == outMedia {
				s.framesOut.Add(1)
			} else {
				s.marksSent.Add(1)
			}
		}
	}
}

func (s *stream) writeFailed(err error) {
	if !s.closing.Load() {
		s.log.Warn("twilio: media stream write failed", "err", err)
	}
	// The reader notices the dead connection and ends the call.
	_ = s.conn.Close()
}

func (s *stream) send(m Message) error {
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	_ = s.conn.SetWriteDeadline(time.Now().Add(writeTimeout))
	return s.conn.WriteMessage(websocket.TextMessage, b)
}

// read delivers the callee's side until stop, an error, or Close.
func (s *stream) read(lastSeq uint64) {
	defer close(s.readerDone)
	var pend []byte
	samples := make([]int16, 0, mulawFrame)
	for {
		_, b, err := s.conn.ReadMessage()
		if err != nil {
			if s.closing.Load() {
				return
			}
			if errors.Is(err, websocket.ErrReadLimit) {
				err = fmt.Errorf("%w: over %d bytes", ErrOversized, MaxFrameSize)
			} else {
				err = fmt.Errorf("%w: %v", ErrStreamClosed, err)
			}
			s.line.Fail(err)
			return
		}
		m, err := ParseFrame(b)
		if err == nil && (m.Event == "start" || m.Event == "connected") {
			err = fmt.Errorf("%w: %s in mid-call", ErrMalformed, m.Event)
		}
		if err != nil {
			s.line.Fail(err)
			_ = s.conn.WriteControl(websocket.CloseMessage,
				websocket.FormatCloseMessage(websocket.CloseUnsupportedData, clip(err.Error())), time.Now().Add(time.Second))
			return
		}
		if m.SequenceNumber != "" {
			switch {
			case m.Seq <= lastSeq:
				s.seqReplays.Add(1)
				continue
			case m.Seq > lastSeq+1:
				s.seqGaps.Add(int64(m.Seq - lastSeq - 1))
			}
			lastSeq = m.Seq
		}
		switch m.Event {
		case "media":
			if m.Media.Track != "" && m.Media.Track != "inbound" {
				continue
			}
			pend = append(pend, m.Audio...)
			for len(pend) >= mulawFrame {
				samples = audio.DecodeMulaw(samples[:0], pend[:mulawFrame])
				pend = pend[mulawFrame:]
				s.framesIn.Add(1)
				if err := s.line.Inbound().WriteFrame(audio.Frame{Rate: mulawRate, Samples: samples}); err != nil {
					s.line.Fail(err)
					return
				}
			}
			if len(pend) == 0 {
				pend = pend[:0:0]
			}
		case "mark":
			s.marksPlayed.Add(1)
		case "dtmf":
			s.line.DTMF(m.DTMF.Digit)
		case "stop":
			s.line.FarEndHangup()
			return
		}
	}
}

var upgrader = websocket.Upgrader{
	ReadBufferSize: 4096, WriteBufferSize: 4096,
	// Twilio sends no Origin; the per-call token authenticates the stream.
	CheckOrigin: func(*http.Request) bool { return true },
}

// serveMedia runs one call's media stream.
func (d *Dialer) serveMedia(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // the upgrader answered with an HTTP error
	}
	d.wg.Add(1)
	defer d.wg.Done()
	conn.SetReadLimit(MaxFrameSize)
	reject := func(err error) {
		d.cfg.Logger.Warn("twilio: media stream refused", "err", err)
		_ = conn.WriteControl(websocket.CloseMessage,
			websocket.FormatCloseMessage(websocket.ClosePolicyViolation, clip(err.Error())), time.Now().Add(time.Second))
		_ = conn.Close()
	}
	start, err := handshake(conn)
	if err != nil {
		reject(err)
		return
	}
	p := d.lookup(start.Start.CustomParameters["call"])
	if p == nil || !matchToken(p, start.Start.CustomParameters["token"]) {
		reject(ErrUnknownCall)
		return
	}
	s := &stream{conn: conn, log: d.cfg.Logger, streamSid: start.StreamSid, callSid: start.Start.CallSid,
		next: d.cfg.Lines.Config.Observer, out: make(chan outItem, d.cfg.OutQueue),
		quit: make(chan struct{}), readerDone: make(chan struct{}), writerDone: make(chan struct{})}
	line, err := d.cfg.Lines.NewLine(s, func(cfg *voice.Config) { cfg.Rate, cfg.Observer = mulawRate, s })
	if err != nil {
		var re *voice.RecognizerError
		if errors.As(err, &re) {
			err = fmt.Errorf("recogniser: %w", re.Err)
		}
		reject(err)
		return
	}
	s.line = line
	c := &Call{Line: line, s: s, p: p}
	p.mu.Lock()
	taken := p.call != nil
	if !taken {
		p.call = c
	}
	p.mu.Unlock()
	if taken {
		reject(fmt.Errorf("%w: a second stream for one call", ErrUnknownCall))
		return
	}
	defer d.forget(p.id)
	go s.writer()
	select {
	case p.started <- c:
	default:
	}
	s.read(start.Seq)
	if d.lookup(p.id) == nil {
		// Dial gave up before taking the call: nobody else will hang up.
		_ = line.Hangup(r.Context())
	}
	s.shutdown()
}

// handshake reads connected (optional) and start.
func handshake(conn *websocket.Conn) (Message, error) {
	_ = conn.SetReadDeadline(time.Now().Add(handshakeTimeout))
	defer func() { _ = conn.SetReadDeadline(time.Time{}) }()
	for {
		_, b, err := conn.ReadMessage()
		if err != nil {
			if errors.Is(err, websocket.ErrReadLimit) {
				return Message{}, fmt.Errorf("%w: over %d bytes", ErrOversized, MaxFrameSize)
			}
			return Message{}, fmt.Errorf("%w: before start: %v", ErrStreamClosed, err)
		}
		m, err := ParseFrame(b)
		if err != nil {
			return Message{}, err
		}
		switch m.Event {
		case "connected":
			continue
		case "start":
			return m, nil
		default:
			return Message{}, fmt.Errorf("%w: %s before start", ErrMalformed, m.Event)
		}
	}
}
