package twilio

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestParseFrame(t *testing.T) {
	start := `{"event":"start","sequenceNumber":"1","start":{"streamSid":"MZ1","callSid":"CA1","customParameters":{"call":"x"},"mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1}},"streamSid":"MZ1"}`
	tests := []struct {
		name  string
		in    string
		event string
		err   error
	}{
		{"connected", `{"event":"connected","protocol":"Call","version":"1.0.0"}`, "connected", nil},
		{"start", start, "start", nil},
		{"media", `{"event":"media","sequenceNumber":"3","media":{"track":"inbound","chunk":"1","timestamp":"5","payload":"/////w=="},"streamSid":"MZ1"}`, "media", nil},
		{"mark", `{"event":"mark","sequenceNumber":"4","mark":{"name":"sentence-1"}}`, "mark", nil},
		{"dtmf", `{"event":"dtmf","sequenceNumber":"5","dtmf":{"track":"inbound_track","digit":"9"}}`, "dtmf", nil},
		{"stop", `{"event":"stop","sequenceNumber":"6","stop":{"callSid":"CA1"}}`, "stop", nil},
		{"bad JSON", `{"event":"media",`, "", ErrBadJSON},
		{"trailing data", `{"event":"stop"} {}`, "", ErrBadJSON},
		{"not an object", `[1,2]`, "", ErrBadJSON},
		{"bad base64", `{"event":"media","media":{"payload":"@@@not base64"}}`, "", ErrBadBase64},
		{"unknown event", `{"event":"dance"}`, "", ErrUnknownEvent},
		{"no event", `{"sequenceNumber":"1"}`, "", ErrMalformed},
		{"media without body", `{"event":"media"}`, "", ErrMalformed},
		{"start without body", `{"event":"start"}`, "", ErrMalformed},
		{"dtmf bad digit", `{"event":"dtmf","dtmf":{"digit":"99"}}`, "", ErrMalformed},
		{"bad sequence", `{"event":"stop","sequenceNumber":"-1"}`, "", ErrMalformed},
		{"wrong format", strings.Replace(start, "audio/x-mulaw", "audio/l16", 1), "", ErrMediaFormat},
		{"wrong rate", strings.Replace(start, "8000", "16000", 1), "", ErrMediaFormat},
		{"oversized", `{"event":"media","media":{"payload":"` + strings.Repeat("A", MaxFrameSize) + `"}}`, "", ErrOversized},
	}
	for _, tc := range tests {
		m, err := ParseFrame([]byte(tc.in))
		if !errors.Is(err, tc.err) || (tc.err == nil && err != nil) {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.err)
			continue
		}
		if m.Event != tc.event {
			t.Errorf("%s: event = %q, want %q", tc.name, m.Event, tc.event)
		}
	}
	m, err := ParseFrame([]byte(`{"event":"media","sequenceNumber":"3","media":{"payload":"/////w=="}}`))
	if err != nil || m.Seq != 3 || !bytes.Equal(m.Audio, []byte{0xff, 0xff, 0xff, 0xff}) {
		t.Errorf("media: got seq %d audio %x err %v, want 3 ffffffff nil", m.Seq, m.Audio, err)
	}
	m, _ = ParseFrame([]byte(start))
	if m.Start.CustomParameters["call"] != "x" || m.StreamSid != "MZ1" {
		t.Errorf("start: got params %v stream %q, want call=x MZ1", m.Start.CustomParameters, m.StreamSid)
	}
}

func FuzzParseFrame(f *testing.F) {
	for _, s := range []string{
		`{"event":"connected","protocol":"Call","version":"1.0.0"}`,
		`{"event":"start","sequenceNumber":"1","start":{"streamSid":"MZ1","callSid":"CA1","customParameters":{"call":"x"},"mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1}}}`,
		`{"event":"media","sequenceNumber":"3","media":{"track":"inbound","chunk":"1","timestamp":"5","payload":"/////w=="}}`,
		`{"event":"mark","mark":{"name":"a"}}`, `{"event":"dtmf","dtmf":{"digit":"9"}}`, `{"event":"stop"}`,
		`{"event":"media","media":{"payload":"@@"}}`, `{"event":`, `null`, `{"event":"start","start":null}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ParseFrame(b)
		if err != nil {
			if m.Event != "" {
				t.Errorf("error %v with a message %q", err, m.Event)
			}
			return
		}
		switch m.Event {
		case "connected", "stop":
		case "start":
			if m.Start == nil || m.Start.MediaFormat.SampleRate != 8000 {
				t.Errorf("start accepted without an 8 kHz format: %+v", m.Start)
			}
		case "media":
			if m.Media == nil {
				t.Error("media accepted without a body")
			}
		case "mark":
			if m.Mark == nil {
				t.Error("mark accepted without a body")
			}
		case "dtmf":
			if m.DTMF == nil || !validDigit(m.DTMF.Digit) {
				t.Error("dtmf accepted without a valid digit")
			}
		default:
			t.Errorf("accepted unknown event %q", m.Event)
		}
	})
}
