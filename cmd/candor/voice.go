package main

import (
	"errors"
	"fmt"

	"candor/agent/openai"
	"candor/agent/script"
	"candor/agent/speech/espeak"
	"candor/agent/speech/sphinx"
	"candor/agent/telephony/loopback"
	"candor/agent/voice"
	"candor/prompts"
)

// errMandarinOffline explains why Mandarin cannot be recognised offline.
var errMandarinOffline = errors.New("offline recognition of Mandarin is not available (Debian ships no Mandarin pocketsphinx model): " +
	"use --text, or an OpenAI-compatible transcription endpoint")

// speechOptions chooses the speech providers of an audio call.
type speechOptions struct {
	STT, TTS string // "offline" or "openai"
	OpenAI   openai.Config
}

// voiceSet wires the speech providers: by default espeak-ng speaks for the
// agent and pocketsphinx hears the callee; either can be an OpenAI-compatible
// endpoint instead. Simulated callees always speak with espeak-ng.
type voiceSet struct {
	agent  voice.Streamer
	callee *espeak.Synth
	newRec func() (voice.Recognizer, error)
}

func newVoiceSet(c *prompts.Campaign, o speechOptions) (*voiceSet, error) {
	v := &voiceSet{}
	var err error
	switch o.TTS {
	case "", "offline":
		if v.agent, err = espeak.New(espeak.Config{OutRate: 8000}); err != nil {
			return nil, err
		}
	case "openai":
		sp, err := openai.NewSpeaker(o.OpenAI, "")
		if err != nil {
			return nil, err
		}
		v.agent = openai.StreamSpeaker{S: sp}
	default:
		return nil, fmt.Errorf("--tts must be offline or openai, not %q", o.TTS)
	}
	// Simulated callees use the klatt variant, which pocketsphinx recognises well.
	if v.callee, err = espeak.New(espeak.Config{OutRate: 8000, Voices: map[string]string{"en": "en-us+klatt", "zh": "cmn"}}); err != nil {
		return nil, err
	}
	switch o.STT {
	case "", "offline":
		if c.Language == "zh" {
			return nil, errMandarinOffline
		}
		v.newRec = func() (voice.Recognizer, error) {
			r, err := sphinx.NewCampaignRecognizer(c, true)
			if err != nil {
				return nil, fmt.Errorf("speech recognition: %w", err)
			}
			return r, nil
		}
		// Fail now, with a clear message, if recognition is not built in.
		r, err := v.newRec()
		if err != nil {
			return nil, err
		}
		_ = r.(*sphinx.Recognizer).Close()
	case "openai":
		tr, err := openai.NewTranscriber(o.OpenAI, "")
		if err != nil {
			return nil, err
		}
		v.newRec = func() (voice.Recognizer, error) { return &openai.UtteranceRecognizer{T: tr, Lang: c.Language}, nil }
	default:
		return nil, fmt.Errorf("--stt must be offline or openai, not %q", o.STT)
	}
	return v, nil
}

func (v *voiceSet) network(c *prompts.Campaign, speed float64) *loopback.Network {
	n := loopback.NewNetwork(c, speed)
	n.Audio = &loopback.AudioConfig{CalleeVoice: v.callee,
		Lines: voice.Factory{Config: voice.Config{CompleteAnswer: script.CompleteAnswer(c)}, NewRecognizer: v.newRec}}
	return n
}

// phoneLine is the voice line configuration of real telephone calls (SIP and
// Twilio): complete answers end the callee's turn early, and the
// answering-machine detector listens from answer (a long greeting, a beep),
// so the session leaves the campaign's voicemail instead of the survey.
func phoneLine(c *prompts.Campaign) voice.Config {
	return voice.Config{CompleteAnswer: script.CompleteAnswer(c), Machine: &voice.MachineConfig{}}
}

func (v *voiceSet) synth() voice.Synth { return voice.Synth{Streamer: v.agent} }

// The offline recogniser plugs straight into the voice line.
var _ voice.Recognizer = (*sphinx.Recognizer)(nil)
