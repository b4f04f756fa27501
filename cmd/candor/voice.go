package main

import (
	"errors"
	"fmt"

	"candor/agent/audio"
	"candor/agent/speech/espeak"
	"candor/agent/speech/grammar"
	"candor/agent/speech/sphinx"
	"candor/agent/telephony/loopback"
	"candor/agent/voice"
	"candor/prompts"
)

// errMandarinOffline explains why Mandarin cannot be recognised offline.
var errMandarinOffline = errors.New("offline recognition of Mandarin is not available (Debian ships no Mandarin pocketsphinx model): " +
	"use --text, or an OpenAI-compatible transcription endpoint")

// offlineVoice wires the embedded speech providers: espeak-ng speaks for the
// agent, pocketsphinx hears the callee.
type offlineVoice struct {
	agent   *espeak.Synth
	callee  *espeak.Synth
	grammar string
}

func newOfflineVoice(c *prompts.Campaign) (*offlineVoice, error) {
	if c.Language == "zh" {
		return nil, errMandarinOffline
	}
	agentVoice, err := espeak.New(espeak.Config{OutRate: 8000})
	if err != nil {
		return nil, err
	}
	// Simulated callees use the klatt variant, which pocketsphinx recognises well.
	calleeVoice, err := espeak.New(espeak.Config{OutRate: 8000, Voices: map[string]string{"en": "en-us+klatt", "zh": "cmn"}})
	if err != nil {
		return nil, err
	}
	v := &offlineVoice{agent: agentVoice, callee: calleeVoice, grammar: grammar.JSGF(grammar.ForCampaign(c))}
	// Fail now, with a clear message, if recognition is not built in.
	r, err := v.newRecognizer()
	if err != nil {
		return nil, err
	}
	_ = r.(*sphinxRecognizer).r.Close()
	return v, nil
}

func (v *offlineVoice) newRecognizer() (voice.Recognizer, error) {
	r, err := sphinx.New(sphinx.Config{Grammar: v.grammar, Telephone: true})
	if err != nil {
		return nil, fmt.Errorf("speech recognition: %w", err)
	}
	return &sphinxRecognizer{r: r}, nil
}

func (v *offlineVoice) network(c *prompts.Campaign, speed float64) *loopback.Network {
	n := loopback.NewNetwork(c, speed)
	n.Audio = &loopback.AudioConfig{CalleeVoice: v.callee, NewRecognizer: v.newRecognizer}
	return n
}

func (v *offlineVoice) synth() voice.Synth { return voice.Synth{Streamer: v.agent} }

// sphinxRecognizer adapts pocketsphinx to the voice line.
type sphinxRecognizer struct{ r *sphinx.Recognizer }

func (s *sphinxRecognizer) Start() error { return s.r.Start() }

func (s *sphinxRecognizer) WriteFrame(f audio.Frame) error { return s.r.Write(f) }

func (s *sphinxRecognizer) Partial() string { return s.r.Partial() }

func (s *sphinxRecognizer) Final() (string, error) {
	res, err := s.r.End()
	if err != nil || res.Rejected {
		return "", err
	}
	return res.Text, nil
}

func (s *sphinxRecognizer) Close() error { return s.r.Close() }
