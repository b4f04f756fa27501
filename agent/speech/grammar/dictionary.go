package grammar

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
)

// DefaultDictPath is the pronunciation dictionary of Debian's pocketsphinx-en-us.
const DefaultDictPath = "/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict"

// Dictionary is the set of words a recogniser can pronounce. A grammar that
// uses any other word is refused by pocketsphinx, so phrases are checked
// against it first.
type Dictionary struct {
	words map[string]struct{}
}

// LoadDictionary reads a CMU-style dictionary file ("word PH ON EMES" per
// line, alternates written "word(2)").
func LoadDictionary(path string) (*Dictionary, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrDictionary, err)
	}
	defer f.Close()
	d, err := ReadDictionary(f)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrDictionary, path, err)
	}
	return d, nil
}

// ReadDictionary parses a CMU-style dictionary from r.
func ReadDictionary(r io.Reader) (*Dictionary, error) {
	d := &Dictionary{words: make(map[string]struct{}, 140000)}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, ";;;") {
			continue
		}
		word, _, _ := strings.Cut(line, " ")
		word, _, _ = strings.Cut(word, "\t")
		if i := strings.IndexByte(word, '('); i > 0 && strings.HasSuffix(word, ")") {
			word = word[:i]
		}
		if word != "" {
			d.words[strings.ToLower(word)] = struct{}{}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrDictionary, err)
	}
	return d, nil
}

// Len returns the number of distinct words.
func (d *Dictionary) Len() int { return len(d.words) }

// Has reports whether word (lower case) is in the dictionary.
func (d *Dictionary) Has(word string) bool {
	_, ok := d.words[word]
	return ok
}

// Missing returns the words of the sanitized phrase that are not in d.
func (d *Dictionary) Missing(phrase string) []string {
	var out []string
	for _, w := range strings.Fields(Sanitize(phrase)) {
		if !d.Has(w) {
			out = append(out, w)
		}
	}
	return out
}

// Filter returns the phrases whose every word is in d (sanitized), and the
// words that caused others to be dropped.
func (d *Dictionary) Filter(phrases []string) (kept, missing []string) {
	seen := map[string]bool{}
	for _, ph := range phrases {
		m := d.Missing(ph)
		if len(m) == 0 {
			if s := Sanitize(ph); s != "" {
				kept = append(kept, s)
			}
			continue
		}
		for _, w := range m {
			if !seen[w] {
				seen[w] = true
				missing = append(missing, w)
			}
		}
	}
	return kept, missing
}

// FilterPhrases applies Filter to every rule of p.
func (d *Dictionary) FilterPhrases(p Phrases) (Phrases, []string) {
	out := Phrases{Name: p.Name}
	var missing []string
	seen := map[string]bool{}
	add := func(m []string) {
		for _, w := range m {
			if !seen[w] {
				seen[w] = true
				missing = append(missing, w)
			}
		}
	}
	var m []string
	out.Answers, m = d.Filter(p.Answers)
	add(m)
	for _, r := range p.Intents {
		kept, m := d.Filter(r.Phrases)
		add(m)
		out.Intents = append(out.Intents, Rule{Name: r.Name, Phrases: kept})
	}
	return out, missing
}

// FilterToDictionary keeps the phrases whose every word is in the dictionary
// at dictPath and reports the missing words.
func FilterToDictionary(phrases []string, dictPath string) (kept, missing []string, err error) {
	d, err := LoadDictionary(dictPath)
	if err != nil {
		return nil, nil, err
	}
	kept, missing = d.Filter(phrases)
	return kept, missing, nil
}
