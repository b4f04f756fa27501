package sphinx

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strings"

	"candor/agent/speech/grammar"
)

// A domain language model is a small trigram model of what callees say on
// survey calls, built from candor's own callee corpus (see domain_en.txt and
// `go run ./agent/speech/sphinx/internal/domaingen`). Decoded beside the
// general model, it writes the short, in-domain utterances of a call (an
// opt-out in words no grammar has, a rating in a sentence) far more often
// right than a model of newspaper English, while still allowing any order of
// its words, so it does not force speech onto a listed phrase the way a
// grammar does.

// domainDiscount is the absolute discount taken from every seen n-gram's
// count; the mass freed goes to the lower order through the backoff weight.
const domainDiscount = 0.6

// BuildARPA writes a trigram model in ARPA text format from sentences (one
// per element, words separated by spaces, already normalised). Words for
// which keep returns false split a sentence there (they are not in the
// pronunciation dictionary). The model is deterministic for its input:
// n-grams are written sorted. It returns the number of sentences used.
func BuildARPA(w io.Writer, sentences []string, keep func(string) bool) (int, error) {
	uni := map[string]float64{}
	bi := map[[2]string]float64{}
	tri := map[[3]string]float64{}
	used := 0
	for _, s := range sentences {
		var run []string
		flush := func() {
			if len(run) == 0 {
				return
			}
			used++
			seq := append(append([]string{"<s>"}, run...), "</s>")
			for i, x := range seq {
				if i > 0 {
					uni[x]++
				}
				if i >= 1 {
					bi[[2]string{seq[i-1], x}]++
				}
				if i >= 2 {
					tri[[3]string{seq[i-2], seq[i-1], x}]++
				}
			}
			run = run[:0]
		}
		for _, x := range strings.Fields(s) {
			if keep != nil && !keep(x) {
				flush()
				continue
			}
			run = append(run, x)
		}
		flush()
	}
	if used == 0 {
		return 0, fmt.Errorf("%w: no sentence for the domain language model", ErrBadConfig)
	}
	uni["<s>"] = 0

	// Unigrams: add-one smoothed relative frequencies (<s> only starts).
	var total float64
	for w, c := range uni {
		if w != "<s>" {
			total += c
		}
	}
	vocab := float64(len(uni) - 1)
	p1 := map[string]float64{}
	for w, c := range uni {
		if w == "<s>" {
			continue
		}
		p1[w] = (c + 1) / (total + vocab)
	}

	// Bigrams: discounted counts; a context's freed mass backs off to the
	// unigrams it has not seen.
	ctx1 := map[string]float64{}
	types1 := map[string]float64{}
	for k, c := range bi {
		ctx1[k[0]] += c
		types1[k[0]]++
	}
	p2 := map[[2]string]float64{}
	seenLower1 := map[string]float64{}
	for k, c := range bi {
		p2[k] = (c - domainDiscount) / ctx1[k[0]]
		seenLower1[k[0]] += p1[k[1]]
	}
	bow1 := map[string]float64{}
	for h, n := range ctx1 {
		freed := domainDiscount * types1[h] / n
		rest := 1 - seenLower1[h]
		if rest <= 1e-9 {
			rest = 1e-9
		}
		bow1[h] = freed / rest
	}
	prob2 := func(a, b string) float64 {
		if p, ok := p2[[2]string{a, b}]; ok {
			return p
		}
		bw, ok := bow1[a]
		if !ok {
			bw = 1
		}
		return bw * p1[b]
	}

	ctx2 := map[[2]string]float64{}
	types2 := map[[2]string]float64{}
	for k, c := range tri {
		h := [2]string{k[0], k[1]}
		ctx2[h] += c
		types2[h]++
	}
	p3 := map[[3]string]float64{}
	seenLower2 := map[[2]string]float64{}
	for k, c := range tri {
		h := [2]string{k[0], k[1]}
		p3[k] = (c - domainDiscount) / ctx2[h]
		seenLower2[h] += prob2(k[1], k[2])
	}
	bow2 := map[[2]string]float64{}
	for h, n := range ctx2 {
		freed := domainDiscount * types2[h] / n
		rest := 1 - seenLower2[h]
		if rest <= 1e-9 {
			rest = 1e-9
		}
		bow2[h] = freed / rest
	}

	lg := func(p float64) string { return strconvLog(p) }
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "\\data\\\nngram 1=%d\nngram 2=%d\nngram 3=%d\n\n\\1-grams:\n", len(uni), len(p2), len(p3))
	words := make([]string, 0, len(uni))
	for x := range uni {
		words = append(words, x)
	}
	sort.Strings(words)
	for _, x := range words {
		p := "-99"
		if x != "<s>" {
			p = lg(p1[x])
		}
		if b, ok := bow1[x]; ok {
			fmt.Fprintf(bw, "%s %s %s\n", p, x, lg(b))
		} else {
			fmt.Fprintf(bw, "%s %s\n", p, x)
		}
	}
	fmt.Fprint(bw, "\n\\2-grams:\n")
	keys2 := make([][2]string, 0, len(p2))
	for k := range p2 {
		keys2 = append(keys2, k)
	}
	sort.Slice(keys2, func(i, j int) bool {
		if keys2[i][0] != keys2[j][0] {
			return keys2[i][0] < keys2[j][0]
		}
		return keys2[i][1] < keys2[j][1]
	})
	for _, k := range keys2 {
		if b, ok := bow2[k]; ok {
			fmt.Fprintf(bw, "%s %s %s %s\n", lg(p2[k]), k[0], k[1], lg(b))
		} else {
			fmt.Fprintf(bw, "%s %s %s\n", lg(p2[k]), k[0], k[1])
		}
	}
	fmt.Fprint(bw, "\n\\3-grams:\n")
	keys3 := make([][3]string, 0, len(p3))
	for k := range p3 {
		keys3 = append(keys3, k)
	}
	sort.Slice(keys3, func(i, j int) bool {
		for n := range 3 {
			if keys3[i][n] != keys3[j][n] {
				return keys3[i][n] < keys3[j][n]
			}
		}
		return false
	})
	for _, k := range keys3 {
		fmt.Fprintf(bw, "%s %s %s %s\n", lg(p3[k]), k[0], k[1], k[2])
	}
	fmt.Fprint(bw, "\n\\end\\\n")
	if err := bw.Flush(); err != nil {
		return used, fmt.Errorf("sphinx: domain model: %w", err)
	}
	return used, nil
}

func strconvLog(p float64) string {
	if p <= 0 {
		return "-99"
	}
	return fmt.Sprintf("%.4f", math.Log10(p))
}

// NormalizeUtterance lower-cases s, spells the digits 0 to 10 as words and
// keeps letters, apostrophes inside words and spaces, the form of the
// dictionary's entries.
func NormalizeUtterance(s string) string {
	var b bytes.Buffer
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r == '\'':
			b.WriteRune(r)
		case r >= '0' && r <= '9':
			b.WriteString(" " + digitNames[r-'0'] + " ")
		case r == '’':
			b.WriteRune('\'')
		default:
			b.WriteByte(' ')
		}
	}
	f := strings.Fields(b.String())
	for i, w := range f {
		f[i] = strings.Trim(w, "'")
	}
	return strings.Join(strings.Fields(strings.Join(f, " ")), " ")
}

var digitNames = [10]string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"}

//go:embed domain_en.txt
var domainEN string

// DefaultDomainWeight is the domain model's default share of the general
// pass (see ModelConfig.DomainWeight).
const DefaultDomainWeight = 0.5

// domainSentences returns the lines of text that are not comments.
func domainSentences(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return out
}

// writeDomainLM builds the domain model of cfg into path, keeping the words
// of cfg.Dict.
func writeDomainLM(path string, cfg ModelConfig) error {
	d, err := grammar.LoadDictionary(cfg.Dict)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrModel, err)
	}
	var b bytes.Buffer
	if _, err := BuildARPA(&b, domainSentences(cfg.Domain), d.Has); err != nil {
		return err
	}
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		return fmt.Errorf("sphinx: %w", err)
	}
	return nil
}
