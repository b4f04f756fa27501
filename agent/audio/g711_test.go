package audio

import (
	"testing"

	"github.com/zaf/g711"
)

func TestG711KnownValues(t *testing.T) {
	tests := []struct {
		in          int16
		mulaw, alaw byte
	}{
		{0, 0xFF, 0xD5},
		{-1, 0x7F, 0x55},
		{1, 0xFF, 0xD5},
		{32767, 0x80, 0xAA},
		{-32768, 0x00, 0x2A},
		{1000, 0xCE, 0xFA},
		{-1000, 0x4E, 0x7A},
	}
	for _, tt := range tests {
		if got := LinearToMulaw(tt.in); got != tt.mulaw {
			t.Errorf("LinearToMulaw(%d): got %#02x, want %#02x", tt.in, got, tt.mulaw)
		}
		if got := LinearToAlaw(tt.in); got != tt.alaw {
			t.Errorf("LinearToAlaw(%d): got %#02x, want %#02x", tt.in, got, tt.alaw)
		}
	}
	decodes := []struct {
		code        byte
		mulaw, alaw int16
	}{
		{0xFF, 0, 848},
		{0x7F, 0, -848},
		{0xD5, 716, 8},
		{0x55, -716, -8},
		{0x80, 32124, 5504},
		{0x00, -32124, -5504},
		{0xAA, 5372, 32256},
		{0x2A, -5372, -32256},
	}
	for _, tt := range decodes {
		if got := MulawToLinear(tt.code); got != tt.mulaw {
			t.Errorf("MulawToLinear(%#02x): got %d, want %d", tt.code, got, tt.mulaw)
		}
		if got := AlawToLinear(tt.code); got != tt.alaw {
			t.Errorf("AlawToLinear(%#02x): got %d, want %d", tt.code, got, tt.alaw)
		}
	}
}

// The quantisation step of each G.711 segment, in 16-bit units: a decoded
// value is the midpoint of its interval, so the round-trip error is at most
// half a step (mu-law segment k: step 2<<k in 14-bit units; A-law segments
// 0 and 1: step 2, segment k: 1<<k in 13-bit units).
func TestG711RoundTripWithinSegmentStep(t *testing.T) {
	type row struct {
		lo, hi int // magnitude range, inclusive
		maxErr int
	}
	mulawRows := []row{
		{0, 123, 4}, {124, 379, 8}, {380, 891, 16}, {892, 1915, 32},
		{1916, 3963, 64}, {3964, 8059, 128}, {8060, 16251, 256}, {16252, 32635, 512},
		{32636, 32768, 32768 - 32124}, // clipped above the last decision level
	}
	alawRows := []row{
		{0, 255, 8}, {256, 511, 8}, {512, 1023, 16}, {1024, 2047, 32},
		{2048, 4095, 64}, {4096, 8191, 128}, {8192, 16383, 256}, {16384, 32768, 512},
	}
	laws := []struct {
		name string
		rows []row
		enc  func(int16) byte
		dec  func(byte) int16
	}{
		{"mu-law", mulawRows, LinearToMulaw, MulawToLinear},
		{"A-law", alawRows, LinearToAlaw, AlawToLinear},
	}
	for _, law := range laws {
		for _, r := range law.rows {
			worst := 0
			for m := r.lo; m <= r.hi; m++ {
				for _, x := range []int{m, -m} {
					if x > 32767 || x < -32768 {
						continue
					}
					got := int(law.dec(law.enc(int16(x))))
					if (got < 0) != (x < 0) && got != 0 && x != 0 {
						t.Fatalf("%s %d: got %d, want the same sign", law.name, x, got)
					}
					worst = max(worst, abs(got-x))
				}
			}
			if worst > r.maxErr {
				t.Errorf("%s magnitudes %d..%d: got max error %d, want <= %d", law.name, r.lo, r.hi, worst, r.maxErr)
			}
			if r.lo > 0 && worst < r.maxErr/2 {
				t.Errorf("%s magnitudes %d..%d: got max error %d, want about %d (segment too fine?)", law.name, r.lo, r.hi, worst, r.maxErr)
			}
		}
	}
}

// Every code decodes to a value that encodes back to the same code (except
// mu-law's negative zero, which becomes positive zero).
func TestG711CodesAreFixedPoints(t *testing.T) {
	for c := range 256 {
		b := byte(c)
		if got := LinearToMulaw(MulawToLinear(b)); got != b && b != 0x7F {
			t.Errorf("mu-law code %#02x: got %#02x after decode+encode, want %#02x", b, got, b)
		}
		if got := LinearToAlaw(AlawToLinear(b)); got != b {
			t.Errorf("A-law code %#02x: got %#02x after decode+encode, want %#02x", b, got, b)
		}
	}
}

// github.com/zaf/g711 is an independent implementation of the ITU reference
// code: every input must give the same code and every code the same sample.
func TestG711MatchesReferenceImplementation(t *testing.T) {
	for i := -32768; i < 32768; i++ {
		s := int16(i)
		if got, want := LinearToMulaw(s), g711.EncodeUlawFrame(s); got != want {
			t.Fatalf("LinearToMulaw(%d): got %#02x, want %#02x", s, got, want)
		}
		if got, want := LinearToAlaw(s), g711.EncodeAlawFrame(s); got != want {
			t.Fatalf("LinearToAlaw(%d): got %#02x, want %#02x", s, got, want)
		}
	}
	for c := range 256 {
		b := byte(c)
		if got, want := MulawToLinear(b), g711.DecodeUlawFrame(b); got != want {
			t.Fatalf("MulawToLinear(%#02x): got %d, want %d", b, got, want)
		}
		if got, want := AlawToLinear(b), g711.DecodeAlawFrame(b); got != want {
			t.Fatalf("AlawToLinear(%#02x): got %d, want %d", b, got, want)
		}
	}
}

// The frame encoders (table driven) agree with the per-sample functions on
// every 16-bit value.
func TestG711FrameEncodersMatchPerSample(t *testing.T) {
	all := make([]int16, 0, 65536)
	for i := -32768; i < 32768; i++ {
		all = append(all, int16(i))
	}
	mu := EncodeMulaw(nil, Frame{Samples: all})
	a := EncodeAlaw(nil, Frame{Samples: all})
	for i, s := range all {
		if want := LinearToMulaw(s); mu[i] != want {
			t.Fatalf("EncodeMulaw sample %d: got %#02x, want %#02x", s, mu[i], want)
		}
		if want := LinearToAlaw(s); a[i] != want {
			t.Fatalf("EncodeAlaw sample %d: got %#02x, want %#02x", s, a[i], want)
		}
	}
}

func TestG711FrameAppendAndAllocs(t *testing.T) {
	f := Frame{Rate: 8000, Samples: tone(8000, 1000, 8000, 160, 0)}
	codecs := []struct {
		name string
		enc  func([]byte, Frame) []byte
		dec  func([]int16, []byte) []int16
		one  func(int16) byte
	}{
		{"mu-law", EncodeMulaw, DecodeMulaw, LinearToMulaw},
		{"A-law", EncodeAlaw, DecodeAlaw, LinearToAlaw},
	}
	for _, c := range codecs {
		prefix := []byte{1, 2, 3}
		enc := c.enc(append([]byte(nil), prefix...), f)
		if len(enc) != 3+160 {
			t.Fatalf("%s encode: got %d bytes, want %d", c.name, len(enc), 163)
		}
		if enc[0] != 1 || enc[1] != 2 || enc[2] != 3 {
			t.Errorf("%s encode: got prefix %v, want [1 2 3] kept", c.name, enc[:3])
		}
		for i, s := range f.Samples {
			if enc[3+i] != c.one(s) {
				t.Fatalf("%s encode sample %d: got %#02x, want %#02x", c.name, i, enc[3+i], c.one(s))
			}
		}
		dec := c.dec([]int16{7}, enc[3:])
		if len(dec) != 161 || dec[0] != 7 {
			t.Fatalf("%s decode: got len %d first %d, want len 161 first 7", c.name, len(dec), dec[0])
		}
		bbuf := make([]byte, 0, 160)
		sbuf := make([]int16, 0, 160)
		allocs := testing.AllocsPerRun(100, func() {
			bbuf = c.enc(bbuf[:0], f)
			sbuf = c.dec(sbuf[:0], bbuf)
		})
		if allocs != 0 {
			t.Errorf("%s encode+decode with capacity: got %v allocs, want 0", c.name, allocs)
		}
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func BenchmarkEncodeMulaw(b *testing.B) {
	f := Frame{Rate: 8000, Samples: tone(8000, 440, 12000, 160, 0)}
	dst := make([]byte, 0, 160)
	for b.Loop() {
		dst = EncodeMulaw(dst[:0], f)
	}
}

func BenchmarkDecodeMulaw(b *testing.B) {
	p := EncodeMulaw(nil, Frame{Rate: 8000, Samples: tone(8000, 440, 12000, 160, 0)})
	dst := make([]int16, 0, 160)
	for b.Loop() {
		dst = DecodeMulaw(dst[:0], p)
	}
}

func BenchmarkEncodeAlaw(b *testing.B) {
	f := Frame{Rate: 8000, Samples: tone(8000, 440, 12000, 160, 0)}
	dst := make([]byte, 0, 160)
	for b.Loop() {
		dst = EncodeAlaw(dst[:0], f)
	}
}

func BenchmarkDecodeAlaw(b *testing.B) {
	p := EncodeAlaw(nil, Frame{Rate: 8000, Samples: tone(8000, 440, 12000, 160, 0)})
	dst := make([]int16, 0, 160)
	for b.Loop() {
		dst = DecodeAlaw(dst[:0], p)
	}
}
