package carrier

import (
	"context"
	"fmt"

	"candor/agent"
	"candor/agent/telephony/webrtc"
)

// Answer connects a browser's call (WebRTC) from its SDP offer: the line the
// call runs on and the SDP answer. A failure to make the recogniser is a
// *voice.RecognizerError; a bad offer is wrapped in ErrOffer.
func (c *Carrier) Answer(ctx context.Context, offer string) (agent.Line, string, error) {
	if c.kind != WebRTC || c.lines == nil {
		return nil, "", errNotBrowser
	}
	tr, line, err := webrtc.NewLine(c.webrtc, c.lines)
	if err != nil {
		return nil, "", err
	}
	answer, err := tr.Answer(ctx, offer)
	if err != nil {
		_ = line.Hangup(ctx)
		return nil, "", fmt.Errorf("%w: %w", ErrOffer, err)
	}
	return line, answer, nil
}
