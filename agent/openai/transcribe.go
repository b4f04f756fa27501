package openai

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	goopenai "github.com/sashabaranov/go-openai"
)

// Transcriber turns recorded callee speech into text through the
// /audio/transcriptions endpoint.
type Transcriber struct {
	cfg   Config
	c     *client
	model string
}

// NewTranscriber returns a Transcriber for cfg using model ("" for
// DefaultTranscribeModel). cfg.Model (the chat model) is not used.
func NewTranscriber(cfg Config, model string) (*Transcriber, error) {
	cfg, c, err := newClient(cfg)
	if err != nil {
		return nil, err
	}
	if model == "" {
		model = DefaultTranscribeModel
	}
	return &Transcriber{cfg: cfg, c: c, model: model}, nil
}

// CloseIdleConnections releases kept-alive connections.
func (t *Transcriber) CloseIdleConnections() { t.c.closeIdle() }

// Transcribe sends pcm (16-bit mono at rate samples per second) as a WAV file
// and returns the transcript. lang is a BCP 47 tag or ISO 639-1 code ("en",
// "zh-CN"); only its language part is sent, and "" lets the server detect
// it. The whole request is bounded by the config's RequestTimeout.
func (t *Transcriber) Transcribe(ctx context.Context, pcm []int16, rate int, lang string) (string, error) {
	if len(pcm) == 0 {
		return "", fmt.Errorf("%w: no audio", ErrInvalidInput)
	}
	var wav bytes.Buffer
	wav.Grow(wavHeaderLen + 2*len(pcm))
	if err := writeWAV(&wav, pcm, rate); err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(ctx, t.cfg.RequestTimeout)
	defer cancel()
	resp, err := t.c.api.CreateTranscription(ctx, goopenai.AudioRequest{
		Model:    t.model,
		FilePath: "audio.wav",
		Reader:   wavReader{&wav},
		Language: baseLanguage(lang),
		Format:   goopenai.AudioResponseFormatJSON,
	})
	if err != nil {
		return "", t.c.upstreamError(ctx, "transcription", err)
	}
	return strings.TrimSpace(resp.Text), nil
}

// wavReader gives the multipart file part its content type.
type wavReader struct{ *bytes.Buffer }

func (wavReader) ContentType() string { return "audio/wav" }

// baseLanguage returns the lower-case primary subtag of a language tag.
func baseLanguage(tag string) string {
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	return strings.ToLower(strings.TrimSpace(tag))
}
