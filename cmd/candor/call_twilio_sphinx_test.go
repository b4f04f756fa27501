//go:build sphinx

package main

import (
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"candor/agent/audio"
	"candor/agent/telephony/twilio"
	"candor/prompts"
)

// twilioAPI is a local stand-in for Twilio's REST Calls API: it takes the
// call request and answers with a SID.
type twilioAPI struct {
	sid     string
	token   string
	created chan url.Values
}

func (a *twilioAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	user, pass, ok := r.BasicAuth()
	if !ok || user != a.sid || pass != a.token {
		http.Error(w, `{"code":20003,"message":"Authenticate","status":401}`, http.StatusUnauthorized)
		return
	}
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	base := "/2010-04-01/Accounts/" + a.sid + "/Calls"
	switch {
	case r.Method == http.MethodPost && r.URL.Path == base+".json":
		a.created <- r.PostForm
		w.WriteHeader(http.StatusCreated)
		fmt.Fprint(w, `{"sid":"CA0123456789abcdef0123456789abcdef","status":"queued"}`)
	default:
		http.NotFound(w, r)
	}
}

// streamTwiML is the part of the TwiML the far end reads.
type streamTwiML struct {
	Stream struct {
		URL    string `xml:"url,attr"`
		Params []struct {
			Name  string `xml:"name,attr"`
			Value string `xml:"value,attr"`
		} `xml:"Parameter"`
	} `xml:"Connect>Stream"`
}

// TestCallTwilioOptOut: `candor call --twilio` places a call through the
// REST API (a local server), serves the Media Streams WebSocket and the
// status callbacks on --listen; the test plays Twilio: signed status
// callbacks, the stream's start, the callee's spoken opt-out as media frames
// after the disclosure (heard by pocketsphinx), mark echoes. The JSON summary
// shows the opt-out, the number is on the list, and neither the number nor
// the auth token is printed.
func TestCallTwilioOptOut(t *testing.T) {
	if _, err := exec.LookPath("espeak-ng"); err != nil {
		t.Skip("espeak-ng not installed")
	}
	const (
		sid   = "AC00000000000000000000000000000042"
		token = "twilio-test-auth-token"
		from  = "+15550100"
	)
	api := &twilioAPI{sid: sid, token: token, created: make(chan url.Values, 1)}
	apiSrv := httptest.NewServer(api)
	defer apiSrv.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	listen := ln.Addr().String()
	ln.Close()
	public := "http://" + listen
	t.Setenv("TWILIO_AUTH_TOKEN", token)

	camp, err := prompts.Example("service-followup-en")
	if err != nil {
		t.Fatal(err)
	}
	optOut := espeak8k(t, "en-us+klatt", "please stop calling me")
	optOut = append(optOut, make([]int16, 160-len(optOut)%160)...)

	dir := t.TempDir()
	db := filepath.Join(dir, "candor.db")
	number := "+12025550148"
	type result struct {
		code      int
		out, errs string
	}
	done := make(chan result, 1)
	go func() {
		code, out, errs := runDialerCLI(t, db, "call", "--to", number, "--campaign", "service-followup-en",
			"--twilio", "--account-sid", sid, "--from", from, "--public-url", public, "--api-base", apiSrv.URL,
			"--listen", listen, "--json")
		done <- result{code, out, errs}
	}()

	var form url.Values
	select {
	case form = <-api.created:
	case r := <-done:
		t.Fatalf("call ended before placing a call: exit %d\n%s\n%s", r.code, r.out, r.errs)
	case <-time.After(30 * time.Second):
		t.Fatal("no call request reached the API")
	}
	if form.Get("To") != number || form.Get("From") != from {
		t.Errorf("got To %q From %q, want %q %q", form.Get("To"), form.Get("From"), number, from)
	}
	if n, _ := strconv.Atoi(form.Get("Timeout")); n < 15 {
		t.Errorf("got ring Timeout %q, want >= 15 s", form.Get("Timeout"))
	}
	var tw streamTwiML
	if err := xml.Unmarshal([]byte(form.Get("Twiml")), &tw); err != nil || tw.Stream.URL == "" {
		t.Fatalf("TwiML %q: %v", form.Get("Twiml"), err)
	}
	params := map[string]string{}
	for _, p := range tw.Stream.Params {
		params[p.Name] = p.Value
	}
	status := func(st string) {
		t.Helper()
		cb := form.Get("StatusCallback")
		v := url.Values{"CallSid": {"CA0123456789abcdef0123456789abcdef"}, "CallStatus": {st}, "To": {number}}
		req, _ := http.NewRequest(http.MethodPost, cb, strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Twilio-Signature", twilio.Signature(token, cb, v))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("status callback %s: %v", st, err)
		}
		resp.Body.Close()
		if resp.StatusCode/100 != 2 {
			t.Fatalf("status callback %s: HTTP %d", st, resp.StatusCode)
		}
	}
	status("ringing")
	status("in-progress")

	ws, _, err := websocket.DefaultDialer.Dial(tw.Stream.URL, nil)
	if err != nil {
		t.Fatalf("media stream %s: %v", tw.Stream.URL, err)
	}
	defer ws.Close()
	var wmu sync.Mutex
	var writeErr error
	send := func(m twilio.Message) {
		wmu.Lock()
		defer wmu.Unlock()
		if writeErr != nil {
			return // the server closed the stream: the call is over
		}
		_ = ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
		writeErr = ws.WriteJSON(m)
	}
	const streamSid = "MZ0123456789abcdef0123456789abcdef"
	send(twilio.Message{Event: "connected", Protocol: "Call", Version: "1.0.0"})
	send(twilio.Message{Event: "start", SequenceNumber: "1", StreamSid: streamSid, Start: &twilio.Start{
		StreamSid: streamSid, AccountSid: sid, CallSid: "CA0123456789abcdef0123456789abcdef", Tracks: []string{"inbound"},
		CustomParameters: params, MediaFormat: twilio.MediaFormat{Encoding: "audio/x-mulaw", SampleRate: 8000, Channels: 1}}})

	// The reader echoes marks (the audio before them has played) and counts
	// the agent's media; the first mark ends the disclosure.
	firstMark := make(chan struct{})
	var agentFrames int
	readDone := make(chan struct{})
	go func() {
		defer close(readDone)
		once := sync.Once{}
		for {
			_, b, err := ws.ReadMessage()
			if err != nil {
				return
			}
			var m twilio.Message // media, mark or clear
			if err := json.Unmarshal(b, &m); err != nil {
				t.Errorf("server sent a bad frame %q: %v", b, err)
				return
			}
			switch m.Event {
			case "media":
				agentFrames++
			case "mark":
				send(twilio.Message{Event: "mark", StreamSid: streamSid, Mark: m.Mark})
				once.Do(func() { close(firstMark) })
			}
		}
	}()
	// The callee's audio, paced like a phone: silence until the disclosure
	// has played, the opt-out, then silence until the call ends.
	seq, chunk := 1, 0
	media := func(s []int16) {
		seq++
		chunk++
		p := audio.EncodeMulaw(nil, audio.Frame{Rate: 8000, Samples: s})
		send(twilio.Message{Event: "media", SequenceNumber: strconv.Itoa(seq), StreamSid: streamSid, Media: &twilio.Media{
			Track: "inbound", Chunk: strconv.Itoa(chunk), Timestamp: strconv.Itoa(chunk * 20),
			Payload: base64.StdEncoding.EncodeToString(p)}})
	}
	silence := make([]int16, 160)
	tick := time.NewTicker(audio.FrameDuration)
	defer tick.Stop()
	spoken, deadline := false, time.After(60*time.Second)
	var res result
	pos := 0
stream:
	for {
		select {
		case res = <-done:
			break stream
		case <-deadline:
			t.Fatal("the call did not end within 60 s")
		case <-tick.C:
			select {
			case <-firstMark:
				spoken = true
			default:
			}
			if spoken && pos < len(optOut) {
				media(optOut[pos : pos+160])
				pos += 160
			} else {
				media(silence)
			}
		}
	}
	// Hanging up closes the stream; with nothing after <Connect> in the
	// TwiML, Twilio then ends the call.
	select {
	case <-readDone:
	case <-time.After(10 * time.Second):
		t.Error("the media stream is still open after the call ended")
		ws.Close()
		<-readDone
	}
	if res.code != 0 {
		t.Fatalf("call: exit %d\nstdout %s\nstderr %s", res.code, res.out, res.errs)
	}
	if agentFrames == 0 {
		t.Error("got no agent audio on the stream, want the disclosure")
	}
	checkOptedOutCall(t, res.out, res.errs, db, camp.Business.RegisteredName, number, token)
}
