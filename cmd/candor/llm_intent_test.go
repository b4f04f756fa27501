package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"candor/agent/openai/openaitest"
)

// With --responder openai the sandbox asks the same endpoint for a second
// opinion on callee intent: an answer the rules read as none that the model
// reads as an opt-out gets the campaign's confirmation question, and the
// callee's yes records the opt-out.
func TestSandboxSecondOpinionOnIntent(t *testing.T) {
	t.Setenv("OPENAI_API_KEY", "")
	t.Setenv("OPENAI_BASE_URL", "")
	camp, err := resolveCampaign("service-followup-en")
	if err != nil {
		t.Fatal(err)
	}
	var asked atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req, err := openaitest.ReadRequest(r)
		if err != nil {
			openaitest.Error(w, http.StatusBadRequest, err.Error())
			return
		}
		if !req.Stream {
			var in struct {
				Callee string `json:"callee_said"`
			}
			_ = json.Unmarshal([]byte(req.Messages[len(req.Messages)-1].Content), &in)
			asked.Add(1)
			intent := "none"
			// This model reads an answer the rules take as neutral as an opt-out.
			if in.Callee == "it was fine i suppose" {
				intent = "opt_out"
			}
			openaitest.Completion(w, `{"intent":"`+intent+`"}`)
			return
		}
		openaitest.Start(w)
		openaitest.Chunk(w, camp.Survey[0].Text)
		openaitest.Done(w)
	}))
	t.Cleanup(srv.Close)
	code, out, errs := runCLI(t, "it was fine i suppose\nyes\n", "--db", filepath.Join(t.TempDir(), "s.db"),
		"sandbox", "--campaign", "service-followup-en", "--responder", "openai", "--base-url", srv.URL+"/v1", "--model", "m")
	if code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, errs, out)
	}
	for _, w := range []string{"second opinion on intent", "agent> " + camp.ConfirmOptOut(), "confirmation answered (yes)",
		"opt_out recorded", "agent> " + camp.Lines.OptOutConfirmation, "opted_out"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	if asked.Load() == 0 {
		t.Error("the model was never asked about intent")
	}
}
