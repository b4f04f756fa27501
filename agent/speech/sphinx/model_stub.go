//go:build !sphinx || !cgo

package sphinx

import (
	"fmt"
)

// decoder is the placeholder of builds without the sphinx tag.
type decoder struct{}

func newModel(cfg ModelConfig) (*Model, error) {
	return nil, fmt.Errorf("sphinx: %w", ErrNotBuilt)
}

func (m *Model) freeDecoders() {}

func (m *Model) hear(jsgf, garbage, ref string, samples []int16, cmn []float32, needGeneral func(hearing) bool) (hearing, []float32, error) {
	return hearing{}, nil, ErrNotBuilt
}

// NewPooled returns an error wrapping ErrNotBuilt.
func NewPooled(m *Model, cfg Config) (*Recognizer, error) {
	return nil, fmt.Errorf("sphinx: %w", ErrNotBuilt)
}

func newPooled(*Model, Config, map[string]phraseKind) (*Recognizer, error) {
	return nil, fmt.Errorf("sphinx: %w", ErrNotBuilt)
}
