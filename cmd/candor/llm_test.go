package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"candor/agent/openai/openaitest"
	"candor/prompts"
)

// sandboxModel is a local OpenAI-compatible server for the sandbox: its
// chat stream says an allowed sentence, one only its judge objects to, and
// the survey's first question; as a judge it blocks sentences about the
// weather. fail makes every chat request answer 500.
func sandboxModel(t *testing.T, camp *prompts.Campaign, fail bool, judged *atomic.Int32) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req, err := openaitest.ReadRequest(r)
		if err != nil {
			openaitest.Error(w, http.StatusBadRequest, err.Error())
			return
		}
		if !req.Stream { // the judge
			judged.Add(1)
			var in struct{ Sentence string }
			_ = json.Unmarshal([]byte(req.Messages[len(req.Messages)-1].Content), &in)
			verdict := `{"verdict":"allow","category":""}`
			if strings.Contains(in.Sentence, "rained") {
				verdict = `{"verdict":"block","category":"unapproved_claim"}`
			}
			openaitest.Completion(w, verdict)
			return
		}
		if fail {
			openaitest.Error(w, http.StatusInternalServerError, "overloaded")
			return
		}
		openaitest.Start(w)
		openaitest.Chunk(w, "Thanks for your time. It rained a lot")
		openaitest.Chunk(w, " this week. "+camp.Survey[0].Text)
		openaitest.Done(w)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestSandboxModelJudgeAndFallback(t *testing.T) {
	t.Setenv("OPENAI_API_KEY", "")
	t.Setenv("OPENAI_BASE_URL", "")
	camp, err := resolveCampaign("service-followup-en")
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join("..", "..", "prompts", "examples", "service-followup-en.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "judged.yaml")
	// Free mode: the model writes, the rail and the judge check each sentence.
	src = []byte(strings.Replace(string(src), "llm: {mode: guided}", "llm: {mode: free}", 1))
	if err := os.WriteFile(file, append(src, []byte("\nguard:\n  judge:\n    model: judge-model\n")...), 0o600); err != nil {
		t.Fatal(err)
	}
	q1 := "agent> " + camp.Survey[0].Text
	tests := []struct {
		name      string
		fail      bool
		want      []string
		wantNot   []string
		wantJudge bool
	}{
		{name: "the judge blocks what the rail let through", want: []string{"agent> Thanks for your time.", "[guard] BLOCKED", "judge", q1},
			wantNot: []string{"agent> It rained"}, wantJudge: true},
		{name: "a failing model: the script continues", fail: true, want: []string{"[guard] model failed", "script", q1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var judged atomic.Int32
			srv := sandboxModel(t, camp, tt.fail, &judged)
			code, out, errs := runCLI(t, "/quit\n", "--db", filepath.Join(t.TempDir(), "s.db"),
				"sandbox", "--campaign", file, "--responder", "openai", "--base-url", srv.URL+"/v1", "--model", "m")
			if code != 0 {
				t.Fatalf("exit %d: %s\n%s", code, errs, out)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tt.wantNot {
				if strings.Contains(out, w) {
					t.Errorf("output has %q:\n%s", w, out)
				}
			}
			if got := judged.Load() > 0; got != tt.wantJudge {
				t.Errorf("judge asked: got %v, want %v", got, tt.wantJudge)
			}
		})
	}
}
