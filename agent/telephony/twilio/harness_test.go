package twilio

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"candor/agent"
	"candor/agent/audio"
	"candor/agent/voice"
)

const (
	testSID   = "AC0123456789abcdef0123456789abcdef"
	testToken = "test-auth-token"
	testFrom  = "+15005550006"
)

// placed is one call the fake Calls API received.
type placed struct {
	form      url.Values
	user      string
	pass      string
	streamURL string
	params    map[string]string
	sid       string
}

// fakeTwilio is a local Calls API and the candor server it calls back.
type fakeTwilio struct {
	t      *testing.T
	api    *httptest.Server
	app    *httptest.Server
	d      *Dialer
	placed chan placed
	mu     sync.Mutex
	n      int
	// reply, when set, answers the Calls API instead of a 201.
	reply func(w http.ResponseWriter)
}

type twimlDoc struct {
	Stream struct {
		URL    string `xml:"url,attr"`
		Params []struct {
			Name  string `xml:"name,attr"`
			Value string `xml:"value,attr"`
		} `xml:"Parameter"`
	} `xml:"Connect>Stream"`
}

func newFakeTwilio(t *testing.T, mod func(*Config)) *fakeTwilio {
	t.Helper()
	f := &fakeTwilio{t: t, placed: make(chan placed, 16)}
	f.api = httptest.NewServer(http.HandlerFunc(f.serveAPI))
	t.Cleanup(f.api.Close)
	var h http.Handler
	f.app = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	cfg := Config{AccountSID: testSID, AuthToken: testToken, From: testFrom, PublicURL: f.app.URL,
		APIBase: f.api.URL, RingTimeout: 20 * time.Second, AnswerTimeout: 10 * time.Second,
		Lines: voice.Factory{NewRecognizer: func() (voice.Recognizer, error) { return &silentRecognizer{}, nil }}}
	if mod != nil {
		mod(&cfg)
	}
	d, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	f.d, h = d, d
	t.Cleanup(func() { f.app.Close(); d.Wait() })
	return f
}

func (f *fakeTwilio) serveAPI(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), 400)
		return
	}
	user, pass, _ := r.BasicAuth()
	if strings.HasSuffix(r.URL.Path, "/Calls.json") {
		if f.reply != nil {
			f.reply(w)
			return
		}
		var doc twimlDoc
		if err := xml.Unmarshal([]byte(r.PostForm.Get("Twiml")), &doc); err != nil {
			http.Error(w, "bad twiml: "+err.Error(), 400)
			return
		}
		f.mu.Lock()
		f.n++
		sid := fmt.Sprintf("CA%032d", f.n)
		f.mu.Unlock()
		p := placed{form: r.PostForm, user: user, pass: pass, streamURL: doc.Stream.URL, params: map[string]string{}, sid: sid}
		for _, kv := range doc.Stream.Params {
			p.params[kv.Name] = kv.Value
		}
		f.placed <- p
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, `{"sid":%q,"status":"queued"}`, sid)
		return
	}
	w.WriteHeader(http.StatusOK)
	io.WriteString(w, `{}`)
}

func (f *fakeTwilio) nextPlaced() placed {
	f.t.Helper()
	select {
	case p := <-f.placed:
		return p
	case <-time.After(10 * time.Second):
		f.t.Fatal("no call reached the Calls API")
		return placed{}
	}
}

// callback posts a signed status callback the way Twilio does.
func (f *fakeTwilio) callback(p placed, form url.Values, sign bool) int {
	f.t.Helper()
	u := p.form.Get("StatusCallback")
	req, _ := http.NewRequest(http.MethodPost, u, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if sign {
		req.Header.Set("X-Twilio-Signature", refSignature(testToken, u, form))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// silentRecognizer hears nothing.
type silentRecognizer struct{}

func (*silentRecognizer) Start() error                 { return nil }
func (*silentRecognizer) WriteFrame(audio.Frame) error { return nil }
func (*silentRecognizer) Partial() string              { return "" }
func (*silentRecognizer) Final() (string, error)       { return "", nil }

// toneStreamer speaks every sentence as a short tone (fast tests without espeak).
type toneStreamer struct{ frames int }

func (t toneStreamer) Stream(ctx context.Context, text, lang string, w audio.FrameWriter) (time.Duration, error) {
	for i := range t.frames {
		s := make([]int16, 160)
		for j := range s {
			if (i*160+j)%16 < 8 {
				s[j] = 3000
			} else {
				s[j] = -3000
			}
		}
		if err := w.WriteFrame(audio.Frame{Rate: 8000, Samples: s}); err != nil {
			return 0, err
		}
	}
	return time.Duration(t.frames) * audio.FrameDuration, nil
}

// client plays Twilio's side of one media stream.
type client struct {
	t    *testing.T
	conn *websocket.Conn
	seq  int
	in   chan Message
	// closed is closed when the server's side of the socket ends.
	closed   chan struct{}
	closeMsg string
	mu       sync.Mutex
	wmu      sync.Mutex
}

func dialClient(t *testing.T, p placed) *client {
	t.Helper()
	conn, _, err := websocket.DefaultDialer.Dial(p.streamURL, nil)
	if err != nil {
		t.Fatalf("websocket dial %s: %v", p.streamURL, err)
	}
	c := &client{t: t, conn: conn, in: make(chan Message, 4096), closed: make(chan struct{})}
	go c.readLoop()
	t.Cleanup(func() { conn.Close() })
	return c
}

func (c *client) readLoop() {
	defer close(c.closed)
	for {
		_, b, err := c.conn.ReadMessage()
		if err != nil {
			c.mu.Lock()
			c.closeMsg = err.Error()
			c.mu.Unlock()
			return
		}
		var m Message
		if err := json.Unmarshal(b, &m); err != nil {
			c.t.Errorf("server sent bad JSON %q: %v", b, err)
			return
		}
		if m.Event == "mark" {
			// Twilio echoes a mark once the audio before it has played.
			c.send(Message{Event: "mark", StreamSid: m.StreamSid, Mark: m.Mark})
		}
		select {
		case c.in <- m:
		default:
		}
	}
}

func (c *client) raw(b []byte) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_ = c.conn.WriteMessage(websocket.TextMessage, b)
}

func (c *client) send(m Message) {
	c.wmu.Lock()
	c.seq++
	if m.Event != "connected" {
		m.SequenceNumber = fmt.Sprint(c.seq)
	}
	c.wmu.Unlock()
	b, err := json.Marshal(m)
	if err != nil {
		c.t.Error(err)
		return
	}
	c.raw(b)
}

// start sends connected and start for the placed call.
func (c *client) start(p placed) {
	c.send(Message{Event: "connected", Protocol: "Call", Version: "1.0.0"})
	c.send(Message{Event: "start", StreamSid: "MZ" + p.sid[2:], Start: &Start{
		StreamSid: "MZ" + p.sid[2:], AccountSid: testSID, CallSid: p.sid, Tracks: []string{"inbound"},
		CustomParameters: p.params, MediaFormat: MediaFormat{Encoding: "audio/x-mulaw", SampleRate: 8000, Channels: 1}}})
}

// media sends one 20 ms frame of callee audio.
func (c *client) media(f audio.Frame, chunk int) {
	b := audio.EncodeMulaw(nil, f)
	c.send(Message{Event: "media", Media: &Media{Track: "inbound", Chunk: fmt.Sprint(chunk),
		Timestamp: fmt.Sprint(chunk * 20), Payload: base64.StdEncoding.EncodeToString(b)}})
}

// waitFor returns the first message of the event, failing after d.
func (c *client) waitFor(event string, d time.Duration) (Message, []Message) {
	c.t.Helper()
	var seen []Message
	timeout := time.After(d)
	for {
		select {
		case m := <-c.in:
			seen = append(seen, m)
			if m.Event == event {
				return m, seen
			}
		case <-timeout:
			c.t.Fatalf("no %s from the server within %v (%d other messages)", event, d, len(seen))
			return Message{}, seen
		}
	}
}

// callResult runs one controller call in the background.
type callResult struct {
	rec *agent.CallRecord
	err error
}
