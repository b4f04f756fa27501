package espeak

import (
	"encoding/binary"
	"fmt"
	"io"
)

// wavFormat is what the stream header says about the samples that follow.
type wavFormat struct {
	Rate     int
	Channels int
	Bits     int
}

// maxSkippedChunk bounds the size of a non-audio chunk skipped before "data".
const maxSkippedChunk = 1 << 16

// readWAVHeader reads a RIFF/WAVE header up to the start of the "data" chunk
// and leaves r positioned on the first sample. espeak-ng writes the header
// before it knows the length (the size fields hold placeholders), so the
// sizes of RIFF and data are ignored: the samples run to the end of the stream.
func readWAVHeader(r io.Reader) (wavFormat, error) {
	var f wavFormat
	var riff [12]byte
	if _, err := io.ReadFull(r, riff[:]); err != nil {
		return f, fmt.Errorf("%w: reading RIFF header: %w", ErrBadAudio, err)
	}
	if string(riff[0:4]) != "RIFF" || string(riff[8:12]) != "WAVE" {
		return f, fmt.Errorf("%w: not a RIFF/WAVE stream", ErrBadAudio)
	}
	haveFmt := false
	for range 16 { // a handful of chunks at most before data
		var hdr [8]byte
		if _, err := io.ReadFull(r, hdr[:]); err != nil {
			return f, fmt.Errorf("%w: reading chunk header: %w", ErrBadAudio, err)
		}
		id := string(hdr[0:4])
		size := binary.LittleEndian.Uint32(hdr[4:8])
		switch id {
		case "fmt ":
			if size < 16 || size > 64 {
				return f, fmt.Errorf("%w: fmt chunk of %d bytes", ErrBadAudio, size)
			}
			body := make([]byte, size+size%2)
			if _, err := io.ReadFull(r, body); err != nil {
				return f, fmt.Errorf("%w: reading fmt chunk: %w", ErrBadAudio, err)
			}
			if tag := binary.LittleEndian.Uint16(body[0:2]); tag != 1 {
				return f, fmt.Errorf("%w: format tag %d, want 1 (PCM)", ErrBadAudio, tag)
			}
			f.Channels = int(binary.LittleEndian.Uint16(body[2:4]))
			f.Rate = int(binary.LittleEndian.Uint32(body[4:8]))
			f.Bits = int(binary.LittleEndian.Uint16(body[14:16]))
			haveFmt = true
		case "data":
			if !haveFmt {
				return f, fmt.Errorf("%w: data chunk before fmt chunk", ErrBadAudio)
			}
			if f.Channels != 1 || f.Bits != 16 || f.Rate < 4000 || f.Rate > 192000 {
				return f, fmt.Errorf("%w: %d channels, %d bits, %d Hz; want mono 16-bit", ErrBadAudio, f.Channels, f.Bits, f.Rate)
			}
			return f, nil
		default:
			if size > maxSkippedChunk {
				return f, fmt.Errorf("%w: %q chunk of %d bytes before data", ErrBadAudio, id, size)
			}
			if _, err := io.CopyN(io.Discard, r, int64(size+size%2)); err != nil {
				return f, fmt.Errorf("%w: skipping %q chunk: %w", ErrBadAudio, id, err)
			}
		}
	}
	return f, fmt.Errorf("%w: no data chunk", ErrBadAudio)
}
