package openai

import (
	"encoding/binary"
	"fmt"
	"io"
)

// wavHeaderLen is the size of the canonical PCM WAV header.
const wavHeaderLen = 44

// maxWAVSamples keeps the RIFF sizes inside 32 bits.
const maxWAVSamples = (1<<32 - 1 - 36) / 2

// writeWAV writes pcm as a 16-bit mono PCM WAV file at rate samples per
// second: the 44-byte RIFF/WAVE header, then the little-endian samples.
func writeWAV(w io.Writer, pcm []int16, rate int) error {
	if rate <= 0 || rate > 384000 {
		return fmt.Errorf("%w: sample rate %d", ErrInvalidInput, rate)
	}
	if len(pcm) > maxWAVSamples {
		return fmt.Errorf("%w: %d samples do not fit a WAV file", ErrInvalidInput, len(pcm))
	}
	const (
		channels      = 1
		bitsPerSample = 16
		blockAlign    = channels * bitsPerSample / 8
	)
	dataLen := uint32(len(pcm) * blockAlign)
	var h [wavHeaderLen]byte
	le := binary.LittleEndian
	copy(h[0:4], "RIFF")
	le.PutUint32(h[4:8], 36+dataLen)
	copy(h[8:12], "WAVE")
	copy(h[12:16], "fmt ")
	le.PutUint32(h[16:20], 16) // fmt chunk size
	le.PutUint16(h[20:22], 1)  // PCM
	le.PutUint16(h[22:24], channels)
	le.PutUint32(h[24:28], uint32(rate))
	le.PutUint32(h[28:32], uint32(rate*blockAlign))
	le.PutUint16(h[32:34], blockAlign)
	le.PutUint16(h[34:36], bitsPerSample)
	copy(h[36:40], "data")
	le.PutUint32(h[40:44], dataLen)
	if _, err := w.Write(h[:]); err != nil {
		return err
	}
	buf := make([]byte, 0, min(len(pcm), 4096)*2)
	for len(pcm) > 0 {
		n := min(len(pcm), 4096)
		buf = buf[:0]
		for _, s := range pcm[:n] {
			buf = le.AppendUint16(buf, uint16(s))
		}
		if _, err := w.Write(buf); err != nil {
			return err
		}
		pcm = pcm[n:]
	}
	return nil
}
