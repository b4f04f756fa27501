package web

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// startSandbox starts a typed sandbox call as dora and returns its id.
func (a *testApp) startSandbox(c *http.Client, form url.Values) (int, string, string) {
	a.t.Helper()
	_, page, _ := a.get(c, "/sandbox")
	form.Set("csrf", csrfOf(a.t, page))
	resp, err := c.PostForm(a.ts.URL+"/sandbox", form)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	_, _ = b.ReadFrom(resp.Body)
	id := strings.TrimPrefix(resp.Header.Get("Location"), "/sandbox/")
	return resp.StatusCode, id, b.String()
}

// TestTextSandboxOptOut: a designer's typed sandbox call shows the
// disclosure, the opt-out and its guardrail event live; the agent ends the
// call; it is stored marked sandbox and the do-not-call list stays empty.
func TestTextSandboxOptOut(t *testing.T) {
	a := newLiveApp(t)
	c := a.login("dora", designerPW)
	code, id, body := a.startSandbox(c, url.Values{"campaign": {"service-followup-en"}, "mode": {"text"}})
	if code != http.StatusSeeOther || !ValidCallID(id) {
		t.Fatalf("start sandbox: got %d, id %q, want 303 to /sandbox/<id>; %.300s", code, id, body)
	}
	code, page, _ := a.get(c, "/sandbox/"+id)
	if code != http.StatusOK || !strings.Contains(page, `id="say"`) {
		t.Fatalf("sandbox page: got %d, want 200 with the say form", code)
	}
	csrf := csrfOf(t, page)
	s := a.openSSE(c, "/live/events?call="+id)
	first := s.until("agent")
	if first[0].Kind != "start" || !first[0].Sandbox {
		t.Errorf("first event: got %+v, want a sandbox start", first[0])
	}
	if d := first[len(first)-1].Text; !strings.Contains(d, "AI") {
		t.Errorf("first agent words: got %q, want the disclosure (mentions AI)", d)
	}
	if n := a.active.n.Load(); n != 1 {
		t.Errorf("active calls during the sandbox call: got %d, want 1", n)
	}
	// Wait until the agent has asked its first question, then opt out.
	time.Sleep(100 * time.Millisecond)
	if code, _ := a.post(c, "/sandbox/"+id+"/say", url.Values{"csrf": {"wrong"}, "text": {"hello"}}); code != http.StatusForbidden {
		t.Errorf("say with a wrong CSRF token: got %d, want 403", code)
	}
	if code, _ := a.post(c, "/sandbox/"+id+"/say", url.Values{"csrf": {csrf}, "text": {"please stop calling me"}}); code != http.StatusNoContent {
		t.Fatalf("say: got %d, want 204", code)
	}
	evs := s.until("end")
	var heard, guard bool
	for _, ev := range evs {
		if ev.Kind == "callee" && ev.Text == "please stop calling me" {
			heard = true
		}
		if ev.Kind == "guard" && ev.Label == "Opt-out recorded" {
			guard = true
		}
	}
	end := evs[len(evs)-1]
	if !heard || !guard || end.Outcome != "opted_out" {
		t.Errorf("live events after the opt-out: heard %v, opt-out event %v, outcome %q; want true, true, opted_out: %+v", heard, guard, end.Outcome, evs)
	}
	if err := a.srv.Close(); err != nil {
		t.Fatal(err)
	}
	if n := a.active.n.Load(); n != 0 {
		t.Errorf("active calls after the sandbox call: got %d, want 0", n)
	}
	rec, err := a.st.Call(context.Background(), id)
	if err != nil {
		t.Fatalf("stored sandbox call: %v", err)
	}
	if !rec.Sandbox || !rec.OptOut || rec.Outcome != "opted_out" {
		t.Errorf("stored call: got sandbox %v, opt-out %v, outcome %s; want true, true, opted_out", rec.Sandbox, rec.OptOut, rec.Outcome)
	}
	dnc, err := a.st.ListDNC(context.Background(), "")
	if err != nil || len(dnc) != 0 {
		t.Errorf("do-not-call list after a sandbox opt-out: got %v, %v; want empty", dnc, err)
	}
	// Reviewable like a real call: on the list (marked) and its page.
	rc := a.login("rita", reviewerPW)
	if code, body, _ := a.get(rc, "/calls/"+id); code != http.StatusOK || !strings.Contains(body, "sandbox") || !strings.Contains(body, "please stop calling me") {
		t.Errorf("review page of the sandbox call: got %d, want 200 marked sandbox with the opt-out", code)
	}
}

func TestSandboxAccess(t *testing.T) {
	a := newLiveApp(t)
	rc := a.login("rita", reviewerPW)
	if code, _, _ := a.get(rc, "/sandbox"); code != http.StatusForbidden {
		t.Errorf("reviewer GET /sandbox: got %d, want 403", code)
	}
	_, page, _ := a.get(rc, "/calls")
	if code, _ := a.post(rc, "/sandbox", url.Values{"csrf": {csrfOf(t, page)}, "campaign": {"service-followup-en"}}); code != http.StatusForbidden {
		t.Errorf("reviewer POST /sandbox: got %d, want 403", code)
	}
	if code, _, h := a.get(a.client(), "/sandbox"); code != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/login") {
		t.Errorf("anonymous GET /sandbox: got %d, want 303 to login", code)
	}
	dc := a.login("dora", designerPW)
	_, page, _ = a.get(dc, "/sandbox")
	if code, _ := a.post(dc, "/sandbox", url.Values{"csrf": {"nope"}, "campaign": {"service-followup-en"}}); code != http.StatusForbidden {
		t.Errorf("designer POST /sandbox without CSRF: got %d, want 403", code)
	}
	// Another user's sandbox call is not found; admins may start their own.
	_, id, _ := a.startSandbox(dc, url.Values{"campaign": {"service-followup-en"}})
	ac := a.login("ada", adminPW)
	if code, _, _ := a.get(ac, "/sandbox/"+id); code != http.StatusNotFound {
		t.Errorf("admin opening dora's sandbox call: got %d, want 404", code)
	}
	if code, id2, _ := a.startSandbox(ac, url.Values{"campaign": {"service-followup-en"}}); code != http.StatusSeeOther || id2 == "" {
		t.Errorf("admin starting a sandbox call: got %d, want 303", code)
	}
	if code, _, _ := a.startSandbox(dc, url.Values{"campaign": {"../../etc/passwd"}}); code != http.StatusUnprocessableEntity {
		t.Errorf("unknown embedded campaign: got %d, want 422", code)
	}
	// Typed calls take no WebRTC offer; voice needs speech on the server.
	_, p2, _ := a.get(dc, "/sandbox/"+id)
	if code, _ := a.post(dc, "/sandbox/"+id+"/offer", url.Values{"csrf": {csrfOf(t, p2)}, "sdp": {"v=0"}}); code != http.StatusBadRequest {
		t.Errorf("offer on a typed call: got %d, want 400", code)
	}
	if code, _, _ := a.startSandbox(dc, url.Values{"campaign": {"service-followup-en"}, "mode": {"voice"}}); code != http.StatusBadRequest {
		t.Errorf("voice without speech configured: got %d, want 400", code)
	}
}

// TestSandboxUploadErrors: an invalid upload is refused with its errors at
// their line, shown as text; a valid upload starts a call.
func TestSandboxUploadErrors(t *testing.T) {
	a := newLiveApp(t)
	dc := a.login("dora", designerPW)
	_, page, _ := a.get(dc, "/sandbox")
	csrf := csrfOf(t, page)
	upload := func(name, content string) (int, string, string) {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		_ = mw.WriteField("csrf", csrf)
		_ = mw.WriteField("mode", "text")
		fw, _ := mw.CreateFormFile("file", name)
		_, _ = fw.Write([]byte(content))
		_ = mw.Close()
		req, _ := http.NewRequest(http.MethodPost, a.ts.URL+"/sandbox", &b)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		resp, err := dc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out bytes.Buffer
		_, _ = out.ReadFrom(resp.Body)
		return resp.StatusCode, resp.Header.Get("Location"), out.String()
	}
	code, _, body := upload("bad<b>.yaml", "name: x\nlanguage: en\nbusiness:\n  display_name: <script>alert(1)</script>\n  registered_name: X\ndisclosure: \"Hi\"\n")
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="upload-errors"`) {
		t.Fatalf("invalid upload: got %d, want 422 with the error list; %.400s", code, body)
	}
	if !strings.Contains(body, "bad&lt;b&gt;.yaml:") || strings.Contains(body, "<script>alert(1)") {
		t.Errorf("invalid upload: want errors named by the file, escaped; got %.1500s", body)
	}
	if !strings.Contains(body, "bad&lt;b&gt;.yaml:6") && !strings.Contains(body, "bad&lt;b&gt;.yaml:1") {
		t.Errorf("invalid upload: want an error with a line number; got %.1500s", body)
	}
	valid, err := readExample("service-followup-en")
	if err != nil {
		t.Fatal(err)
	}
	// The store holds production calls of service-followup-en: a sandbox
	// copy may not take its name.
	code, _, body = upload("mine.yaml", valid)
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "production campaign") {
		t.Errorf("upload under a production name: got %d, want 422 naming the clash; %.1500s", code, body)
	}
	valid = strings.Replace(valid, "name: service-followup-en", "name: service-followup-draft", 1)
	code, loc, body := upload("mine.yaml", valid)
	if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/sandbox/") {
		t.Errorf("valid upload: got %d %q, want 303 to the call; %.400s", code, loc, body)
	}
}

// readExample reads an embedded example campaign's file.
func readExample(name string) (string, error) {
	b, err := os.ReadFile(filepath.Join("..", "..", "prompts", "examples", name+".yaml"))
	return string(b), err
}

// TestSandboxLimits: a designer runs at most three sandbox calls at once
// (the fourth is refused with a clear error), and a call whose callee says
// nothing for two minutes is hung up; its page then shows no controls.
func TestSandboxLimits(t *testing.T) {
	a := newLiveApp(t)
	a.srv.idleTick = 10 * time.Millisecond
	c := a.login("dora", designerPW)
	var ids []string
	for i := range 3 {
		code, id, body := a.startSandbox(c, url.Values{"campaign": {"service-followup-en"}, "mode": {"text"}})
		if code != http.StatusSeeOther {
			t.Fatalf("sandbox call %d: got %d, want 303; %.300s", i+1, code, body)
		}
		ids = append(ids, id)
	}
	code, _, body := a.startSandbox(c, url.Values{"campaign": {"service-followup-en"}, "mode": {"text"}})
	if code != http.StatusTooManyRequests || !strings.Contains(body, "3 sandbox calls running") {
		t.Errorf("4th sandbox call: got %d, want 429 saying 3 are running; %.1500s", code, body)
	}
	// Another designer is not limited by dora's calls.
	if _, err := a.st.AddUser(context.Background(), "dan", "designer", mustHash(t, designerPW)); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := a.startSandbox(a.login("dan", designerPW), url.Values{"campaign": {"service-followup-en"}, "mode": {"text"}}); code != http.StatusSeeOther {
		t.Errorf("dan's first call: got %d, want 303", code)
	}
	// dora's first call hears something a minute in; then all go quiet.
	_, page, _ := a.get(c, "/sandbox/"+ids[0])
	a.advance(time.Minute)
	if code, _ := a.post(c, "/sandbox/"+ids[0]+"/say", url.Values{"csrf": {csrfOf(t, page)}, "text": {"hmm"}}); code != http.StatusNoContent {
		t.Fatalf("say: got %d, want 204", code)
	}
	a.advance(time.Minute + time.Second) // ids[1], ids[2]: idle 2 min; ids[0]: 1 min
	waitEnded := func(id string, want bool) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for {
			_, page, _ := a.get(c, "/sandbox/"+id)
			ended := strings.Contains(page, `data-ended="1"`)
			if ended == want || time.Now().After(deadline) {
				if ended != want {
					t.Errorf("call %s: got ended %v, want %v", id, ended, want)
				}
				if ended && !strings.Contains(page, `id="say" method="post" action="/sandbox/`+id+`/say" class="say" hidden`) {
					t.Errorf("ended call %s: want the say form hidden", id)
				}
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	waitEnded(ids[1], true)
	waitEnded(ids[2], true)
	time.Sleep(100 * time.Millisecond)
	waitEnded(ids[0], false)
	if code, _, _ := a.startSandbox(c, url.Values{"campaign": {"service-followup-en"}, "mode": {"text"}}); code != http.StatusSeeOther {
		t.Errorf("a new call once two ended: got %d, want 303", code)
	}
	rec, err := a.st.Call(context.Background(), ids[1])
	if err != nil || !rec.Sandbox {
		t.Errorf("idle call stored: got %+v, %v, want a sandbox record", rec, err)
	}
}

func mustHash(t *testing.T, pw string) string {
	t.Helper()
	h, err := hashPassword(pw, bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// TestSandboxPreview: the designer sees the disclosure, the questions and
// the fixed lines before any call starts, for an embedded or uploaded file.
func TestSandboxPreview(t *testing.T) {
	a := newLiveApp(t)
	c := a.login("dora", designerPW)
	_, page, _ := a.get(c, "/sandbox")
	if !strings.Contains(page, `id="preview"`) || !strings.Contains(page, "AI assistant") {
		t.Errorf("sandbox page: want a preview of the default campaign with its disclosure")
	}
	valid, err := readExample("service-followup-en")
	if err != nil {
		t.Fatal(err)
	}
	valid = strings.Replace(valid, "name: service-followup-en", "name: my-draft", 1)
	code, _, body := a.startSandbox(c, url.Values{"upload": {valid}, "action": {"preview"}, "mode": {"text"}})
	if code != http.StatusOK || !strings.Contains(body, "Preview: my-draft") || !strings.Contains(body, "how satisfied") ||
		!strings.Contains(body, "in place of a blocked sentence") {
		t.Errorf("preview of an upload: got %d, want 200 with the name, a question and the fixed lines; %.2000s", code, body)
	}
	if n := a.active.n.Load(); n != 0 {
		t.Errorf("after a preview: got %d calls running, want 0", n)
	}
}
