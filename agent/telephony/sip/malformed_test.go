package sip

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"candor/agent"
)

// rawUAS answers each INVITE with the next canned reply, written by hand so
// that it can be wrong in ways no SIP stack would produce.
type rawUAS struct {
	conn    *net.UDPConn
	replies []func(hdr string) []string // datagrams to send for one INVITE

	mu      sync.Mutex
	methods []string
}

func startRawUAS(t *testing.T, replies ...func(string) []string) *rawUAS {
	t.Helper()
	conn, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	u := &rawUAS{conn: conn, replies: replies}
	done := make(chan struct{})
	go u.serve(done)
	t.Cleanup(func() { conn.Close(); <-done })
	return u
}

func (u *rawUAS) port() int { return u.conn.LocalAddr().(*net.UDPAddr).Port }

func (u *rawUAS) seen() []string {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]string(nil), u.methods...)
}

func (u *rawUAS) serve(done chan struct{}) {
	defer close(done)
	buf := make([]byte, 65535)
	answered := map[string]bool{}
	for {
		n, from, err := u.conn.ReadFromUDP(buf)
		if err != nil {
			return
		}
		msg := string(buf[:n])
		method, _, _ := strings.Cut(msg, " ")
		u.mu.Lock()
		u.methods = append(u.methods, method)
		u.mu.Unlock()
		hdr := dialogHeaders(msg)
		switch method {
		case "INVITE":
			cid := header(msg, "Call-ID")
			if answered[cid] || len(u.replies) == 0 {
				continue // a retransmission
			}
			answered[cid] = true
			reply := u.replies[0]
			u.replies = u.replies[1:]
			for _, d := range reply(hdr) {
				d = strings.ReplaceAll(d, "%PORT%", fmt.Sprint(u.port()))
				_, _ = u.conn.WriteToUDP([]byte(d), from)
			}
		case "BYE":
			_, _ = u.conn.WriteToUDP([]byte("SIP/2.0 200 OK\r\n"+hdr+"Content-Length: 0\r\n\r\n"), from)
		}
	}
}

// header returns the value of a header of a SIP message.
func header(msg, name string) string {
	for _, l := range strings.Split(msg, "\r\n") {
		k, v, ok := strings.Cut(l, ":")
		if ok && strings.EqualFold(strings.TrimSpace(k), name) {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// dialogHeaders copies what a response must echo, tagging To.
func dialogHeaders(msg string) string {
	to := header(msg, "To")
	if !strings.Contains(to, "tag=") {
		to += ";tag=raw1"
	}
	return fmt.Sprintf("Via: %s\r\nFrom: %s\r\nTo: %s\r\nCall-ID: %s\r\nCSeq: %s\r\n",
		header(msg, "Via"), header(msg, "From"), to, header(msg, "Call-ID"), header(msg, "CSeq"))
}

// okWith answers 200 with the given body (%PORT% becomes the UAS's port).
func okWith(ctype, body string) func(string) []string {
	return func(hdr string) []string {
		return []string{fmt.Sprintf("SIP/2.0 200 OK\r\n%sContact: <sip:raw@127.0.0.1:%%PORT%%>\r\n%sContent-Length: %d\r\n\r\n%s",
			hdr, ctype, len(body), body)}
	}
}

// TestMalformedResponses: answers the call cannot use end that call with an
// error (after ACK and BYE, so the callee is not left connected), garbage on
// the wire is ignored, and the dialer goes on placing calls.
func TestMalformedResponses(t *testing.T) {
	sdpType := "Content-Type: application/sdp\r\n"
	u := startRawUAS(t,
		okWith(sdpType, "this is not sdp"),
		okWith("", ""),
		okWith(sdpType, "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 18\r\n"),
		func(hdr string) []string {
			return []string{"\x00\x01garbage\r\n\r\n", "SIP/2.0 abc Broken\r\n" + hdr + "\r\n",
				"SIP/2.0 404 Not Found\r\n" + hdr + "Content-Length: 0\r\n\r\n"}
		},
	)
	d, _ := newTestDialer(t, Trunk{Name: "raw", Host: "127.0.0.1", Port: u.port(), CallerID: "+15550100"}, 3*time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	tests := []struct {
		name string
		want []error
	}{
		{"garbage SDP", []error{ErrFailed, ErrBadSDP}},
		{"no body", []error{ErrFailed, ErrBadSDP}},
		{"no common codec", []error{ErrFailed, ErrNoCodec}},
		{"garbage then 404", []error{ErrUnavailable}},
	}
	for _, tt := range tests {
		_, err := d.Dial(ctx, "+15550199")
		for _, w := range tt.want {
			if !errors.Is(err, w) {
				t.Errorf("%s: got %v, want it to wrap %v", tt.name, err, w)
			}
		}
		if errors.Is(err, agent.ErrNoAnswer) {
			t.Errorf("%s: got no-answer, want a failure", tt.name)
		}
	}
	waitFor(t, "ACK and BYE for the three unusable answers", 5*time.Second, func() bool {
		n := map[string]int{}
		for _, m := range u.seen() {
			n[m]++
		}
		return n["ACK"] >= 4 && n["BYE"] >= 3 // the 404 is ACKed too
	})
}
