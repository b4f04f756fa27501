package sip

import (
	"errors"
	"net/netip"
	"strings"
	"testing"
)

const goodAnswer = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
	"m=audio 40000 RTP/AVP 8 0 96\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:96 telephone-event/8000\r\na=sendrecv\r\n"

func TestParseAnswer(t *testing.T) {
	tests := []struct {
		name    string
		sdp     string
		want    Answer
		wantErr error
	}{
		{"pcma first, dynamic event type", goodAnswer,
			Answer{Addr: netip.MustParseAddrPort("127.0.0.1:40000"), Codec: Codec{8, "PCMA"}, DTMF: 96, Direction: "sendrecv"}, nil},
		{"static pcmu without rtpmap, media-level address",
			"v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 5004 RTP/AVP 0\r\nc=IN IP4 127.0.0.2\r\n",
			Answer{Addr: netip.MustParseAddrPort("127.0.0.2:5004"), Codec: Codec{0, "PCMU"}, DTMF: -1, Direction: "sendrecv"}, nil},
		{"video rejected, audio second",
			"v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=video 0 RTP/AVP 96\r\nm=audio 6000 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\na=sendonly\r\n",
			Answer{Addr: netip.MustParseAddrPort("127.0.0.1:6000"), Codec: Codec{0, "PCMU"}, DTMF: 101, Direction: "sendonly"}, nil},
		{"empty", "", Answer{}, ErrBadSDP},
		{"not sdp", "hello", Answer{}, ErrBadSDP},
		{"no audio", "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n", Answer{}, ErrBadSDP},
		{"audio rejected", strings.Replace(goodAnswer, "40000", "0", 1), Answer{}, ErrBadSDP},
		{"no connection", strings.Replace(goodAnswer, "c=IN IP4 127.0.0.1\r\n", "", 1), Answer{}, ErrBadSDP},
		{"hostname address", strings.Replace(goodAnswer, "c=IN IP4 127.0.0.1", "c=IN IP4 pbx.example", 1), Answer{}, ErrBadSDP},
		{"on hold", strings.Replace(goodAnswer, "c=IN IP4 127.0.0.1", "c=IN IP4 0.0.0.0", 1), Answer{}, ErrBadSDP},
		{"srtp profile", strings.Replace(goodAnswer, "RTP/AVP", "RTP/SAVP", 1), Answer{}, ErrBadSDP},
		{"only opus", "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 7000 RTP/AVP 111\r\na=rtpmap:111 opus/48000/2\r\n", Answer{}, ErrNoCodec},
		{"bad payload type", strings.Replace(goodAnswer, "8 0 96", "8 x 96", 1), Answer{}, ErrBadSDP},
		{"bad rtpmap", strings.Replace(goodAnswer, "a=rtpmap:8 PCMA/8000", "a=rtpmap:999 PCMA/8000", 1), Answer{}, ErrBadSDP},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseAnswer([]byte(tt.sdp))
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("got error %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestOfferRoundTrip: our offer parses as an answer would, listing PCMU first
// and the telephone-event type.
func TestOfferRoundTrip(t *testing.T) {
	b, err := offerSDP(netip.MustParseAddr("127.0.0.1"), 4242)
	if err != nil {
		t.Fatal(err)
	}
	a, err := ParseAnswer(b)
	if err != nil {
		t.Fatalf("ParseAnswer(offer): %v\n%s", err, b)
	}
	want := Answer{Addr: netip.MustParseAddrPort("127.0.0.1:4242"), Codec: Codec{0, "PCMU"}, DTMF: 101, Direction: "sendrecv"}
	if a != want {
		t.Errorf("got %+v, want %+v", a, want)
	}
	for _, s := range []string{"m=audio 4242 RTP/AVP 0 8 101", "a=rtpmap:8 PCMA/8000", "a=fmtp:101 0-16"} {
		if !strings.Contains(string(b), s) {
			t.Errorf("offer lacks %q:\n%s", s, b)
		}
	}
}

func FuzzParseAnswer(f *testing.F) {
	f.Add([]byte(goodAnswer))
	f.Add([]byte(""))
	f.Add([]byte("v=0\r\nm=audio 1 RTP/AVP 0\r\n"))
	f.Add([]byte(strings.Replace(goodAnswer, "c=IN IP4 127.0.0.1", "c=IN IP6 ::1", 1)))
	f.Add([]byte("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 65536 RTP/AVP 0\r\nc=IN IP4 1.2.3.4\r\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := ParseAnswer(b)
		if err != nil {
			if !errors.Is(err, ErrBadSDP) && !errors.Is(err, ErrNoCodec) {
				t.Fatalf("error %v wraps neither ErrBadSDP nor ErrNoCodec", err)
			}
			return
		}
		if !a.Addr.IsValid() || a.Addr.Port() == 0 || a.Addr.Addr().IsUnspecified() {
			t.Fatalf("accepted unusable address %v", a.Addr)
		}
		if a.Codec.Name != "PCMU" && a.Codec.Name != "PCMA" {
			t.Fatalf("accepted codec %q", a.Codec.Name)
		}
		if a.DTMF > 127 || a.DTMF == int(a.Codec.PayloadType) {
			t.Fatalf("bad DTMF payload type %d", a.DTMF)
		}
	})
}
