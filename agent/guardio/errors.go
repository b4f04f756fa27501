package guardio

import "errors"

// ErrBadLines reports that at least one input line could not be classified;
// each got an {"error":"line N: ..."} record in the output.
var ErrBadLines = errors.New("some lines could not be classified")
