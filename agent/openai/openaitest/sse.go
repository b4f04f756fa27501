package openaitest

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// Start writes the headers of an event stream.
func Start(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/event-stream")
	w.WriteHeader(http.StatusOK)
	flush(w)
}

// ChunkJSON is one chat.completion.chunk payload with a content delta and
// an optional finish reason.
func ChunkJSON(content, finish string) string {
	c, _ := json.Marshal(content)
	f := "null"
	if finish != "" {
		f = fmt.Sprintf("%q", finish)
	}
	return fmt.Sprintf(`{"id":"chatcmpl-t","object":"chat.completion.chunk","created":1,"model":"t","choices":[{"index":0,"delta":{"content":%s},"finish_reason":%s}]}`, c, f)
}

// Chunk sends one content delta and flushes it.
func Chunk(w http.ResponseWriter, content string) {
	fmt.Fprintf(w, "data: %s\n\n", ChunkJSON(content, ""))
	flush(w)
}

// Done sends the last chunk (finish reason "stop") and the end marker.
func Done(w http.ResponseWriter) {
	fmt.Fprintf(w, "data: %s\n\ndata: [DONE]\n\n", ChunkJSON("", "stop"))
	flush(w)
}

// Error writes an OpenAI-style error answer with the given HTTP status.
func Error(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	b, _ := json.Marshal(map[string]any{"error": map[string]any{"message": msg, "type": "server_error"}})
	_, _ = w.Write(b)
}

// Completion writes a whole (non-streamed) chat completion whose message is content.
func Completion(w http.ResponseWriter, content string) {
	w.Header().Set("Content-Type", "application/json")
	b, _ := json.Marshal(map[string]any{
		"id": "chatcmpl-t", "object": "chat.completion", "created": 1, "model": "t",
		"choices": []map[string]any{{"index": 0, "message": map[string]any{"role": "assistant", "content": content}, "finish_reason": "stop"}},
	})
	_, _ = w.Write(b)
}

// ToolCall writes a whole (non-streamed) chat completion whose message calls
// the function name with the JSON arguments args.
func ToolCall(w http.ResponseWriter, name, args string) {
	w.Header().Set("Content-Type", "application/json")
	b, _ := json.Marshal(map[string]any{
		"id": "chatcmpl-t", "object": "chat.completion", "created": 1, "model": "t",
		"choices": []map[string]any{{"index": 0, "finish_reason": "tool_calls", "message": map[string]any{
			"role": "assistant", "content": nil,
			"tool_calls": []map[string]any{{"id": "call_t", "type": "function", "function": map[string]any{"name": name, "arguments": args}}},
		}}},
	})
	_, _ = w.Write(b)
}

// Tool is one tool offered in a request.
type Tool struct {
	Type     string `json:"type"`
	Function struct {
		Name string `json:"name"`
	} `json:"function"`
}

// Message is one chat message of a request.
type Message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// Request is the part of a chat completion request the personas read.
type Request struct {
	Model    string    `json:"model"`
	Stream   bool      `json:"stream"`
	Messages []Message `json:"messages"`
	Tools    []Tool    `json:"tools"`
}

// ReadRequest decodes a chat completion request.
func ReadRequest(r *http.Request) (Request, error) {
	var req Request
	err := json.NewDecoder(r.Body).Decode(&req)
	return req, err
}

func flush(w http.ResponseWriter) {
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
}
