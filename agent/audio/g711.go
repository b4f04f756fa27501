package audio

import (
	"math/bits"
	"slices"
)

// G.711 (ITU-T G.711) companding between 16-bit linear PCM and 8-bit codes.
// Both laws are computed directly from the segment structure of the
// recommendation; decoding uses 256-entry tables built at init.
//
// mu-law works on the 14-bit magnitude (the 16-bit sample shifted right by
// two, here kept in 16-bit units: bias 132, clip 32635); A-law on the 13-bit
// magnitude (16-bit shifted right by three). Decoded values are the midpoints
// of the quantisation intervals, as the recommendation's decoder tables give.

const (
	mulawBias = 0x84  // 33 in 14-bit units, scaled to 16 bits
	mulawClip = 32635 // largest magnitude before the bias would overflow segment 7
)

var (
	mulawTable [256]int16
	alawTable  [256]int16
	// Encoding tables: a mu-law code depends only on the sample's top 14
	// bits, an A-law code on its top 13 bits.
	mulawEncTable [1 << 14]byte
	alawEncTable  [1 << 13]byte
)

func init() {
	for i := range 256 {
		mulawTable[i] = mulawDecode(byte(i))
		alawTable[i] = alawDecode(byte(i))
	}
	for i := range mulawEncTable {
		mulawEncTable[i] = LinearToMulaw(int16(uint16(i << 2)))
	}
	for i := range alawEncTable {
		alawEncTable[i] = LinearToAlaw(int16(uint16(i << 3)))
	}
}

// LinearToMulaw returns the G.711 mu-law code of one 16-bit sample.
func LinearToMulaw(s int16) byte {
	x := int(s)
	mask := byte(0xFF)
	if x < 0 {
		x = ^x // one's complement, as the ITU-T G.191 reference encoder does
		mask = 0x7F
	}
	if x > mulawClip {
		x = mulawClip
	}
	x += mulawBias
	seg := bits.Len(uint(x)) - 8 // x >= 132 has its top bit at 7..14
	mant := (x >> (seg + 3)) & 0x0F
	return byte(seg<<4|mant) ^ mask
}

// MulawToLinear returns the 16-bit sample of one G.711 mu-law code.
func MulawToLinear(b byte) int16 { return mulawTable[b] }

func mulawDecode(b byte) int16 {
	u := ^b
	seg := int(u>>4) & 7
	mant := int(u & 0x0F)
	x := ((mant << 3) + mulawBias) << seg
	x -= mulawBias
	if u&0x80 != 0 {
		return int16(-x)
	}
	return int16(x)
}

// LinearToAlaw returns the G.711 A-law code of one 16-bit sample.
func LinearToAlaw(s int16) byte {
	x := int(s)
	mask := byte(0xD5)
	if x < 0 {
		x = ^x // one's complement, as the recommendation's encoder does
		mask = 0x55
	}
	x >>= 3 // 12-bit magnitude
	var code int
	if x < 32 {
		code = x >> 1
	} else {
		seg := bits.Len(uint(x)) - 5
		code = seg<<4 | (x>>seg)&0x0F
	}
	return byte(code) ^ mask
}

// AlawToLinear returns the 16-bit sample of one G.711 A-law code.
func AlawToLinear(b byte) int16 { return alawTable[b] }

func alawDecode(b byte) int16 {
	a := b ^ 0x55
	seg := int(a>>4) & 7
	mant := int(a & 0x0F)
	var x int
	if seg == 0 {
		x = mant<<4 + 8
	} else {
		x = (mant<<4 + 0x108) << (seg - 1)
	}
	if a&0x80 == 0 {
		return int16(-x)
	}
	return int16(x)
}

// EncodeMulaw appends the mu-law codes of f's samples to dst and returns the
// extended slice. It allocates only if dst lacks capacity.
func EncodeMulaw(dst []byte, f Frame) []byte {
	dst = slices.Grow(dst, len(f.Samples))
	for _, s := range f.Samples {
		dst = append(dst, mulawEncTable[uint16(s)>>2])
	}
	return dst
}

// DecodeMulaw appends the samples of the mu-law codes p to dst and returns the
// extended slice. It allocates only if dst lacks capacity.
func DecodeMulaw(dst []int16, p []byte) []int16 {
	dst = slices.Grow(dst, len(p))
	for _, b := range p {
		dst = append(dst, mulawTable[b])
	}
	return dst
}

// EncodeAlaw appends the A-law codes of f's samples to dst and returns the
// extended slice. It allocates only if dst lacks capacity.
func EncodeAlaw(dst []byte, f Frame) []byte {
	dst = slices.Grow(dst, len(f.Samples))
	for _, s := range f.Samples {
		dst = append(dst, alawEncTable[uint16(s)>>3])
	}
	return dst
}

// DecodeAlaw appends the samples of the A-law codes p to dst and returns the
// extended slice. It allocates only if dst lacks capacity.
func DecodeAlaw(dst []int16, p []byte) []int16 {
	dst = slices.Grow(dst, len(p))
	for _, b := range p {
		dst = append(dst, alawTable[b])
	}
	return dst
}
