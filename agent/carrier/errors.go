package carrier

import "errors"

// ErrMandarinOffline explains why Mandarin cannot be recognised offline.
var ErrMandarinOffline = errors.New("offline recognition of Mandarin is not available (Debian ships no Mandarin pocketsphinx model): " +
	"use --text, or an OpenAI-compatible transcription endpoint")

// errNotBrowser: Answer on a carrier that is not WebRTC.
var errNotBrowser = errors.New("carrier: only the webrtc carrier answers a browser")

// ErrOffer: a browser's SDP offer could not be answered.
var ErrOffer = errors.New("the offer could not be answered")

// ErrRefusedDNC: the callee is on the do-not-call list; nothing was dialled.
var ErrRefusedDNC = errors.New("refused, nothing was dialled")

// ErrNoTrunkFile: a route names a SIP trunk but no trunk file.
var ErrNoTrunkFile = errors.New("--trunk needs a trunk file: --trunks FILE or CANDOR_TRUNKS")
