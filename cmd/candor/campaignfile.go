package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"candor/prompts"
)

// loadCampaign reads and validates the campaign file at path. Files are
// opened here, at the edge: prompts only decodes what it is given.
func loadCampaign(path string) (*prompts.Campaign, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load campaign: %w", err)
	}
	defer f.Close()
	return prompts.Read(path, f)
}

// resolveCampaign loads an embedded example when nameOrPath names one, and
// the campaign file at nameOrPath otherwise.
func resolveCampaign(nameOrPath string) (*prompts.Campaign, error) {
	if prompts.IsExample(nameOrPath) {
		return prompts.Example(nameOrPath)
	}
	if _, err := os.Stat(nameOrPath); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, prompts.NotFound(nameOrPath)
		}
		return nil, fmt.Errorf("resolve campaign: %w", err)
	}
	return loadCampaign(nameOrPath)
}
