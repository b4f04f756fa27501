package audio

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"time"
)

// PCM is a whole decoded recording: mono 16-bit samples at Rate per second.
type PCM struct {
	Rate    int
	Samples []int16
}

// Duration returns the length of the recording.
func (p *PCM) Duration() time.Duration {
	if p.Rate <= 0 {
		return 0
	}
	return time.Duration(len(p.Samples)) * time.Second / time.Duration(p.Rate)
}

// WAV format tags (the wFormatTag field of the fmt chunk).
const (
	wavPCM        = 0x0001
	wavFloat      = 0x0003
	wavAlaw       = 0x0006
	wavMulaw      = 0x0007
	wavExtensible = 0xFFFE
)

const (
	wavMaxFmtChunk = 1 << 16
	wavMaxChannels = 32
	wavMaxRate     = 1 << 20
	wavStreamSize  = 0xFFFFFFFF // data size written by streaming writers
	wavHeaderSize  = 44
)

// The GUID tail shared by the KSDATAFORMAT_SUBTYPE_* formats that map to a
// plain format tag: {XXXXXXXX-0000-0010-8000-00AA00389B71}.
var wavSubtypeTail = [12]byte{0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71}

type wavFormat struct {
	tag        uint16
	channels   int
	rate       int
	blockAlign int
	bits       int
}

// ReadWAV decodes a RIFF/WAVE stream to mono 16-bit PCM. It accepts integer
// PCM of 8, 16, 24 and 32 bits, 32-bit float, G.711 A-law (tag 6) and mu-law
// (tag 7), directly or inside WAVE_FORMAT_EXTENSIBLE, with any number of
// channels (averaged to mono). Chunks other than fmt and data are skipped;
// chunks after data are not read. A data chunk whose size is 0 or
// 0xFFFFFFFF, or larger than what follows (as streaming writers such as
// `espeak-ng --stdout` leave it), is read to the end of r; a trailing partial
// sample frame is dropped.
//
// Malformed input gives an error wrapping ErrNotWAV, a valid but
// unsupported encoding one wrapping ErrUnsupported; errors of r other than
// a premature end are returned wrapped as they are.
func ReadWAV(r io.Reader) (*PCM, error) {
	var hdr [12]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, wavReadErr("RIFF header", err)
	}
	if string(hdr[0:4]) != "RIFF" || string(hdr[8:12]) != "WAVE" {
		return nil, fmt.Errorf("%w: missing RIFF/WAVE signature", ErrNotWAV)
	}
	var f *wavFormat
	for {
		var ch [8]byte
		if _, err := io.ReadFull(r, ch[:]); err != nil {
			if errors.Is(err, io.EOF) {
				return nil, fmt.Errorf("%w: no data chunk", ErrNotWAV)
			}
			return nil, wavReadErr("chunk header", err)
		}
		id := string(ch[0:4])
		size := binary.LittleEndian.Uint32(ch[4:8])
		switch id {
		case "fmt ":
			if f != nil {
				return nil, fmt.Errorf("%w: second fmt chunk", ErrNotWAV)
			}
			if size < 16 || size > wavMaxFmtChunk {
				return nil, fmt.Errorf("%w: fmt chunk of %d bytes", ErrNotWAV, size)
			}
			buf := make([]byte, size+size&1)
			if _, err := io.ReadFull(r, buf); err != nil {
				return nil, wavReadErr("fmt chunk", err)
			}
			var err error
			if f, err = parseWAVFormat(buf[:size]); err != nil {
				return nil, err
			}
		case "data":
			if f == nil {
				return nil, fmt.Errorf("%w: data chunk before fmt chunk", ErrNotWAV)
			}
			src := r
			if size != 0 && size != wavStreamSize {
				src = io.LimitReader(r, int64(size))
			}
			samples, err := decodeWAVData(src, f)
			if err != nil {
				return nil, err
			}
			return &PCM{Rate: f.rate, Samples: samples}, nil
		default:
			skip := int64(size) + int64(size&1)
			if n, err := io.CopyN(io.Discard, r, skip); err != nil {
				if errors.Is(err, io.EOF) {
					return nil, fmt.Errorf("%w: %q chunk truncated after %d of %d bytes, no data chunk", ErrNotWAV, id, n, skip)
				}
				return nil, fmt.Errorf("audio: read WAV %q chunk: %w", id, err)
			}
		}
	}
}

func wavReadErr(what string, err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("%w: truncated %s", ErrNotWAV, what)
	}
	return fmt.Errorf("audio: read WAV %s: %w", what, err)
}

func parseWAVFormat(b []byte) (*wavFormat, error) {
	le := binary.LittleEndian
	f := &wavFormat{
		tag:        le.Uint16(b[0:2]),
		channels:   int(le.Uint16(b[2:4])),
		rate:       int(le.Uint32(b[4:8])),
		blockAlign: int(le.Uint16(b[12:14])),
		bits:       int(le.Uint16(b[14:16])),
	}
	if f.tag == wavExtensible {
		if len(b) < 40 || le.Uint16(b[16:18]) < 22 {
			return nil, fmt.Errorf("%w: WAVE_FORMAT_EXTENSIBLE fmt chunk of %d bytes, want 40", ErrNotWAV, len(b))
		}
		if [12]byte(b[28:40]) != wavSubtypeTail {
			return nil, fmt.Errorf("%w: WAVE_FORMAT_EXTENSIBLE subformat %x", ErrUnsupported, b[24:40])
		}
		f.tag = uint16(le.Uint32(b[24:28]))
	}
	if f.channels == 0 {
		return nil, fmt.Errorf("%w: zero channels", ErrNotWAV)
	}
	if f.rate == 0 {
		return nil, fmt.Errorf("%w: zero sample rate", ErrNotWAV)
	}
	if f.channels > wavMaxChannels {
		return nil, fmt.Errorf("%w: %d channels", ErrUnsupported, f.channels)
	}
	if f.rate > wavMaxRate {
		return nil, fmt.Errorf("%w: sample rate %d Hz", ErrUnsupported, f.rate)
	}
	ok := false
	switch f.tag {
	case wavPCM:
		ok = f.bits == 8 || f.bits == 16 || f.bits == 24 || f.bits == 32
	case wavFloat:
		ok = f.bits == 32
	case wavAlaw, wavMulaw:
		ok = f.bits == 8
	default:
		return nil, fmt.Errorf("%w: format tag %#04x", ErrUnsupported, f.tag)
	}
	if !ok {
		return nil, fmt.Errorf("%w: %d bits per sample with format tag %#04x", ErrUnsupported, f.bits, f.tag)
	}
	if want := f.channels * f.bits / 8; f.blockAlign != want {
		return nil, fmt.Errorf("%w: block align %d, want %d for %d channels of %d bits", ErrNotWAV, f.blockAlign, want, f.channels, f.bits)
	}
	return f, nil
}

// decodeWAVData reads src to its end in blocks and returns the mono samples.
func decodeWAVData(src io.Reader, f *wavFormat) ([]int16, error) {
	buf := make([]byte, 32*1024/f.blockAlign*f.blockAlign)
	var out []int16
	have := 0
	for {
		n, err := io.ReadFull(src, buf[have:])
		have += n
		whole := have / f.blockAlign * f.blockAlign
		out = decodeWAVBlocks(out, buf[:whole], f)
		have = copy(buf, buf[whole:have])
		if err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return out, nil
			}
			return nil, fmt.Errorf("audio: read WAV data: %w", err)
		}
	}
}

func decodeWAVBlocks(out []int16, b []byte, f *wavFormat) []int16 {
	bps := f.bits / 8
	nch := f.channels
	le := binary.LittleEndian
	for ; len(b) >= f.blockAlign; b = b[f.blockAlign:] {
		var sum int
		for c := range nch {
			s := b[c*bps : (c+1)*bps]
			var v int
			switch {
			case f.tag == wavMulaw:
				v = int(mulawTable[s[0]])
			case f.tag == wavAlaw:
				v = int(alawTable[s[0]])
			case f.tag == wavFloat:
				x := float64(math.Float32frombits(le.Uint32(s)))
				if x != x { // NaN
					x = 0
				}
				v = int(max(-32768, min(32767, math.Round(x*32768))))
			case bps == 1:
				v = (int(s[0]) - 128) << 8
			case bps == 2:
				v = int(int16(le.Uint16(s)))
			case bps == 3:
				v = int(int8(s[2]))<<8 | int(s[1])
			default: // 4
				v = int(int16(le.Uint16(s[2:4])))
			}
			sum += v
		}
		out = append(out, int16(sum/nch))
	}
	return out
}

// wavHeader returns the header of a 16-bit mono PCM stream: 44 bytes, plus
// the extra chunks placed between the fmt and data chunks.
func wavHeader(rate int, dataSize uint32, extra []byte) []byte {
	le := binary.LittleEndian
	h := make([]byte, 0, wavHeaderSize+len(extra))
	h = append(h, "RIFF"...)
	riff := dataSize
	if dataSize != wavStreamSize {
		riff = dataSize + uint32(wavHeaderSize+len(extra)) - 8
	}
	h = le.AppendUint32(h, riff)
	h = append(h, "WAVEfmt "...)
	h = le.AppendUint32(h, 16)
	h = le.AppendUint16(h, wavPCM)
	h = le.AppendUint16(h, 1)
	h = le.AppendUint32(h, uint32(rate))
	h = le.AppendUint32(h, uint32(rate*2))
	h = le.AppendUint16(h, 2)
	h = le.AppendUint16(h, 16)
	h = append(h, extra...)
	h = append(h, "data"...)
	h = le.AppendUint32(h, dataSize)
	return h
}

const wavMaxData = math.MaxUint32 - wavHeaderSize - 1<<20 // largest data chunk with a valid RIFF size, room left for labels

func checkWAVRate(rate int) error {
	if rate <= 0 || rate > wavMaxRate {
		return fmt.Errorf("%w: WAV sample rate %d Hz", ErrUnsupported, rate)
	}
	return nil
}

// WriteWAV writes samples as a 16-bit mono PCM WAV stream at rate.
func WriteWAV(w io.Writer, rate int, samples []int16) error {
	return writeWAV(w, rate, samples, nil)
}

// WriteLabelledWAV is WriteWAV with the AI-content label l in the header.
func WriteLabelledWAV(w io.Writer, rate int, samples []int16, l AILabel) error {
	return writeWAV(w, rate, samples, l.chunks())
}

func writeWAV(w io.Writer, rate int, samples []int16, extra []byte) error {
	if err := checkWAVRate(rate); err != nil {
		return err
	}
	if int64(len(samples))*2 > wavMaxData {
		return fmt.Errorf("%w: %d samples", ErrTooLarge, len(samples))
	}
	if _, err := w.Write(wavHeader(rate, uint32(len(samples)*2), extra)); err != nil {
		return fmt.Errorf("audio: write WAV header: %w", err)
	}
	buf := make([]byte, 0, 8192)
	for len(samples) > 0 {
		n := min(len(samples), cap(buf)/2)
		buf = appendLE16(buf[:0], samples[:n])
		if _, err := w.Write(buf); err != nil {
			return fmt.Errorf("audio: write WAV data: %w", err)
		}
		samples = samples[n:]
	}
	return nil
}

func appendLE16(b []byte, s []int16) []byte {
	for _, v := range s {
		b = binary.LittleEndian.AppendUint16(b, uint16(v))
	}
	return b
}

// WAVWriter streams 16-bit mono PCM to a WAV file. The header carries
// streaming sizes (0xFFFFFFFF, which ReadWAV reads to the end) until Close
// writes the real ones. It is not safe for concurrent use.
type WAVWriter struct {
	ws     io.WriteSeeker
	rate   int
	start  int64 // offset of the header in ws
	hdr    int64 // length of the header, data chunk header included
	data   int64 // bytes of samples written
	buf    []byte
	closed bool
}

var _ FrameWriter = (*WAVWriter)(nil)

// NewWAVWriter writes a WAV header at the current offset of ws and returns a
// writer for samples at rate.
func NewWAVWriter(ws io.WriteSeeker, rate int) (*WAVWriter, error) {
	return newWAVWriter(ws, rate, nil)
}

// NewLabelledWAVWriter is NewWAVWriter with the AI-content label l in the
// header, ahead of the samples.
func NewLabelledWAVWriter(ws io.WriteSeeker, rate int, l AILabel) (*WAVWriter, error) {
	return newWAVWriter(ws, rate, l.chunks())
}

func newWAVWriter(ws io.WriteSeeker, rate int, extra []byte) (*WAVWriter, error) {
	if err := checkWAVRate(rate); err != nil {
		return nil, err
	}
	start, err := ws.Seek(0, io.SeekCurrent)
	if err != nil {
		return nil, fmt.Errorf("audio: WAV writer offset: %w", err)
	}
	h := wavHeader(rate, wavStreamSize, extra)
	if _, err := ws.Write(h); err != nil {
		return nil, fmt.Errorf("audio: write WAV header: %w", err)
	}
	return &WAVWriter{ws: ws, rate: rate, start: start, hdr: int64(len(h))}, nil
}

// Write appends samples.
func (w *WAVWriter) Write(samples []int16) error {
	if w.closed {
		return ErrClosed
	}
	if w.data+int64(len(samples))*2 > wavMaxData {
		return fmt.Errorf("%w: %d bytes of samples", ErrTooLarge, w.data+int64(len(samples))*2)
	}
	w.buf = appendLE16(w.buf[:0], samples)
	n, err := w.ws.Write(w.buf)
	w.data += int64(n)
	if err != nil {
		return fmt.Errorf("audio: write WAV data: %w", err)
	}
	return nil
}

// WriteFrame appends a frame, which must have the writer's rate.
func (w *WAVWriter) WriteFrame(f Frame) error {
	if f.Rate != w.rate {
		return fmt.Errorf("%w: frame at %d Hz to a %d Hz WAV writer", ErrRate, f.Rate, w.rate)
	}
	return w.Write(f.Samples)
}

// Close writes the final sizes into the header and leaves ws positioned after
// the data. It does not close ws. Closing twice is a no-op.
func (w *WAVWriter) Close() error {
	if w.closed {
		return nil
	}
	w.closed = true
	end := w.start + w.hdr + w.data
	le := binary.LittleEndian
	patch := func(off int64, v uint32) error {
		if _, err := w.ws.Seek(w.start+off, io.SeekStart); err != nil {
			return err
		}
		_, err := w.ws.Write(le.AppendUint32(nil, v))
		return err
	}
	if err := patch(4, uint32(w.data+w.hdr-8)); err != nil {
		return fmt.Errorf("audio: patch WAV header: %w", err)
	}
	if err := patch(w.hdr-4, uint32(w.data)); err != nil {
		return fmt.Errorf("audio: patch WAV header: %w", err)
	}
	if _, err := w.ws.Seek(end, io.SeekStart); err != nil {
		return fmt.Errorf("audio: patch WAV header: %w", err)
	}
	return nil
}
