//go:build !sphinx || !cgo

package sphinx

import (
	"fmt"

	"candor/agent/audio"
)

// Recognizer is the placeholder of builds without the sphinx tag: New always
// fails with ErrNotBuilt, so no method is reachable on a valid value.
type Recognizer struct{ heardOptOut bool }

// New returns an error wrapping ErrNotBuilt: this binary was built without
// pocketsphinx.
func New(cfg Config) (*Recognizer, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return nil, fmt.Errorf("sphinx: %w", ErrNotBuilt)
}

// SetLogFile returns ErrNotBuilt.
func SetLogFile(string) error { return ErrNotBuilt }

// Start returns ErrNotBuilt.
func (r *Recognizer) Start() error { return ErrNotBuilt }

// Write returns ErrNotBuilt.
func (r *Recognizer) Write(audio.Frame) error { return ErrNotBuilt }

// WriteFrame returns ErrNotBuilt.
func (r *Recognizer) WriteFrame(audio.Frame) error { return ErrNotBuilt }

// Partial returns "".
func (r *Recognizer) Partial() string { return "" }

// End returns ErrNotBuilt.
func (r *Recognizer) End() (Result, error) { return Result{}, ErrNotBuilt }

// Close does nothing.
func (r *Recognizer) Close() error { return nil }
