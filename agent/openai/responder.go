// Package openai adapts github.com/sashabaranov/go-openai to candor's agent
// interfaces for any OpenAI-compatible endpoint (OpenAI, vLLM, Ollama,
// LocalAI, faster-whisper servers): a streaming chat Responder with stall and
// breakage detection, a Transcriber (PCM wrapped in WAV) and a Speaker (raw
// 24 kHz PCM, read incrementally).
//
// Text produced here is unchecked: the caller must pass every sentence
// through the guardrails before it is spoken.
package openai

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	goopenai "github.com/sashabaranov/go-openai"

	"candor/agent"
)

// kickoff is the user message sent when the callee has said nothing yet
// (the first turn after the disclosure).
const kickoff = "(the callee is listening; begin the survey)"

var (
	_ agent.Responder = (*Responder)(nil)
	_ agent.Reply     = (*reply)(nil)
)

// Responder produces the agent's words by streaming a chat completion. One
// Responder serves one call; its turns run one after the other.
type Responder struct {
	cfg    Config
	c      *client
	system string
}

// NewResponder returns a Responder for cfg (defaults applied, then
// validated). Every request's system prompt is candor's Rules followed by
// campaignPrompt; the callee's words are sent as quoted data.
func NewResponder(cfg Config, campaignPrompt string) (*Responder, error) {
	cfg, c, err := newClient(cfg)
	if err != nil {
		return nil, err
	}
	return &Responder{cfg: cfg, c: c, system: systemPrompt(campaignPrompt)}, nil
}

// CloseIdleConnections releases the connections kept alive between turns.
// Call it when the call ends.
func (r *Responder) CloseIdleConnections() { r.c.closeIdle() }

// Respond starts a streamed completion for in and returns its Reply. The
// stream lives until the Reply ends or is closed, or ctx is done. Errors
// before the stream starts wrap ErrUpstream (with the HTTP status in an
// *UpstreamError), ErrInvalidInput or ctx.Err().
func (r *Responder) Respond(ctx context.Context, in agent.Input) (agent.Reply, error) {
	msgs, err := r.messages(in)
	if err != nil {
		return nil, err
	}
	req := goopenai.ChatCompletionRequest{
		Model:       r.cfg.Model,
		Messages:    msgs,
		Temperature: r.cfg.Temperature,
		MaxTokens:   r.cfg.MaxTokens,
		Stream:      true,
	}
	watch := &endWatch{}
	reqCtx, cancel := context.WithCancel(context.WithValue(ctx, watchKey{}, watch))
	stream, err := r.c.api.CreateChatCompletionStream(reqCtx, req)
	if err != nil {
		cancel()
		return nil, r.c.upstreamError(ctx, "chat request", err)
	}
	rep := &reply{
		ctx:    ctx,
		cancel: cancel,
		stream: stream,
		idle:   r.cfg.IdleTimeout,
		chunks: make(chan chunk),
		stop:   make(chan struct{}),
		done:   make(chan struct{}),
	}
	go rep.read(r.c, watch)
	return rep, nil
}

// messages builds the chat messages: candor's rules and the campaign's
// prompt, the history, the utterance quoted.
func (r *Responder) messages(in agent.Input) ([]goopenai.ChatCompletionMessage, error) {
	conv, err := conversation(in, kickoff)
	if err != nil {
		return nil, err
	}
	return append([]goopenai.ChatCompletionMessage{{Role: goopenai.ChatMessageRoleSystem, Content: r.system}}, conv...), nil
}

// chunk is what the reader goroutine hands to Next: a content delta (maybe
// empty: the stream is alive but said nothing) or the terminal error.
type chunk struct {
	text string
	err  error
}

// reply is one streamed completion. A reader goroutine receives the chunks
// and hands them over an unbuffered channel, so that Next can wait with a
// timer and the context beside it.
type reply struct {
	ctx    context.Context
	cancel context.CancelFunc
	stream *goopenai.ChatCompletionStream
	idle   time.Duration

	chunks chan chunk
	stop   chan struct{} // closed by Close: the reader must give up sending
	done   chan struct{} // closed by the reader when it returns

	// complete is set by the reader once the end marker has been seen, before
	// it drains the rest of the body; a timeout after it is not a stall.
	complete atomic.Bool

	closeOnce sync.Once
	mu        sync.Mutex
	err       error // terminal error returned by every later Next
}

// read runs in its own goroutine: it receives until the stream ends or fails,
// or Close is called.
func (r *reply) read(c *client, watch *endWatch) {
	defer close(r.done)
	for {
		resp, err := r.stream.Recv()
		if err != nil {
			err = r.streamError(c, watch, err)
			if err == io.EOF {
				r.complete.Store(true)
				r.drain(watch)
			}
			r.send(chunk{err: err})
			return
		}
		var text string
		for _, ch := range resp.Choices {
			if ch.Index == 0 {
				text += ch.Delta.Content
				if ch.FinishReason != "" {
					// Some servers omit [DONE]; a finish reason also marks a
					// complete answer.
					watch.sawDone = true
				}
			}
		}
		if !r.send(chunk{text: text}) {
			return
		}
	}
}

// maxDrain bounds what is read after the end marker to reuse the connection.
const maxDrain = 4 << 10

// drain reads what follows the end marker (normally just the end of the
// chunked body), so that the transport can keep the connection for the next
// turn. A server that holds the body open blocks it until Close or the idle
// timer ends the reply.
func (r *reply) drain(watch *endWatch) {
	if watch.body != nil {
		_, _ = io.Copy(io.Discard, io.LimitReader(watch.body, maxDrain))
	}
}

// send hands c to Next, or gives up when the reply is closed.
func (r *reply) send(c chunk) bool {
	select {
	case r.chunks <- c:
		return true
	case <-r.stop:
		return false
	}
}

// streamError classifies a Recv error.
func (r *reply) streamError(c *client, watch *endWatch, err error) error {
	if ctxErr := r.ctx.Err(); ctxErr != nil {
		return fmt.Errorf("openai: reply: %w", ctxErr)
	}
	var apiErr *goopenai.APIError
	switch {
	case errors.Is(err, io.EOF) && (watch.sawDone || watch.framedEnd):
		// A framed body that ended properly is a finished answer, with or
		// without [DONE]: its last sentence is spoken, not dropped.
		return io.EOF
	case errors.Is(err, io.EOF):
		return fmt.Errorf("%w: stream ended without its end marker", ErrStreamBroken)
	case errors.As(err, &apiErr):
		return fmt.Errorf("openai: reply: %w", &UpstreamError{StatusCode: apiErr.HTTPStatusCode, Message: c.redact(apiErr.Message)})
	}
	return fmt.Errorf("%w: %s", ErrStreamBroken, c.redact(err.Error()))
}

// Next returns the next content delta as soon as it arrives, or io.EOF at
// the end of the reply. If no chunk arrives within the idle timeout it
// closes the stream and returns an error wrapping ErrStalled; a stream cut
// short gives ErrStreamBroken, an error event ErrUpstream, a done context
// ctx.Err() (wrapped). After an error, every call returns the same error.
func (r *reply) Next() (string, error) {
	if err := r.terminal(); err != nil {
		return "", err
	}
	timer := time.NewTimer(r.idle)
	defer timer.Stop()
	for {
		select {
		case c := <-r.chunks:
			if c.err != nil {
				return "", r.fail(c.err)
			}
			if c.text == "" {
				timer.Reset(r.idle)
				continue
			}
			return c.text, nil
		case <-timer.C:
			if r.complete.Load() {
				return "", r.fail(io.EOF)
			}
			return "", r.fail(fmt.Errorf("%w: no chunk for %v", ErrStalled, r.idle))
		case <-r.ctx.Done():
			if r.complete.Load() {
				return "", r.fail(io.EOF)
			}
			return "", r.fail(fmt.Errorf("openai: reply: %w", r.ctx.Err()))
		case <-r.stop:
			return "", r.terminal()
		}
	}
}

func (r *reply) terminal() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}

// fail records err as terminal (unless one is already recorded), closes the
// stream and returns the recorded error.
func (r *reply) fail(err error) error {
	r.mu.Lock()
	if r.err == nil {
		r.err = err
	}
	err = r.err
	r.mu.Unlock()
	r.shutdown()
	return err
}

// Close ends the stream and waits for the reader goroutine. It is idempotent
// and safe to call while Next waits, which then returns ErrReplyClosed.
func (r *reply) Close() error {
	r.mu.Lock()
	if r.err == nil {
		r.err = ErrReplyClosed
	}
	r.mu.Unlock()
	r.shutdown()
	return nil
}

// shutdown stops the reader goroutine and waits for it, once.
func (r *reply) shutdown() {
	r.closeOnce.Do(func() {
		close(r.stop)
		r.cancel()
		_ = r.stream.Close()
	})
	<-r.done
}
