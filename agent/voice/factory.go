package voice

// Factory makes the voice line of each call: one tuning and a new recogniser
// per call. Every adapter that carries audio (loopback, SIP, Twilio, WebRTC)
// takes one; agent/carrier builds it for a campaign.
type Factory struct {
	// Config tunes every line; the transport sets its own part (its frame
	// rate, its clock, the observer it chains) through NewLine's with.
	Config Config
	// NewRecognizer makes the recogniser of one call.
	NewRecognizer func() (Recognizer, error)
}

// RecognizerError is a failure to make a call's recogniser, so that an
// adapter can tell it from a bad line configuration. Its text is the
// recogniser's own.
type RecognizerError struct{ Err error }

func (e *RecognizerError) Error() string { return e.Err.Error() }

func (e *RecognizerError) Unwrap() error { return e.Err }

// NewLine makes one call's line on tr with a new recogniser. with, when not
// nil, adjusts a copy of the factory's Config for this transport.
func (f *Factory) NewLine(tr Transport, with func(*Config)) (*Line, error) {
	if f == nil || f.NewRecognizer == nil {
		return nil, &RecognizerError{Err: errNoRecognizer}
	}
	rec, err := f.NewRecognizer()
	if err != nil {
		return nil, &RecognizerError{Err: err}
	}
	cfg := f.Config
	if with != nil {
		with(&cfg)
	}
	return NewLine(cfg, tr, rec)
}
