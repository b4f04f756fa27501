package twilio

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
)

// MaxFrameSize bounds one Media Streams message (Twilio's media frames are
// about 300 bytes; a larger one is an error).
const MaxFrameSize = 64 << 10

// Message is one Media Streams message, in either direction. Only the part
// named by Event is set.
type Message struct {
	Event          string `json:"event"`
	SequenceNumber string `json:"sequenceNumber,omitempty"`
	StreamSid      string `json:"streamSid,omitempty"`
	// connected
	Protocol string `json:"protocol,omitempty"`
	Version  string `json:"version,omitempty"`

	Start *Start `json:"start,omitempty"`
	Media *Media `json:"media,omitempty"`
	Mark  *Mark  `json:"mark,omitempty"`
	DTMF  *DTMF  `json:"dtmf,omitempty"`
	Stop  *Stop  `json:"stop,omitempty"`

	// Seq is SequenceNumber parsed (0 when absent).
	Seq uint64 `json:"-"`
	// Audio is the decoded media payload (raw mu-law).
	Audio []byte `json:"-"`
}

// Start describes a stream.
type Start struct {
	StreamSid        string            `json:"streamSid"`
	AccountSid       string            `json:"accountSid"`
	CallSid          string            `json:"callSid"`
	Tracks           []string          `json:"tracks"`
	CustomParameters map[string]string `json:"customParameters"`
	MediaFormat      MediaFormat       `json:"mediaFormat"`
}

// MediaFormat is the stream's audio encoding.
type MediaFormat struct {
	Encoding   string `json:"encoding"`
	SampleRate int    `json:"sampleRate"`
	Channels   int    `json:"channels"`
}

// Media is one chunk of audio.
type Media struct {
	Track     string `json:"track,omitempty"`
	Chunk     string `json:"chunk,omitempty"`
	Timestamp string `json:"timestamp,omitempty"`
	Payload   string `json:"payload"`
}

// Mark names a point in the outbound audio.
type Mark struct {
	Name string `json:"name"`
}

// DTMF is a key press.
type DTMF struct {
	Track string `json:"track,omitempty"`
	Digit string `json:"digit"`
}

// Stop ends a stream.
type Stop struct {
	AccountSid string `json:"accountSid"`
	CallSid    string `json:"callSid"`
}

// The one media format Twilio streams.
const (
	mulawEncoding = "audio/x-mulaw"
	mulawRate     = 8000
)

// ParseFrame parses and checks one message Twilio sends. It never panics;
// errors wrap ErrOversized, ErrBadJSON, ErrUnknownEvent, ErrMalformed,
// ErrBadBase64 or ErrMediaFormat.
func ParseFrame(b []byte) (Message, error) {
	var m Message
	if len(b) > MaxFrameSize {
		return m, fmt.Errorf("%w: %d bytes (limit %d)", ErrOversized, len(b), MaxFrameSize)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&m); err != nil {
		return Message{}, fmt.Errorf("%w: %v", ErrBadJSON, err)
	}
	if dec.More() {
		return Message{}, fmt.Errorf("%w: data after the message", ErrBadJSON)
	}
	if m.SequenceNumber != "" {
		n, err := strconv.ParseUint(m.SequenceNumber, 10, 64)
		if err != nil {
			return Message{}, fmt.Errorf("%w: sequenceNumber %q", ErrMalformed, clip(m.SequenceNumber))
		}
		m.Seq = n
	}
	switch m.Event {
	case "connected":
	case "start":
		if m.Start == nil {
			return Message{}, fmt.Errorf("%w: start without a start object", ErrMalformed)
		}
		if m.StreamSid == "" {
			m.StreamSid = m.Start.StreamSid
		}
		f := m.Start.MediaFormat
		if f.Encoding != mulawEncoding || f.SampleRate != mulawRate || (f.Channels != 1 && f.Channels != 0) {
			return Message{}, fmt.Errorf("%w: %q at %d Hz, %d channels (want %s, 8000 Hz, mono)",
				ErrMediaFormat, clip(f.Encoding), f.SampleRate, f.Channels, mulawEncoding)
		}
	case "media":
		if m.Media == nil {
			return Message{}, fmt.Errorf("%w: media without a media object", ErrMalformed)
		}
		a, err := base64.StdEncoding.DecodeString(m.Media.Payload)
		if err != nil {
			return Message{}, fmt.Errorf("%w: %v", ErrBadBase64, err)
		}
		m.Audio = a
	case "mark":
		if m.Mark == nil {
			return Message{}, fmt.Errorf("%w: mark without a mark object", ErrMalformed)
		}
	case "dtmf":
		if m.DTMF == nil || !validDigit(m.DTMF.Digit) {
			return Message{}, fmt.Errorf("%w: dtmf without a valid digit", ErrMalformed)
		}
	case "stop":
	case "":
		return Message{}, fmt.Errorf("%w: no event", ErrMalformed)
	default:
		return Message{}, fmt.Errorf("%w: %q", ErrUnknownEvent, clip(m.Event))
	}
	return m, nil
}

func validDigit(d string) bool {
	if len(d) != 1 {
		return false
	}
	c := d[0]
	return c >= '0' && c <= '9' || c == '*' || c == '#' || c >= 'A' && c <= 'D'
}

// clip shortens untrusted text quoted in errors.
func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}
