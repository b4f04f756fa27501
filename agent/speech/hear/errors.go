package hear

import (
	"errors"
	"fmt"

	"candor/agent/speech/sphinx"
)

// Errors of Run and of one file's Result.
var (
	// ErrRate: a file's audio is neither 8 nor 16 kHz.
	ErrRate = errors.New("want 8000 or 16000 Hz audio")
	// ErrLong: a file is longer than one utterance can be.
	ErrLong = fmt.Errorf("longer than %d s (one utterance per file)", sphinx.MaxUtterance)
	// ErrNoQuestion: Config.Question names no question of the campaign.
	ErrNoQuestion = errors.New("no question")
	// ErrFailed: at least one file could not be heard (its Result says why).
	ErrFailed = errors.New("some files could not be heard")
)
