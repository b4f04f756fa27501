//go:build !sphinx || !cgo

package sphinx

import (
	"errors"
	"testing"

	"candor/prompts"
)

func TestNewCampaignRecognizerNotBuilt(t *testing.T) {
	c, err := prompts.Example("service-followup-en")
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewCampaignRecognizer(c, true)
	if !errors.Is(err, ErrNotBuilt) || r != nil {
		t.Errorf("NewCampaignRecognizer without the sphinx tag: got %v, %v; want nil, ErrNotBuilt", r, err)
	}
}
