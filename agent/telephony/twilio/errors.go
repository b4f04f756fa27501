package twilio

import "errors"

// Errors of the Twilio line.
var (
	// ErrBadJSON: a Media Streams frame is not valid JSON.
	ErrBadJSON = errors.New("twilio: frame is not valid JSON")
	// ErrBadBase64: a media payload is not valid base64.
	ErrBadBase64 = errors.New("twilio: media payload is not valid base64")
	// ErrUnknownEvent: a frame names an event Media Streams does not define.
	ErrUnknownEvent = errors.New("twilio: unknown event")
	// ErrMalformed: a frame lacks a field its event needs, or a field is invalid.
	ErrMalformed = errors.New("twilio: malformed frame")
	// ErrOversized: a frame is larger than MaxFrameSize.
	ErrOversized = errors.New("twilio: frame too large")
	// ErrMediaFormat: the stream's audio is not 8 kHz mono mu-law.
	ErrMediaFormat = errors.New("twilio: unsupported media format")
	// ErrStreamClosed: the WebSocket closed before the call ended.
	ErrStreamClosed = errors.New("twilio: media stream closed mid-call")
	// ErrUnknownCall: a stream or callback names no call this dialer placed.
	ErrUnknownCall = errors.New("twilio: unknown call")
	// ErrBadSignature: a webhook's X-Twilio-Signature is missing or wrong.
	ErrBadSignature = errors.New("twilio: bad or missing request signature")
	// ErrAPI: the REST API refused a request.
	ErrAPI = errors.New("twilio: REST API error")
	// ErrBusy: the callee's line was busy.
	ErrBusy = errors.New("twilio: busy")
	// ErrCanceled: the call was cancelled before it was answered.
	ErrCanceled = errors.New("twilio: call canceled")
	// ErrCallFailed: Twilio could not place the call.
	ErrCallFailed = errors.New("twilio: call failed")
	// ErrNoStream: the call was answered but its media stream never started.
	ErrNoStream = errors.New("twilio: media stream did not start")
)
