package guardrails

import (
	"slices"
	"unicode/utf8"
)

// The learned heads (ModelRail, ModelIntent) read a sentence as a bag of hashed
// features: after Normalize, Latin words give unigrams, bigrams and
// "negated word" features (a word within three words after not/no/never/...);
// Chinese runs give character 1-, 2- and 3-grams (with run boundaries) after a
// traditional-to-simplified fold; a few structure features (negation present,
// question, digits, length bucket) and a bias complete the set. Each feature is
// an FNV-1a hash reduced to ModelBits bits, so the model needs no vocabulary.

// ModelBits is the number of hash bits of a model feature index.
const ModelBits = 15

// maxModelFeatures bounds the features of one sentence; the rest are dropped.
const maxModelFeatures = 512

// Feature namespaces, mixed into every hash so that a word and a character
// n-gram with the same bytes do not collide by construction.
const (
	nsBias byte = iota + 1
	nsWord
	nsBigram
	nsNegWord
	nsHan1
	nsHan2
	nsHan3
	nsStruct
)

const (
	fnvOffset uint32 = 2166136261
	fnvPrime  uint32 = 16777619
)

func fnvByte(h uint32, b byte) uint32 { return (h ^ uint32(b)) * fnvPrime }

func fnvString(h uint32, s string) uint32 {
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * fnvPrime
	}
	return h
}

func fnvUint(h, v uint32) uint32 {
	for i := 0; i < 4; i++ {
		h = fnvByte(h, byte(v>>(8*i)))
	}
	return h
}

// featHash finishes a hash into a feature index.
func featHash(h uint32) uint32 {
	// final avalanche so that the low bits depend on every input byte
	h ^= h >> 16
	h *= 0x7feb352d
	h ^= h >> 15
	h *= 0x846ca68b
	h ^= h >> 16
	return h & (1<<ModelBits - 1)
}

// negatorsEN start a negation scope for the negated-word features.
var negatorsEN = map[string]bool{
	"not": true, "no": true, "never": true, "cannot": true, "nothing": true,
	"nobody": true, "none": true, "neither": true, "nor": true, "without": true,
	"cant": true, "wont": true, "dont": true, "nope": true,
}

// questionWordsEN open a question when they start the sentence.
var questionWordsEN = map[string]bool{
	"who": true, "what": true, "which": true, "why": true, "how": true, "where": true,
	"when": true, "is": true, "are": true, "am": true, "do": true, "does": true,
	"did": true, "can": true, "could": true, "would": true, "will": true, "whose": true,
}

// ModelFeatures appends to dst the sorted, distinct feature indices of text
// (see ModelBits) and returns the extended slice. It is what the learned heads
// read, exported for the trainer (go run ./guardrails/internal/train).
func ModelFeatures(text string, dst []uint32) []uint32 {
	return modelFeaturesNorm(Normalize(text), hasQuestionMark(text), dst)
}

func hasQuestionMark(s string) bool {
	for _, r := range s {
		if r == '?' || r == '？' {
			return true
		}
	}
	return false
}

func modelFeaturesNorm(norm string, question bool, dst []uint32) []uint32 {
	start := len(dst)
	add := func(h uint32) {
		if len(dst)-start < maxModelFeatures {
			dst = append(dst, featHash(h))
		}
	}
	add(fnvByte(fnvOffset, nsBias))
	var (
		prev      uint32 // hash of the previous Latin word (0 at a boundary)
		negLeft   int    // words left in the current English negation scope
		negated   bool
		digits    bool
		words     int
		hanChars  int
		firstWord = true
	)
	for i := 0; i < len(norm); {
		for i < len(norm) && norm[i] == ' ' {
			i++
		}
		j := i
		for j < len(norm) && norm[j] != ' ' {
			j++
		}
		if i == j {
			break
		}
		tok := norm[i:j]
		i = j
		r, _ := utf8.DecodeRuneInString(tok)
		if isHan(r) {
			prev = 0
			negLeft = 0
			n, neg := hanFeatures(tok, add)
			hanChars += n
			negated = negated || neg
			if firstWord && hanQuestion(tok) {
				question = true
			}
			firstWord = false
			continue
		}
		words++
		for k := 0; k < len(tok); k++ {
			if tok[k] >= '0' && tok[k] <= '9' {
				digits = true
				break
			}
		}
		wh := fnvString(fnvByte(fnvOffset, nsWord), tok)
		add(wh)
		if prev != 0 {
			add(fnvUint(fnvByte(prev, nsBigram), wh))
		} else {
			add(fnvUint(fnvByte(fnvOffset, nsBigram), wh)) // sentence-start bigram
		}
		if firstWord && questionWordsEN[tok] {
			question = true
		}
		firstWord = false
		if negLeft > 0 {
			add(fnvString(fnvByte(fnvOffset, nsNegWord), tok))
			negLeft--
		}
		if negatorsEN[tok] {
			negated = true
			negLeft = 3
		}
		prev = wh
	}
	st := func(name string) { add(fnvString(fnvByte(fnvOffset, nsStruct), name)) }
	if negated {
		st("neg")
	}
	if question {
		st("q")
	}
	if digits {
		st("digit")
	}
	switch n := words + hanChars/2; {
	case n <= 2:
		st("len1")
	case n <= 5:
		st("len2")
	case n <= 10:
		st("len3")
	default:
		st("len4")
	}
	out := dst[start:]
	slices.Sort(out)
	return dst[:start+len(slices.Compact(out))]
}

// hanFeatures emits the character n-grams of one Chinese run (with ^ and $
// marking its ends) and reports its length and whether it holds a negation.
func hanFeatures(tok string, add func(uint32)) (n int, neg bool) {
	const boundary = '^'
	p2, p1 := rune(0), rune(boundary)
	emit := func(r rune) {
		add(fnvUint(fnvByte(fnvOffset, nsHan1), uint32(r)))
		add(fnvUint(fnvUint(fnvByte(fnvOffset, nsHan2), uint32(p1)), uint32(r)))
		if p2 != 0 {
			add(fnvUint(fnvUint(fnvUint(fnvByte(fnvOffset, nsHan3), uint32(p2)), uint32(p1)), uint32(r)))
		}
		p2, p1 = p1, r
	}
	for _, r := range tok {
		r = modelFold(r)
		switch r {
		case '不', '没', '别', '无', '未', '勿', '非', '莫', '甭':
			neg = true
		}
		n++
		emit(r)
	}
	emit('$')
	return n, neg
}

// hanQuestion reports a Chinese run that asks: it ends in a question particle
// or holds a question word.
func hanQuestion(tok string) bool {
	r, _ := utf8.DecodeLastRuneInString(tok)
	switch modelFold(r) {
	case '吗', '呢', '么':
		return true
	}
	for _, q := range []string{"谁", "什么", "哪", "是不是", "是否", "怎么", "为什么", "几"} {
		if containsFold(tok, q) {
			return true
		}
	}
	return false
}

func containsFold(s, sub string) bool {
	for i := 0; i < len(s); {
		ok := true
		k := i
		for _, q := range sub {
			if k >= len(s) {
				ok = false
				break
			}
			r, w := utf8.DecodeRuneInString(s[k:])
			if modelFold(r) != q {
				ok = false
				break
			}
			k += w
		}
		if ok {
			return true
		}
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
	}
	return false
}
