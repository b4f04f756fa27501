package sip

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/pion/sdp/v3"
)

// Payload types offered.
const (
	ptPCMU          = 0
	ptPCMA          = 8
	ptTelephoneEvDf = 101
)

// Codec is the audio codec chosen for a call.
type Codec struct {
	PayloadType uint8
	Name        string // "PCMU" or "PCMA"
}

// Answer is what candor needs from the callee's SDP answer.
type Answer struct {
	// Addr is where to send RTP.
	Addr  netip.AddrPort
	Codec Codec
	// DTMF is the telephone-event payload type, or -1 when the callee has none.
	DTMF int
	// Direction is sendrecv, sendonly, recvonly or inactive (default sendrecv).
	Direction string
}

// offerSDP builds the offer: PCMU, PCMA and telephone-event on the RTP port.
func offerSDP(ip netip.Addr, port int) ([]byte, error) {
	id := uint64(time.Now().UnixNano() & 0x7fffffffffff)
	addrType := "IP4"
	if ip.Is6() && !ip.Is4In6() {
		addrType = "IP6"
	}
	ci := &sdp.ConnectionInformation{NetworkType: "IN", AddressType: addrType, Address: &sdp.Address{Address: ip.String()}}
	s := sdp.SessionDescription{
		Origin:                sdp.Origin{Username: "candor", SessionID: id, SessionVersion: id, NetworkType: "IN", AddressType: addrType, UnicastAddress: ip.String()},
		SessionName:           "candor",
		ConnectionInformation: ci,
		TimeDescriptions:      []sdp.TimeDescription{{}},
		MediaDescriptions: []*sdp.MediaDescription{{
			MediaName: sdp.MediaName{Media: "audio", Port: sdp.RangedPort{Value: port}, Protos: []string{"RTP", "AVP"},
				Formats: []string{"0", "8", strconv.Itoa(ptTelephoneEvDf)}},
			Attributes: []sdp.Attribute{
				sdp.NewAttribute("rtpmap", "0 PCMU/8000"),
				sdp.NewAttribute("rtpmap", "8 PCMA/8000"),
				sdp.NewAttribute("rtpmap", strconv.Itoa(ptTelephoneEvDf)+" telephone-event/8000"),
				sdp.NewAttribute("fmtp", strconv.Itoa(ptTelephoneEvDf)+" 0-16"),
				sdp.NewAttribute("ptime", "20"),
				sdp.NewPropertyAttribute("sendrecv"),
			},
		}},
	}
	return s.Marshal()
}

// ParseAnswer reads an SDP answer: the first active audio stream, its
// address, the first of PCMU and PCMA it lists, and its telephone-event
// payload type. Errors wrap ErrBadSDP or ErrNoCodec.
func ParseAnswer(b []byte) (Answer, error) {
	var s sdp.SessionDescription
	if len(b) == 0 {
		return Answer{}, fmt.Errorf("%w: empty body", ErrBadSDP)
	}
	if err := s.Unmarshal(b); err != nil {
		return Answer{}, fmt.Errorf("%w: %v", ErrBadSDP, err)
	}
	var m *sdp.MediaDescription
	for _, md := range s.MediaDescriptions {
		if md != nil && md.MediaName.Media == "audio" && md.MediaName.Port.Value != 0 {
			m = md
			break
		}
	}
	if m == nil {
		return Answer{}, fmt.Errorf("%w: no active audio stream", ErrBadSDP)
	}
	if p := m.MediaName.Port.Value; p < 1 || p > 65535 {
		return Answer{}, fmt.Errorf("%w: audio port %d", ErrBadSDP, p)
	}
	if !hasProto(m.MediaName.Protos, "AVP") {
		return Answer{}, fmt.Errorf("%w: audio profile %q is not RTP/AVP", ErrBadSDP, strings.Join(m.MediaName.Protos, "/"))
	}
	ci := m.ConnectionInformation
	if ci == nil {
		ci = s.ConnectionInformation
	}
	if ci == nil || ci.Address == nil {
		return Answer{}, fmt.Errorf("%w: no connection address", ErrBadSDP)
	}
	ip, err := netip.ParseAddr(ci.Address.Address)
	if err != nil {
		return Answer{}, fmt.Errorf("%w: connection address %q is not an IP address", ErrBadSDP, ci.Address.Address)
	}
	if ip.IsUnspecified() {
		return Answer{}, fmt.Errorf("%w: connection address %s (call on hold)", ErrBadSDP, ip)
	}
	a := Answer{Addr: netip.AddrPortFrom(ip.Unmap(), uint16(m.MediaName.Port.Value)), DTMF: -1, Direction: "sendrecv"}

	names := map[int]string{0: "PCMU/8000", 8: "PCMA/8000"} // static payload types
	for _, at := range m.Attributes {
		switch at.Key {
		case "rtpmap":
			pt, enc, ok := strings.Cut(at.Value, " ")
			n, err := strconv.Atoi(pt)
			if !ok || err != nil || n < 0 || n > 127 {
				return Answer{}, fmt.Errorf("%w: rtpmap %q", ErrBadSDP, at.Value)
			}
			names[n] = strings.TrimSpace(enc)
		case "sendrecv", "sendonly", "recvonly", "inactive":
			a.Direction = at.Key
		}
	}
	found := false
	for _, f := range m.MediaName.Formats {
		n, err := strconv.Atoi(f)
		if err != nil || n < 0 || n > 127 {
			return Answer{}, fmt.Errorf("%w: payload type %q", ErrBadSDP, f)
		}
		enc := strings.ToUpper(names[n])
		switch {
		case !found && strings.HasPrefix(enc, "PCMU/8000"):
			a.Codec, found = Codec{PayloadType: uint8(n), Name: "PCMU"}, true
		case !found && strings.HasPrefix(enc, "PCMA/8000"):
			a.Codec, found = Codec{PayloadType: uint8(n), Name: "PCMA"}, true
		case strings.HasPrefix(enc, "TELEPHONE-EVENT/8000") && a.DTMF < 0:
			a.DTMF = n
		}
	}
	if !found {
		return Answer{}, fmt.Errorf("%w: answer formats %v", ErrNoCodec, m.MediaName.Formats)
	}
	if a.DTMF == int(a.Codec.PayloadType) {
		return Answer{}, fmt.Errorf("%w: payload type %d used twice", ErrBadSDP, a.DTMF)
	}
	return a, nil
}

func hasProto(protos []string, want string) bool {
	for _, p := range protos {
		if p == want {
			return true
		}
	}
	return false
}
