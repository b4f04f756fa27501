package openai

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	goopenai "github.com/sashabaranov/go-openai"
)

// client is the go-openai client and the HTTP transport under it, shared by
// the Responder, Transcriber and Speaker constructors.
type client struct {
	api       *goopenai.Client
	transport *http.Transport
	key       string
}

// newClient validates cfg (defaults applied) and builds a go-openai client
// whose HTTP transport waits at most cfg.RequestTimeout for response headers.
func newClient(cfg Config) (Config, *client, error) {
	cfg = cfg.WithDefaults()
	if err := cfg.Validate(); err != nil {
		return cfg, nil, err
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.ResponseHeaderTimeout = cfg.RequestTimeout
	if cfg.Dialer != nil {
		tr.DialContext = cfg.Dialer.DialContext
	}
	cc := goopenai.DefaultConfig(cfg.APIKey)
	cc.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	// No http.Client.Timeout: it would cut long streamed bodies. Streams are
	// bounded by the idle timeout and the caller's context instead.
	cc.HTTPClient = &http.Client{Transport: &watchTransport{next: tr}}
	return cfg, &client{api: goopenai.NewClientWithConfig(cc), transport: tr, key: cfg.APIKey}, nil
}

// closeIdle closes the kept-alive connections of the client's transport.
func (c *client) closeIdle() { c.transport.CloseIdleConnections() }

// upstreamError turns an error of a go-openai call into one of this package:
// context errors stay context errors, HTTP and API errors become
// *UpstreamError, anything else (a refused connection) wraps ErrUpstream.
// The key never appears in the result.
func (c *client) upstreamError(ctx context.Context, op string, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return fmt.Errorf("openai: %s: %w", op, ctxErr)
	}
	var apiErr *goopenai.APIError
	var reqErr *goopenai.RequestError
	switch {
	case errors.As(err, &apiErr):
		return fmt.Errorf("openai: %s: %w", op, &UpstreamError{StatusCode: apiErr.HTTPStatusCode, Message: c.redact(apiErr.Message)})
	case errors.As(err, &reqErr):
		msg := string(bytes.TrimSpace(reqErr.Body))
		if msg == "" {
			msg = reqErr.HTTPStatus
		}
		return fmt.Errorf("openai: %s: %w", op, &UpstreamError{StatusCode: reqErr.HTTPStatusCode, Message: c.redact(msg)})
	}
	return fmt.Errorf("openai: %s: %w: %s", op, ErrUpstream, c.redact(err.Error()))
}

// redact removes the key from s and bounds its length.
func (c *client) redact(s string) string {
	if c.key != "" {
		s = strings.ReplaceAll(s, c.key, "[redacted]")
	}
	if len(s) > maxMessageLen {
		s = strings.ToValidUTF8(s[:maxMessageLen], "") + "..."
	}
	return s
}

// watchKey is the context key under which a request asks watchTransport to
// watch its streamed body for the end marker.
type watchKey struct{}

// endWatch records whether a streamed body carried "data: [DONE]".
type endWatch struct {
	sawDone bool
	// framedEnd is set when a framed body (chunked, sized, HTTP/2) reached
	// its proper end: the server finished the answer, even without the end
	// marker. A close-delimited body cannot tell an end from a cut.
	framedEnd bool
	// body is the watched response body, kept to drain it after the end
	// marker so that the connection can be reused by the next turn.
	body io.Reader
}

// watchTransport wraps response bodies of requests whose context holds an
// *endWatch, so that a stream cut short can be told apart from one that ended.
// go-openai reports both as io.EOF when the connection closes cleanly.
type watchTransport struct {
	next http.RoundTripper
}

func (t *watchTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	if w, ok := req.Context().Value(watchKey{}).(*endWatch); ok && resp.Body != nil {
		framed := len(resp.TransferEncoding) > 0 || resp.ContentLength >= 0 || resp.ProtoMajor >= 2
		wb := &watchedBody{ReadCloser: resp.Body, watch: w, framed: framed}
		w.body = wb
		resp.Body = wb
	}
	return resp, nil
}

// maxMarkerLine bounds the bytes kept of the line being read; the end marker
// line is short, so a longer line is simply not the marker.
const maxMarkerLine = 64

// watchedBody scans the bytes read through it for a line that is the SSE end
// marker. It is read by one goroutine only (the stream reader).
type watchedBody struct {
	io.ReadCloser
	watch  *endWatch
	framed bool
	line   []byte
	long   bool
}

func (b *watchedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err == io.EOF && b.framed {
		b.watch.framedEnd = true
	}
	for _, c := range p[:n] {
		if c == '\n' {
			if !b.long && isDoneLine(b.line) {
				b.watch.sawDone = true
			}
			b.line, b.long = b.line[:0], false
			continue
		}
		if len(b.line) < maxMarkerLine {
			b.line = append(b.line, c)
		} else {
			b.long = true
		}
	}
	return n, err
}

// isDoneLine reports whether line is "data: [DONE]" (spacing tolerated).
func isDoneLine(line []byte) bool {
	rest, ok := bytes.CutPrefix(bytes.TrimSpace(line), []byte("data:"))
	return ok && string(bytes.TrimSpace(rest)) == "[DONE]"
}
