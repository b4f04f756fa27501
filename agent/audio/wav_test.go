package audio

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"testing/iotest"
)

// wavSpec describes a WAV stream to build for tests.
type wavSpec struct {
	tag        uint16
	channels   int
	rate       int
	bits       int
	blockAlign int    // 0: computed
	extensible uint16 // when non-zero, write WAVE_FORMAT_EXTENSIBLE with this subformat
	fmtSize    int    // 0: natural size
	before     []byte // raw chunks before fmt
	between    []byte // raw chunks between fmt and data
	data       []byte
	dataSize   *uint32 // nil: len(data)
	after      []byte  // raw bytes after the data chunk
}

func chunk(id string, body []byte) []byte {
	b := append([]byte(id), binary.LittleEndian.AppendUint32(nil, uint32(len(body)))...)
	b = append(b, body...)
	if len(body)%2 == 1 {
		b = append(b, 0)
	}
	return b
}

func (s wavSpec) bytes() []byte {
	le := binary.LittleEndian
	ba := s.blockAlign
	if ba == 0 {
		ba = s.channels * s.bits / 8
	}
	var f []byte
	tag := s.tag
	if s.extensible != 0 {
		tag = wavExtensible
	}
	f = le.AppendUint16(f, tag)
	f = le.AppendUint16(f, uint16(s.channels))
	f = le.AppendUint32(f, uint32(s.rate))
	f = le.AppendUint32(f, uint32(s.rate*ba))
	f = le.AppendUint16(f, uint16(ba))
	f = le.AppendUint16(f, uint16(s.bits))
	if s.extensible != 0 {
		f = le.AppendUint16(f, 22)
		f = le.AppendUint16(f, uint16(s.bits))
		f = le.AppendUint32(f, 4) // channel mask
		f = le.AppendUint32(f, uint32(s.extensible))
		f = append(f, wavSubtypeTail[:]...)
	}
	if s.fmtSize != 0 {
		f = f[:min(len(f), s.fmtSize)]
	}
	body := append([]byte("WAVE"), s.before...)
	body = append(body, chunk("fmt ", f)...)
	body = append(body, s.between...)
	size := uint32(len(s.data))
	if s.dataSize != nil {
		size = *s.dataSize
	}
	body = append(body, "data"...)
	body = le.AppendUint32(body, size)
	body = append(body, s.data...)
	body = append(body, s.after...)
	out := append([]byte("RIFF"), le.AppendUint32(nil, uint32(len(body)))...)
	return append(out, body...)
}

func le16(v ...int16) []byte { return appendLE16(nil, v) }

func u32(v uint32) *uint32 { return &v }

func TestReadWAV(t *testing.T) {
	f32 := func(v ...float32) []byte {
		var b []byte
		for _, x := range v {
			b = binary.LittleEndian.AppendUint32(b, math.Float32bits(x))
		}
		return b
	}
	list := chunk("LIST", []byte("INFOISFT\x05\x00\x00\x00Lavf\x00"))
	tests := []struct {
		name string
		spec wavSpec
		rate int
		want []int16
	}{
		{"pcm16 mono", wavSpec{tag: 1, channels: 1, rate: 8000, bits: 16, data: le16(0, 1000, -1000, 32767, -32768)},
			8000, []int16{0, 1000, -1000, 32767, -32768}},
		{"pcm16 stereo downmix", wavSpec{tag: 1, channels: 2, rate: 16000, bits: 16, data: le16(1000, 3000, -100, -300, 32767, 32767)},
			16000, []int16{2000, -200, 32767}},
		{"pcm8", wavSpec{tag: 1, channels: 1, rate: 8000, bits: 8, data: []byte{0x80, 0xFF, 0x00, 0x81}},
			8000, []int16{0, 32512, -32768, 256}},
		{"pcm24", wavSpec{tag: 1, channels: 1, rate: 48000, bits: 24, data: []byte{0xAA, 0x34, 0x12, 0x00, 0x80, 0xFF}},
			48000, []int16{0x1234, -128}},
		{"pcm32", wavSpec{tag: 1, channels: 1, rate: 8000, bits: 32, data: []byte{0xFF, 0xFF, 0x34, 0x12}},
			8000, []int16{0x1234}},
		{"float32", wavSpec{tag: 3, channels: 1, rate: 24000, bits: 32, data: f32(0, 0.5, -1, 2, float32(math.NaN()))},
			24000, []int16{0, 16384, -32768, 32767, 0}},
		{"mu-law", wavSpec{tag: 7, channels: 1, rate: 8000, bits: 8, data: []byte{0xFF, 0x80, 0x00, 0xCE}},
			8000, []int16{0, 32124, -32124, 988}},
		{"A-law", wavSpec{tag: 6, channels: 1, rate: 8000, bits: 8, data: []byte{0xD5, 0xAA, 0x2A}},
			8000, []int16{8, 32256, -32256}},
		{"mu-law stereo", wavSpec{tag: 7, channels: 2, rate: 8000, bits: 8, data: []byte{0xFF, 0x80}},
			8000, []int16{16062}},
		{"extensible pcm16", wavSpec{extensible: 1, channels: 1, rate: 16000, bits: 16, data: le16(5, -5)},
			16000, []int16{5, -5}},
		{"extensible mu-law", wavSpec{extensible: 7, channels: 1, rate: 8000, bits: 8, data: []byte{0x80}},
			8000, []int16{32124}},
		{"LIST before and between, odd size", wavSpec{tag: 1, channels: 1, rate: 8000, bits: 16,
			before: chunk("JUNK", []byte{1, 2, 3}), between: list, data: le16(7, 8)},
			8000, []int16{7, 8}},
		{"streamed size 0xFFFFFFFF", wavSpec{tag: 1, channels: 1, rate: 22050, bits: 16, data: le16(1, 2, 3), dataSize: u32(0xFFFFFFFF)},
			22050, []int16{1, 2, 3}},
		{"streamed size 0", wavSpec{tag: 1, channels: 1, rate: 22050, bits: 16, data: le16(1, 2, 3), dataSize: u32(0)},
			22050, []int16{1, 2, 3}},
		{"espeak-ng size 0x7FFFF000", wavSpec{tag: 1, channels: 1, rate: 22050, bits: 16, data: le16(4, 5), dataSize: u32(0x7FFFF000)},
			22050, []int16{4, 5}},
		{"trailing partial sample dropped", wavSpec{tag: 1, channels: 2, rate: 8000, bits: 16, data: append(le16(2, 4, 6), 0xFF)},
			8000, []int16{3}},
		{"stops at data size", wavSpec{tag: 1, channels: 1, rate: 8000, bits: 16, data: le16(1, 2), dataSize: u32(2),
			after: chunk("LIST", []byte("xx"))}, 8000, []int16{1}},
		{"empty data", wavSpec{tag: 1, channels: 1, rate: 8000, bits: 16}, 8000, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadWAV(bytes.NewReader(tt.spec.bytes()))
			if err != nil {
				t.Fatalf("ReadWAV: got error %v, want nil", err)
			}
			if got.Rate != tt.rate {
				t.Errorf("rate: got %d, want %d", got.Rate, tt.rate)
			}
			if !slices.Equal(got.Samples, tt.want) {
				t.Errorf("samples: got %v, want %v", got.Samples, tt.want)
			}
		})
	}
}

func TestReadWAVErrors(t *testing.T) {
	good := wavSpec{tag: 1, channels: 1, rate: 8000, bits: 16, data: le16(1)}
	mod := func(f func(*wavSpec)) []byte { s := good; f(&s); return s.bytes() }
	noData := append([]byte("RIFF\x00\x00\x00\x00WAVE"), chunk("fmt ", good.bytes()[20:36])...)
	dataFirst := append([]byte("RIFF\x00\x00\x00\x00WAVE"), chunk("data", le16(1))...)
	badGUID := mod(func(s *wavSpec) { s.extensible = 1 })
	badGUID[len(badGUID)-len(good.data)-8-1] ^= 0xFF
	tests := []struct {
		name string
		in   []byte
		want error
	}{
		{"empty", nil, ErrNotWAV},
		{"short", []byte("RIFF"), ErrNotWAV},
		{"RIFX", append([]byte("RIFX"), good.bytes()[4:]...), ErrNotWAV},
		{"not WAVE", append([]byte("RIFF\x00\x00\x00\x00AVI "), good.bytes()[12:]...), ErrNotWAV},
		{"text", []byte("hello, this is not a wav file at all"), ErrNotWAV},
		{"no data chunk", noData, ErrNotWAV},
		{"data before fmt", dataFirst, ErrNotWAV},
		{"truncated fmt", good.bytes()[:30], ErrNotWAV},
		{"truncated unknown chunk", append([]byte("RIFF\x00\x00\x00\x00WAVELIST\xff\x00\x00\x00"), 1, 2), ErrNotWAV},
		{"fmt too short", mod(func(s *wavSpec) { s.fmtSize = 14 }), ErrNotWAV},
		{"zero channels", mod(func(s *wavSpec) { s.channels = 0; s.blockAlign = 2 }), ErrNotWAV},
		{"zero rate", mod(func(s *wavSpec) { s.rate = 0 }), ErrNotWAV},
		{"block align mismatch", mod(func(s *wavSpec) { s.blockAlign = 3 }), ErrNotWAV},
		{"extensible too short", mod(func(s *wavSpec) { s.extensible = 1; s.fmtSize = 30 }), ErrNotWAV},
		{"mp3", mod(func(s *wavSpec) { s.tag = 0x55 }), ErrUnsupported},
		{"adpcm", mod(func(s *wavSpec) { s.tag = 2; s.bits = 4; s.blockAlign = 1 }), ErrUnsupported},
		{"12-bit", mod(func(s *wavSpec) { s.bits = 12; s.blockAlign = 2 }), ErrUnsupported},
		{"mu-law 16-bit", mod(func(s *wavSpec) { s.tag = 7 }), ErrUnsupported},
		{"64 channels", mod(func(s *wavSpec) { s.channels = 64 }), ErrUnsupported},
		{"extensible unknown GUID", badGUID, ErrUnsupported},
	}
	for _, tt := range tests {
		got, err := ReadWAV(bytes.NewReader(tt.in))
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: got (%v, %v), want error %v", tt.name, got, err, tt.want)
		}
	}
}

func TestReadWAVReaderError(t *testing.T) {
	boom := errors.New("disk on fire")
	in := wavSpec{tag: 1, channels: 1, rate: 8000, bits: 16, data: le16(1, 2, 3)}.bytes()
	for _, n := range []int{0, 20, len(in) - 2} {
		r := io.MultiReader(bytes.NewReader(in[:n]), iotest.ErrReader(boom))
		_, err := ReadWAV(r)
		if !errors.Is(err, boom) || errors.Is(err, ErrNotWAV) {
			t.Errorf("reader failing after %d bytes: got %v, want %v (not ErrNotWAV)", n, err, boom)
		}
	}
}

func TestWriteWAVHeaderAndRoundTrip(t *testing.T) {
	var b bytes.Buffer
	samples := []int16{0, 1, -1, 32767, -32768}
	if err := WriteWAV(&b, 8000, samples); err != nil {
		t.Fatal(err)
	}
	want := []byte("RIFF\x2e\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00\x40\x1f\x00\x00\x80\x3e\x00\x00\x02\x00\x10\x00data\x0a\x00\x00\x00")
	if got := b.Bytes()[:44]; !bytes.Equal(got, want) {
		t.Errorf("header: got %q, want %q", got, want)
	}
	if got := b.Len(); got != 44+10 {
		t.Errorf("length: got %d, want 54", got)
	}
	p, err := ReadWAV(&b)
	if err != nil {
		t.Fatal(err)
	}
	if p.Rate != 8000 || !slices.Equal(p.Samples, samples) {
		t.Errorf("round trip: got %d Hz %v, want 8000 Hz %v", p.Rate, p.Samples, samples)
	}
	long := tone(16000, 440, 20000, 50000, 0)
	b.Reset()
	if err := WriteWAV(&b, 16000, long); err != nil {
		t.Fatal(err)
	}
	if p, err = ReadWAV(&b); err != nil || !slices.Equal(p.Samples, long) {
		t.Errorf("round trip of %d samples: got %d samples, err %v", len(long), len(p.Samples), err)
	}
	if got := p.Duration(); got.Milliseconds() != 3125 {
		t.Errorf("Duration: got %v, want 3.125s", got)
	}
	for _, rate := range []int{0, -8000} {
		if err := WriteWAV(io.Discard, rate, samples); !errors.Is(err, ErrUnsupported) {
			t.Errorf("WriteWAV rate %d: got %v, want ErrUnsupported", rate, err)
		}
	}
}

func TestWAVWriter(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rec.wav")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Write([]byte("prefix")); err != nil { // the header need not start at offset 0
		t.Fatal(err)
	}
	w, err := NewWAVWriter(f, 8000)
	if err != nil {
		t.Fatal(err)
	}
	var want []int16
	for i := range 10 {
		fr := Frame{Rate: 8000, Samples: tone(8000, 500, 9000, 160, i*160)}
		if err := w.WriteFrame(fr); err != nil {
			t.Fatal(err)
		}
		want = append(want, fr.Samples...)
		if i == 4 { // before Close the file reads as a streamed WAV
			raw, _ := os.ReadFile(path)
			p, err := ReadWAV(bytes.NewReader(raw[6:]))
			if err != nil || len(p.Samples) != 5*160 {
				t.Errorf("before Close: got %v samples, err %v; want 800", len(p.Samples), err)
			}
		}
	}
	if err := w.WriteFrame(Frame{Rate: 16000, Samples: make([]int16, 320)}); !errors.Is(err, ErrRate) {
		t.Errorf("WriteFrame at 16 kHz: got %v, want ErrRate", err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Errorf("second Close: got %v, want nil", err)
	}
	if err := w.Write([]int16{1}); !errors.Is(err, ErrClosed) {
		t.Errorf("Write after Close: got %v, want ErrClosed", err)
	}
	if _, err := f.Write([]byte("tail")); err != nil { // Close leaves the offset after the data
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(raw[len(raw)-4:]), "tail"; got != want {
		t.Errorf("after Close: got trailing %q, want %q", got, want)
	}
	raw = raw[6 : len(raw)-4]
	le := binary.LittleEndian
	if got, want := le.Uint32(raw[4:8]), uint32(36+3200); got != want {
		t.Errorf("RIFF size: got %d, want %d", got, want)
	}
	if got, want := le.Uint32(raw[40:44]), uint32(3200); got != want {
		t.Errorf("data size: got %d, want %d", got, want)
	}
	p, err := ReadWAV(bytes.NewReader(append(raw, chunk("LIST", []byte("ab"))...)))
	if err != nil || p.Rate != 8000 || !slices.Equal(p.Samples, want) {
		t.Errorf("read back: got %d samples, err %v; want %d", len(p.Samples), err, len(want))
	}
}

// espeak-ng streams its WAV with a placeholder data size.
func TestReadWAVFromEspeak(t *testing.T) {
	p := espeak(t, "hello, this is a test of the audio path")
	if p.Rate != 22050 {
		t.Errorf("rate: got %d, want 22050", p.Rate)
	}
	if d := p.Duration().Seconds(); d < 1 || d > 5 {
		t.Errorf("duration: got %.2fs, want 1-5 s", d)
	}
	if r := rms(p.Samples); r < 300 {
		t.Errorf("RMS: got %.0f, want >= 300 (speech, not silence)", r)
	}
}

// espeak returns the espeak-ng rendering of text, or skips the test.
func espeak(t *testing.T, text string) *PCM {
	t.Helper()
	bin, err := exec.LookPath("espeak-ng")
	if err != nil {
		t.Skip("espeak-ng not on PATH (install the Debian package espeak-ng)")
	}
	out, err := exec.Command(bin, "-v", "en-us", "--stdout", text).Output()
	if err != nil {
		t.Fatalf("espeak-ng: %v", err)
	}
	p, err := ReadWAV(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("ReadWAV(espeak-ng output): %v", err)
	}
	return p
}

func FuzzReadWAV(f *testing.F) {
	seeds := []wavSpec{
		{tag: 1, channels: 1, rate: 8000, bits: 16, data: le16(1, 2, 3)},
		{tag: 1, channels: 2, rate: 16000, bits: 16, data: le16(1, 2, 3, 4)},
		{tag: 1, channels: 1, rate: 8000, bits: 8, data: []byte{1, 2, 3}},
		{tag: 7, channels: 1, rate: 8000, bits: 8, data: []byte{1, 2, 3}},
		{tag: 6, channels: 1, rate: 8000, bits: 8, data: []byte{1, 2, 3}},
		{tag: 3, channels: 1, rate: 8000, bits: 32, data: []byte{0, 0, 0x80, 0x3f}},
		{tag: 1, channels: 1, rate: 48000, bits: 24, data: []byte{1, 2, 3}},
		{extensible: 1, channels: 2, rate: 8000, bits: 16, data: le16(1, 2)},
		{tag: 1, channels: 1, rate: 22050, bits: 16, data: le16(1), dataSize: u32(0xFFFFFFFF)},
		{tag: 1, channels: 1, rate: 8000, bits: 16, before: chunk("LIST", []byte("abc")), data: le16(1)},
		{tag: 1, channels: 1, rate: 8000, bits: 16, between: AILabel{Business: "B", ContentID: "c"}.chunks(), data: le16(1)},
	}
	for _, s := range seeds {
		f.Add(s.bytes())
	}
	f.Add([]byte("RIFF\x00\x00\x00\x00WAVE"))
	f.Add([]byte("not a wav"))
	f.Fuzz(func(t *testing.T, in []byte) {
		p, err := ReadWAV(bytes.NewReader(in))
		if err != nil {
			if p != nil {
				t.Fatalf("got PCM %v with error %v, want nil", p, err)
			}
			if !errors.Is(err, ErrNotWAV) && !errors.Is(err, ErrUnsupported) {
				t.Fatalf("got error %v, want ErrNotWAV or ErrUnsupported", err)
			}
			return
		}
		if p.Rate <= 0 || p.Rate > wavMaxRate {
			t.Fatalf("got rate %d, want 1..%d", p.Rate, wavMaxRate)
		}
		if len(p.Samples) > len(in) {
			t.Fatalf("got %d samples from %d bytes, want at most one per byte", len(p.Samples), len(in))
		}
		// Whatever was decoded writes and reads back unchanged.
		var b bytes.Buffer
		if err := WriteWAV(&b, p.Rate, p.Samples); err != nil {
			t.Fatal(err)
		}
		q, err := ReadWAV(&b)
		if err != nil || q.Rate != p.Rate || !slices.Equal(q.Samples, p.Samples) {
			t.Fatalf("rewrite: got %v, %v; want %d samples at %d Hz", q, err, len(p.Samples), p.Rate)
		}
	})
}
