package openai

import (
	"context"
	"fmt"
	"io"
	"strings"

	goopenai "github.com/sashabaranov/go-openai"
)

// SpeechRate is the sample rate of the raw PCM returned by Speak.
const SpeechRate = 24000

// Speaker synthesizes speech through the /audio/speech endpoint.
type Speaker struct {
	c     *client
	model string
}

// NewSpeaker returns a Speaker for cfg using model ("" for
// DefaultSpeechModel). cfg.Model (the chat model) is not used.
func NewSpeaker(cfg Config, model string) (*Speaker, error) {
	_, c, err := newClient(cfg)
	if err != nil {
		return nil, err
	}
	if model == "" {
		model = DefaultSpeechModel
	}
	return &Speaker{c: c, model: model}, nil
}

// CloseIdleConnections releases kept-alive connections.
func (s *Speaker) CloseIdleConnections() { s.c.closeIdle() }

// Speak requests speech for text in voice ("" for DefaultVoice) and returns
// the response body as it streams in: raw signed 16-bit little-endian mono
// PCM at SpeechRate. The caller reads it incrementally and must close it;
// cancelling ctx ends the read. Only checked text may be passed here.
func (s *Speaker) Speak(ctx context.Context, text, voice string) (io.ReadCloser, error) {
	if strings.TrimSpace(text) == "" {
		return nil, fmt.Errorf("%w: no text to speak", ErrInvalidInput)
	}
	if voice == "" {
		voice = DefaultVoice
	}
	resp, err := s.c.api.CreateSpeech(ctx, goopenai.CreateSpeechRequest{
		Model:          goopenai.SpeechModel(s.model),
		Input:          text,
		Voice:          goopenai.SpeechVoice(voice),
		ResponseFormat: goopenai.SpeechResponseFormatPcm,
	})
	if err != nil {
		return nil, s.c.upstreamError(ctx, "speech", err)
	}
	return resp.ReadCloser, nil
}
