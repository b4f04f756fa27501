//go:build !sphinx || !cgo

package sphinx

import (
	"errors"
	"testing"
)

func TestNotBuilt(t *testing.T) {
	r, err := New(Config{Grammar: "#JSGF V1.0;"})
	if !errors.Is(err, ErrNotBuilt) || r != nil {
		t.Errorf("New without the sphinx tag: got %v, %v; want nil, ErrNotBuilt", r, err)
	}
}
