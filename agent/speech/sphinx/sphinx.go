// Package sphinx is candor's offline speech recogniser: CMU pocketsphinx 0.8
// (BSD licence, Debian packages pocketsphinx, libpocketsphinx-dev,
// libsphinxbase-dev and the pocketsphinx-en-us model) through cgo.
//
// The cgo code is behind the build tag "sphinx": without it (or without cgo)
// the package still compiles and New returns an error wrapping ErrNotBuilt, so
// `go build ./...` works on machines without the C libraries.
//
// Recognition is constrained by a JSGF grammar of the phrases expected at that
// point of the call (see package grammar). A grammar maps any speech onto some
// phrase, so the grammar can carry a garbage path (a loop of common filler
// words, see grammar.Phrases.Garbage) and the Recognizer reports as Rejected
// any result that is not one of the Expected phrases.
//
// Audio must be 16 kHz: pocketsphinx's en-US model refuses 8 kHz, so phone
// audio is upsampled by the caller. Phone-band audio (8 kHz, G.711) needs
// Config.Telephone, which gives the feature extraction a cepstral-mean start
// value measured on phone-band audio: the model's own feat.params sets
// -cmninit for wide-band audio and overrides the command-line value.
package sphinx

import (
	"fmt"
	"strings"
	"time"
)

// Default model paths of Debian's pocketsphinx-en-us package.
const (
	DefaultModelDir = "/usr/share/pocketsphinx/model/en-us/en-us"
	DefaultDict     = "/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict"
)

// SampleRate is the only rate a Recognizer accepts.
const SampleRate = 16000

// TelephoneCMNInit is the initial cepstral mean for phone-band audio
// (300-3400 Hz, 8 kHz sampling, upsampled to 16 kHz), measured by decoding
// phone-band speech with the en-US model and reading the live CMN estimate.
// The model's wide-band value is
// 41.00,-5.29,-0.12,5.09,2.48,-4.07,-1.37,-1.78,-5.08,-2.05,-6.45,-1.42,1.17.
const TelephoneCMNInit = "39.83,32.77,-36.68,31.80,-18.52,-15.25,11.85,-30.83,5.34,-4.84,-7.65,7.70,-10.31"

// Config configures a Recognizer.
type Config struct {
	// ModelDir is the acoustic model directory (DefaultModelDir when empty).
	ModelDir string
	// Dict is the pronunciation dictionary (DefaultDict when empty).
	Dict string
	// Grammar is the JSGF grammar text (see grammar.JSGF). Required.
	Grammar string
	// Telephone selects feature settings for phone-band audio (8 kHz or G.711
	// upsampled to 16 kHz).
	Telephone bool
	// Expected, when not empty, turns on rejection: a result that is not one
	// of these phrases is Rejected. Pair it with a grammar that has a garbage
	// path (grammar.Phrases.Garbage) and pass grammar.Keyphrases of the same
	// phrases: off-topic speech then ends on the garbage path instead of being
	// forced onto an expected phrase.
	Expected []string
}

func (c Config) withDefaults() Config {
	if c.ModelDir == "" {
		c.ModelDir = DefaultModelDir
	}
	if c.Dict == "" {
		c.Dict = DefaultDict
	}
	return c
}

// Validate reports the first invalid field, after defaults.
func (c Config) Validate() error {
	c = c.withDefaults()
	if strings.TrimSpace(c.Grammar) == "" {
		return fmt.Errorf("%w: Grammar is empty", ErrBadConfig)
	}
	return nil
}

// Result is the outcome of one utterance.
type Result struct {
	// Text is the best grammar phrase ("" when nothing was recognised).
	Text string
	// Rejected is true when rejection is on and the speech was most likely
	// not one of the expected phrases: Text should not be trusted.
	Rejected bool
	// Score is pocketsphinx's path score of Text (a log probability, <= 0;
	// closer to 0 is better). Scores compare only within one utterance.
	Score int
	// Audio is the duration of audio in the utterance.
	Audio time.Duration
}

// telephoneFeatParams rewrites a model's feat.params for phone-band audio:
// the -cmninit line is replaced (or added) with TelephoneCMNInit, everything
// else is kept.
func telephoneFeatParams(orig string) string {
	var b strings.Builder
	replaced := false
	for _, line := range strings.Split(strings.TrimRight(orig, "\n"), "\n") {
		if f := strings.Fields(line); len(f) > 0 && f[0] == "-cmninit" {
			line = "-cmninit " + TelephoneCMNInit
			replaced = true
		}
		b.WriteString(line + "\n")
	}
	if !replaced {
		b.WriteString("-cmninit " + TelephoneCMNInit + "\n")
	}
	return b.String()
}
