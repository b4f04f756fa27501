package openai

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"
)

// testKey is the API key the tests configure; no error text may contain it.
const testKey = "sk-test-SECRET-0123456789abcdef"

// noLeaks fails the test if goroutines started during it are still running
// when its cleanups are done. Call it first, so that its cleanup runs last
// (after the test server is closed and idle connections are released).
func noLeaks(t *testing.T) {
	t.Helper()
	before := runtime.NumGoroutine()
	t.Cleanup(func() {
		// Goroutines end asynchronously after their connections close: wait
		// for them, with a generous deadline (this is not a timing check).
		deadline := time.Now().Add(5 * time.Second)
		for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if n := runtime.NumGoroutine(); n > before {
			buf := make([]byte, 1<<16)
			buf = buf[:runtime.Stack(buf, true)]
			t.Errorf("goroutines: got %d after the test, want at most %d\n%s", n, before, buf)
		}
	})
}

// newServer starts an httptest server on 127.0.0.1 and closes it at cleanup.
func newServer(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// testConfig points a Config at srv.
func testConfig(srv *httptest.Server) Config {
	return Config{BaseURL: srv.URL + "/v1", APIKey: testKey, Model: "test-model"}
}

// newTestResponder builds a Responder for srv and releases its connections
// at cleanup.
func newTestResponder(t *testing.T, cfg Config, system string) *Responder {
	t.Helper()
	r, err := NewResponder(cfg, system)
	if err != nil {
		t.Fatalf("NewResponder: %v", err)
	}
	t.Cleanup(r.CloseIdleConnections)
	return r
}

// sseStart writes the headers of an event stream.
func sseStart(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/event-stream")
	w.WriteHeader(http.StatusOK)
	w.(http.Flusher).Flush()
}

// chunkJSON is one chat.completion.chunk event payload.
func chunkJSON(content, finish string) string {
	c, _ := json.Marshal(content)
	f := "null"
	if finish != "" {
		f = fmt.Sprintf("%q", finish)
	}
	return fmt.Sprintf(`{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"test-model","choices":[{"index":0,"delta":{"content":%s},"finish_reason":%s}]}`, c, f)
}

// sseChunk sends one content delta and flushes it.
func sseChunk(w http.ResponseWriter, content string) {
	fmt.Fprintf(w, "data: %s\n\n", chunkJSON(content, ""))
	w.(http.Flusher).Flush()
}

// sseDone sends the final chunk (finish reason "stop") and the end marker.
func sseDone(w http.ResponseWriter) {
	fmt.Fprintf(w, "data: %s\n\ndata: [DONE]\n\n", chunkJSON("", "stop"))
	w.(http.Flusher).Flush()
}

// apiError writes an OpenAI-style error answer.
func apiError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	b, _ := json.Marshal(map[string]any{"error": map[string]any{"message": msg, "type": "test_error"}})
	w.Write(b)
}

// mustNotLeakKey fails if err's text holds the key.
func mustNotLeakKey(t *testing.T, err error) {
	t.Helper()
	if err != nil && strings.Contains(err.Error(), testKey) {
		t.Errorf("error text %q contains the API key", err)
	}
}

// newServerB is newServer for benchmarks.
func newServerB(b *testing.B, h http.HandlerFunc) *httptest.Server {
	srv := httptest.NewServer(h)
	b.Cleanup(srv.Close)
	return srv
}
