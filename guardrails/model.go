package guardrails

import (
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// The learned heads are a second opinion beside the rules: multinomial logistic
// regressions over hashed features (see ModelFeatures), trained by
// `go run ./guardrails/internal/train` on the team corpora and the hand-written
// sentences of testdata/model, and embedded here as int8 weights. They are
// deterministic, pure and allocation-light; how they may be combined with the
// rules is CombineRail and CombineIntent (model_combine.go).

//go:embed model_rail.bin
var modelRailBin []byte

//go:embed model_intent.bin
var modelIntentBin []byte

// RailClasses are the rail head's classes, in weight order; CategoryNone is allow.
var RailClasses = []Category{
	CategoryNone, CategoryClaimsHuman, CategoryFalseUrgency, CategoryGuaranteedOutcome,
	CategoryImpersonation, CategoryPrize, CategoryThreat, CategoryUnapprovedClaim,
}

// IntentClasses are the intent head's classes, in weight order.
var IntentClasses = []Intent{
	IntentNone, IntentOptOut, IntentRefusal, IntentCallback, IntentAskIfAI, IntentAskIdentity,
}

// ErrModel reports an embedded model file that cannot be read.
var ErrModel = errors.New("guardrails: bad model file")

// modelMagic starts every model file; the byte after it is the format version.
const modelMagic = "CNDM"

// LinearModel is one learned head: weights[f*Classes+c] * Scale is the weight
// of feature f for class c.
type LinearModel struct {
	Bits    int
	Classes int
	Scale   float32
	Weights []int8
}

// MarshalModel encodes m in the embedded file format: "CNDM", version 1, bits,
// classes, a zero byte, the scale (float32, little endian), then the weights.
func MarshalModel(m LinearModel) []byte {
	b := make([]byte, 0, 12+len(m.Weights))
	b = append(b, modelMagic...)
	b = append(b, 1, byte(m.Bits), byte(m.Classes), 0)
	b = binary.LittleEndian.AppendUint32(b, math.Float32bits(m.Scale))
	for _, w := range m.Weights {
		b = append(b, byte(w))
	}
	return b
}

// UnmarshalModel decodes a model file written by MarshalModel.
func UnmarshalModel(b []byte) (LinearModel, error) {
	if len(b) < 12 || string(b[:4]) != modelMagic {
		return LinearModel{}, fmt.Errorf("%w: missing %q header", ErrModel, modelMagic)
	}
	if b[4] != 1 {
		return LinearModel{}, fmt.Errorf("%w: version %d, want 1", ErrModel, b[4])
	}
	m := LinearModel{Bits: int(b[5]), Classes: int(b[6])}
	if m.Bits < 1 || m.Bits > 24 || m.Classes < 2 {
		return LinearModel{}, fmt.Errorf("%w: bits %d classes %d out of range", ErrModel, m.Bits, m.Classes)
	}
	m.Scale = math.Float32frombits(binary.LittleEndian.Uint32(b[8:12]))
	if want := (1 << m.Bits) * m.Classes; len(b)-12 != want {
		return LinearModel{}, fmt.Errorf("%w: %d weight bytes, want %d", ErrModel, len(b)-12, want)
	}
	m.Weights = make([]int8, len(b)-12)
	for i, v := range b[12:] {
		m.Weights[i] = int8(v)
	}
	return m, nil
}

// Probs writes the class probabilities of the features (from ModelFeatures)
// into out, which must hold m.Classes values.
func (m *LinearModel) Probs(feats []uint32, out []float32) {
	var acc [16]int32
	k := m.Classes
	mask := uint32(1)<<m.Bits - 1
	for _, f := range feats {
		row := m.Weights[int(f&mask)*k : int(f&mask)*k+k]
		for c, w := range row {
			acc[c] += int32(w)
		}
	}
	maxv := acc[0]
	for c := 1; c < k; c++ {
		maxv = max(maxv, acc[c])
	}
	var sum float32
	for c := 0; c < k; c++ {
		e := float32(math.Exp(float64(float32(acc[c]-maxv) * m.Scale)))
		out[c] = e
		sum += e
	}
	for c := 0; c < k; c++ {
		out[c] /= sum
	}
}

var (
	railModel, railModelErr     = UnmarshalModel(modelRailBin)
	intentModel, intentModelErr = UnmarshalModel(modelIntentBin)
)

// ModelError reports whether the embedded models loaded; the heads answer
// allow / none with probability 0 when they did not.
func ModelError() error { return errors.Join(railModelErr, intentModelErr) }

// ModelRail is the learned rail head's view of one agent sentence: p is the
// probability that it must be blocked (1 - P(allow)), cat the most probable
// blocking category (never CategoryNone unless the model is unavailable).
// lang is a hint as for ClassifyLang; the features read both scripts anyway.
func ModelRail(text, lang string) (cat Category, p float32) {
	return modelRailNorm(Normalize(text), hasQuestionMark(text))
}

// modelRailNorm is ModelRail on text already normalized (Rail.Check has it).
func modelRailNorm(norm string, question bool) (cat Category, p float32) {
	var probs [8]float32
	if railModelErr != nil || railModel.Classes != len(RailClasses) {
		return CategoryNone, 0
	}
	var buf [maxModelFeatures]uint32
	railModel.Probs(modelFeaturesNorm(norm, question, buf[:0]), probs[:len(RailClasses)])
	best := 1
	for c := 2; c < len(RailClasses); c++ {
		if probs[c] > probs[best] {
			best = c
		}
	}
	return RailClasses[best], 1 - probs[0]
}

// ModelIntent is the learned intent head's most probable intent for a callee
// utterance, with its probability. lang is a hint as for ClassifyLang.
func ModelIntent(text, lang string) (Intent, float32) {
	var probs [8]float32
	if !modelProbs(&intentModel, intentModelErr, text, probs[:len(IntentClasses)]) {
		return IntentNone, 0
	}
	best := 0
	for c := 1; c < len(IntentClasses); c++ {
		if probs[c] > probs[best] {
			best = c
		}
	}
	return IntentClasses[best], probs[best]
}

func modelProbs(m *LinearModel, err error, text string, out []float32) bool {
	if err != nil || m.Classes != len(out) {
		return false
	}
	var buf [maxModelFeatures]uint32
	feats := ModelFeatures(text, buf[:0])
	m.Probs(feats, out)
	return true
}
