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
	"math"
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
	// Reference, when set, is a second JSGF grammar decoded on the same
	// audio, normally a loop of common words (grammar.JSGF of
	// grammar.Phrases{Garbage: true}). It sets Result.Confidence: how much
	// better per frame the Grammar path scores than the Reference path.
	// Speech outside the grammar is forced onto a phrase that fits worse than
	// free words, so its confidence is low. It doubles the decoding cost.
	Reference string
	// GarbageGrammar, for a pooled Recognizer, is Grammar with a garbage
	// path (grammar.Phrases.Garbage): a grammar phrase it also picks is
	// supported by a second pass.
	GarbageGrammar string
	// Lang is the language hint the pooled cross-check passes to the
	// guardrail classifier ("en" when empty).
	Lang string
	// Reject, when set, is asked about every non-empty result (after
	// Confidence is computed) and marks it Rejected when it returns true.
	Reject func(Result) bool
}

func (c Config) withDefaults() Config {
	if c.ModelDir == "" {
		c.ModelDir = DefaultModelDir
	}
	if c.Dict == "" {
		c.Dict = DefaultDict
	}
	if c.Lang == "" {
		c.Lang = "en"
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
	// Frames is the number of 10 ms feature frames decoded.
	Frames int
	// Confidence is (Score - reference score) / Frames when Config.Reference
	// is set and Text is not empty (HasConfidence): 0 means the grammar phrase
	// fits the audio as well as the reference path; negative is a worse fit.
	Confidence    float64
	HasConfidence bool
	// SpeechFrames is the number of frames the best path spends in words
	// (not in silence): with the length of Text it tells a phrase spoken at a
	// normal pace from longer speech forced onto a short phrase.
	SpeechFrames int
	// Coverage is SpeechFrames divided by the number of loud frames of the
	// utterance (within CoverageRangeDB of its loudest 10 ms frame), at most
	// 1: how much of the speech the best path explains with words rather
	// than silence or fillers. Speech outside the grammar is often
	// forced onto a short phrase with the rest absorbed as silence: its
	// coverage is low.
	Coverage float64

	// The passes of a pooled Recognizer (NewPooled): Grammar is the grammar
	// phrase (GrammarRejected when its own confidence rule rejected it),
	// General the general language-model transcript, Keywords the opt-out
	// keywords spotted, Source which pass Text comes from, and OptOut that
	// the passes agree the utterance is an opt-out.
	Grammar         string
	GrammarRejected bool
	General         string
	Keywords        []KeywordHit
	Source          Source
	OptOut          bool
	// HeardOptOut: Text does not read as an opt-out, but the words that
	// carry one were heard (spotted, or in the general transcript); the
	// agent should ask before going on (see HeardOptOut).
	HeardOptOut bool
	// GeneralRun: the general pass ran (it is skipped for a sure answer or
	// request, see needGeneral).
	GeneralRun bool
	// Busy: the utterance was not decoded, every decoder of the Model being
	// busy past ModelConfig.MaxWait (End also returns ErrBusy).
	Busy bool
}

// MaxUtterance is the longest utterance a pooled Recognizer decodes, in
// seconds: audio past it is dropped (an endpointer ends turns long before).
const MaxUtterance = 30

// keepBuffer is the largest utterance buffer (in samples) a pooled
// Recognizer keeps between utterances: about 4 s of audio.
const keepBuffer = 4 * SampleRate

// CoverageRangeDB is how far below the loudest 10 ms frame a frame still
// counts as loud for Result.Coverage.
const CoverageRangeDB = 30

// appendEnergy appends the energy in dB of each complete 10 ms (160-sample)
// frame of tail+s to e, keeping the incomplete rest in tail.
func appendEnergy(e []float64, tail *[]int16, s []int16) []float64 {
	const n = SampleRate / 100
	buf := append(*tail, s...)
	i := 0
	for ; i+n <= len(buf); i += n {
		var sum float64
		for _, v := range buf[i : i+n] {
			sum += float64(v) * float64(v)
		}
		e = append(e, 10*math.Log10(sum/n+1))
	}
	*tail = append((*tail)[:0], buf[i:]...)
	return e
}

// coverage returns words/loud, at most 1, where loud is the number of frames
// whose energy is within CoverageRangeDB of the loudest (1 when none is).
func coverage(energy []float64, words int) float64 {
	peak := math.Inf(-1)
	for _, v := range energy {
		peak = max(peak, v)
	}
	loud := 0
	for _, v := range energy {
		if v >= peak-CoverageRangeDB {
			loud++
		}
	}
	if loud == 0 {
		return 1
	}
	return min(1, float64(words)/float64(loud))
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

// Final ends the utterance and returns what a voice line acts on: the text,
// or "" when nothing usable was heard (a rejected result is speech that was
// not understood, never an opt-out or an answer).
func (r *Recognizer) Final() (string, error) {
	res, err := r.End()
	r.heardOptOut = err == nil && res.HeardOptOut
	if err != nil || res.Rejected {
		return "", err
	}
	return res.Text, nil
}

// HeardOptOut reports whether the utterance Final last returned held the
// words that carry an opt-out though its text does not read as one
// (Result.HeardOptOut).
func (r *Recognizer) HeardOptOut() bool { return r.heardOptOut }
