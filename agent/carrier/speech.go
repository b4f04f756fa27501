package carrier

import (
	"fmt"

	"candor/agent/openai"
	"candor/agent/script"
	"candor/agent/speech/espeak"
	"candor/agent/speech/sphinx"
	"candor/agent/voice"
	"candor/prompts"
)

// Speech chooses the speech providers of audio calls: by default espeak-ng
// speaks for the agent and pocketsphinx hears the callee; either can be an
// OpenAI-compatible endpoint instead. Simulated callees always speak with
// espeak-ng.
type Speech struct {
	STT, TTS string // "offline" (or "") or "openai"
	OpenAI   openai.Config
}

// voiceSet is a campaign's voice: the agent's, the simulated callees', and
// a recogniser per call.
type voiceSet struct {
	agent  voice.Streamer
	callee *espeak.Synth
	newRec func() (voice.Recognizer, error)
}

func newVoice(c *prompts.Campaign, o Speech) (*voiceSet, error) {
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
			return nil, ErrMandarinOffline
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

// lineConfig is the voice line configuration of a carrier's calls: complete
// answers end the callee's turn early; on real telephone calls (SIP and
// Twilio) the answering-machine detector listens from answer (a long
// greeting, a beep), so the session leaves the campaign's voicemail instead
// of the survey.
func lineConfig(k Kind, c *prompts.Campaign) voice.Config {
	cfg := voice.Config{CompleteAnswer: script.CompleteAnswer(c)}
	if k == SIP || k == Twilio {
		cfg.Machine = &voice.MachineConfig{}
	}
	return cfg
}

// The offline recogniser plugs straight into the voice line.
var _ voice.Recognizer = (*sphinx.Recognizer)(nil)
