package audio

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
)

// Provider is the name candor gives itself as the provider of the
// AI-generated content in a recording's implicit label.
const Provider = "candor"

// LabelStandard names the rule the implicit label follows.
const LabelStandard = "GB 45438-2025 s5.2 (implicit label)"

// labelChunkID is the dedicated RIFF chunk holding the label as JSON.
const labelChunkID = "AIGC"

// labelMaxField bounds each field of a label, in bytes.
const labelMaxField = 512

// labelMaxChunk bounds the label chunks ReadWAVLabel decodes; larger ones are
// skipped.
const labelMaxChunk = 1 << 16

// AILabel is the implicit AI-content label of a recording (GB 45438-2025
// s5.2): metadata naming the content as AI-generated, its provider and a
// content id. WAV writers given a label store it twice, before the data
// chunk so that a file cut short still carries it:
//   - a LIST/INFO chunk with ISFT (the provider) and ICMT (Text), which
//     common audio tools show as software and comment;
//   - an "AIGC" chunk holding the label as JSON with the standard's
//     element names (Label "1" = AI-generated, ContentProducer, ProduceID)
//     and the business.
//
// The text is bilingual, so a Chinese and an English call carry the same
// label.
type AILabel struct {
	Provider  string // who generated the content: Provider
	Business  string // the registered name of the business the call is for
	ContentID string // the call id
}

// Text is the label as one line: "AI-generated content (人工智能生成内容);
// provider: candor; business: ...; content id: ...".
func (l AILabel) Text() string {
	l = l.clean()
	var b strings.Builder
	b.WriteString("AI-generated content (人工智能生成内容); provider: ")
	b.WriteString(l.Provider)
	if l.Business != "" {
		b.WriteString("; business: ")
		b.WriteString(l.Business)
	}
	if l.ContentID != "" {
		b.WriteString("; content id: ")
		b.WriteString(l.ContentID)
	}
	return b.String()
}

// clean fills the provider and strips what a RIFF text field cannot hold
// (NUL and other control characters), capping each field's length.
func (l AILabel) clean() AILabel {
	f := func(s string) string {
		s = strings.ToValidUTF8(s, "")
		s = strings.Map(func(r rune) rune {
			if unicode.IsControl(r) {
				return -1
			}
			return r
		}, s)
		s = strings.TrimSpace(s)
		for len(s) > labelMaxField {
			s = strings.ToValidUTF8(s[:labelMaxField], "")
		}
		return s
	}
	l.Provider, l.Business, l.ContentID = f(l.Provider), f(l.Business), f(l.ContentID)
	if l.Provider == "" {
		l.Provider = Provider
	}
	return l
}

// labelJSON is the AIGC chunk's content.
type labelJSON struct {
	Label           string `json:"Label"`
	ContentProducer string `json:"ContentProducer"`
	ProduceID       string `json:"ProduceID,omitempty"`
	Business        string `json:"Business,omitempty"`
	Text            string `json:"Text"`
}

// chunks returns the label's RIFF chunks: LIST/INFO, then AIGC.
func (l AILabel) chunks() []byte {
	l = l.clean()
	var info []byte
	info = append(info, "INFO"...)
	info = appendChunk(info, "ISFT", append([]byte(l.Provider), 0))
	info = appendChunk(info, "ICMT", append([]byte(l.Text()), 0))
	out := appendChunk(nil, "LIST", info)
	js, _ := json.Marshal(labelJSON{Label: "1", ContentProducer: l.Provider, ProduceID: l.ContentID,
		Business: l.Business, Text: l.Text()}) // cannot fail: strings only
	return appendChunk(out, labelChunkID, js)
}

// appendChunk appends a RIFF chunk: id, size, body and a pad byte to an even
// length.
func appendChunk(b []byte, id string, body []byte) []byte {
	b = append(b, id...)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(body)))
	b = append(b, body...)
	if len(body)&1 == 1 {
		b = append(b, 0)
	}
	return b
}

// ReadWAVLabel reads the chunks of a RIFF/WAVE stream up to its data chunk
// and returns the AI-content label they carry, or nil when there is none. A
// malformed or oversized label chunk counts as none; a stream that is not a
// WAV gives an error wrapping ErrNotWAV.
func ReadWAVLabel(r io.Reader) (*AILabel, error) {
	var hdr [12]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, wavReadErr("RIFF header", err)
	}
	if string(hdr[0:4]) != "RIFF" || string(hdr[8:12]) != "WAVE" {
		return nil, fmt.Errorf("%w: missing RIFF/WAVE signature", ErrNotWAV)
	}
	for {
		var ch [8]byte
		if _, err := io.ReadFull(r, ch[:]); err != nil {
			if errors.Is(err, io.EOF) {
				return nil, nil
			}
			return nil, wavReadErr("chunk header", err)
		}
		id := string(ch[0:4])
		size := int64(binary.LittleEndian.Uint32(ch[4:8]))
		skip := size + size&1
		if id == "data" {
			return nil, nil
		}
		if id != labelChunkID || size > labelMaxChunk {
			if _, err := io.CopyN(io.Discard, r, skip); err != nil {
				return nil, wavReadErr(fmt.Sprintf("%q chunk", id), err)
			}
			continue
		}
		buf := make([]byte, skip)
		if _, err := io.ReadFull(r, buf); err != nil {
			return nil, wavReadErr("AIGC chunk", err)
		}
		var j labelJSON
		if json.Unmarshal(buf[:size], &j) != nil || j.Label != "1" {
			continue
		}
		return &AILabel{Provider: j.ContentProducer, Business: j.Business, ContentID: j.ProduceID}, nil
	}
}
