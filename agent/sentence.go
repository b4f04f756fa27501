package agent

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Splitter cuts a stream of text chunks into complete sentences, so each one
// can go through the output rail and on to speech as soon as it is complete.
type Splitter struct {
	buf strings.Builder
}

// abbreviations that end in a period without ending a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "jr": true, "sr": true,
	"vs": true, "etc": true, "e.g": true, "i.e": true, "no": true, "approx": true, "inc": true,
}

// Push adds a chunk and returns the sentences it completed, in order.
func (s *Splitter) Push(chunk string) []string {
	s.buf.WriteString(chunk)
	text := s.buf.String()
	var out []string
	start := 0
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		end := i + size
		switch {
		case r == '。' || r == '！' || r == '？' || r == '；':
			// Chinese terminators end a sentence immediately; take closing quotes too.
			end = takeClosers(text, end)
		case r == '.' || r == '!' || r == '?':
			end = takeClosers(text, takeRepeats(text, end))
			if end == len(text) {
				// Unknown yet: "3." may be "3.5", "Mr." may go on. Wait for more.
				i = len(text)
				continue
			}
			next, _ := utf8.DecodeRuneInString(text[end:])
			if !unicode.IsSpace(next) {
				i = end
				continue
			}
			if r == '.' && isAbbreviation(text[start:i]) {
				i = end
				continue
			}
		default:
			i = end
			continue
		}
		if sent := strings.TrimSpace(text[start:end]); sent != "" {
			out = append(out, sent)
		}
		start = end
		i = end
	}
	rest := text[start:]
	s.buf.Reset()
	s.buf.WriteString(rest)
	return out
}

// Flush returns whatever is left as a final sentence ("" if nothing).
func (s *Splitter) Flush() string {
	rest := strings.TrimSpace(s.buf.String())
	s.buf.Reset()
	return rest
}

func takeRepeats(text string, i int) int {
	for i < len(text) && (text[i] == '.' || text[i] == '!' || text[i] == '?') {
		i++
	}
	return i
}

func takeClosers(text string, i int) int {
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if r != '"' && r != '\'' && r != ')' && r != '”' && r != '’' && r != '」' && r != '）' {
			break
		}
		i += size
	}
	return i
}

func isAbbreviation(before string) bool {
	before = strings.TrimRightFunc(before, unicode.IsSpace)
	j := strings.LastIndexFunc(before, func(r rune) bool { return unicode.IsSpace(r) || r == '(' })
	word := strings.ToLower(before[j+1:])
	if abbreviations[word] {
		return true
	}
	// A single capital letter (an initial, "J. Smith").
	return utf8.RuneCountInString(word) == 1 && unicode.IsLetter([]rune(word)[0])
}
