package grammar

import "errors"

// ErrDictionary means a pronunciation dictionary could not be read.
var ErrDictionary = errors.New("grammar: cannot read pronunciation dictionary")
