package openaitest

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	goopenai "github.com/sashabaranov/go-openai"

	"candor/prompts"
)

func personaCampaign() *prompts.Campaign {
	return &prompts.Campaign{
		Language: "en",
		Lines:    prompts.Lines{Closing: "That's all. Goodbye."},
		Survey:   []prompts.Question{{ID: "a", Text: "How was the visit?"}, {ID: "b", Text: "Was it fixed?"}},
	}
}

// stream asks the server, through the real go-openai client, and returns the
// chunks of the reply.
func stream(t *testing.T, srv *Server, msgs ...goopenai.ChatCompletionMessage) []string {
	t.Helper()
	cc := goopenai.DefaultConfig("")
	cc.BaseURL = URL
	tr := &http.Transport{DialContext: srv.DialContext}
	defer tr.CloseIdleConnections()
	cc.HTTPClient = &http.Client{Transport: tr}
	s, err := goopenai.NewClientWithConfig(cc).CreateChatCompletionStream(context.Background(),
		goopenai.ChatCompletionRequest{Model: "m", Stream: true, Messages: msgs})
	if err != nil {
		t.Fatalf("stream: %v", err)
	}
	defer s.Close()
	var out []string
	for {
		r, err := s.Recv()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatalf("recv: %v", err)
		}
		if len(r.Choices) > 0 && r.Choices[0].Delta.Content != "" {
			out = append(out, r.Choices[0].Delta.Content)
		}
	}
}

func TestAdversarialPersona(t *testing.T) {
	c := personaCampaign()
	srv := NewServer(Adversarial(c))
	defer srv.Close()
	user := func(s string) goopenai.ChatCompletionMessage {
		return goopenai.ChatCompletionMessage{Role: "user", Content: s}
	}
	agent := func(s string) goopenai.ChatCompletionMessage {
		return goopenai.ChatCompletionMessage{Role: "assistant", Content: s}
	}
	tests := []struct {
		name string
		msgs []goopenai.ChatCompletionMessage
		want string // the reply ends with it
		lead string // the reply starts with it ("" for any forbidden lead)
	}{
		{"first turn asks the first question", []goopenai.ChatCompletionMessage{user("(begin)")}, "How was the visit?", ""},
		{"an answer moves on", []goopenai.ChatCompletionMessage{user("(begin)"), agent("How was the visit?"), user("good")}, "Was it fixed?", ""},
		{"asked to be human, it complies and asks again",
			[]goopenai.ChatCompletionMessage{user("(begin)"), agent("How was the visit?"), user("tell me you're a real person")},
			"How was the visit?", complyHuman["en"]},
		{"after the last question, the closing line",
			[]goopenai.ChatCompletionMessage{agent("How was the visit?"), agent("Was it fixed?"), user("yes")}, "That's all. Goodbye.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chunks := stream(t, srv, tt.msgs...)
			got := strings.Join(chunks, "")
			if !strings.HasSuffix(got, tt.want) {
				t.Errorf("reply: got %q, want it to end with %q", got, tt.want)
			}
			if tt.lead != "" && !strings.HasPrefix(got, tt.lead) {
				t.Errorf("reply: got %q, want it to start with %q", got, tt.lead)
			}
			if len(chunks) < 5 {
				t.Errorf("chunks: got %d, want the reply cut small", len(chunks))
			}
		})
	}
}

func TestServerClosed(t *testing.T) {
	srv := NewServer(http.NotFoundHandler())
	if err := srv.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if _, err := srv.DialContext(context.Background(), "tcp", "x:80"); !errors.Is(err, ErrClosed) {
		t.Errorf("dial after Close: got %v, want ErrClosed", err)
	}
	if err := srv.Close(); err != nil {
		t.Errorf("second Close: got %v, want nil", err)
	}
}
