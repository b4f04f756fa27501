package stores

import "errors"

// Sentinel errors of the data commands.
var (
	// ErrFormat: an output format the command does not write.
	ErrFormat = errors.New("unknown output format")
	// ErrNoCampaignData: the store holds nothing of the campaign (a typo in
	// its name, or the wrong database).
	ErrNoCampaignData = errors.New("no contacts, calls or skipped numbers")
)
