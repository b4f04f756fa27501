package agent

import (
	"context"
	"strings"
	"time"
	"unicode"
)

// TextSynth is the synthesizer of text-only lines: it carries the text and
// its nominal speaking time, so playout clocks and barge-in behave as with audio.
type TextSynth struct {
	// WordsPerMinute of English speech (default 165); Mandarin is timed at
	// 4.5 characters a second.
	WordsPerMinute int
}

var _ Synthesizer = TextSynth{}

// Synthesize returns the text with its speaking time.
func (t TextSynth) Synthesize(ctx context.Context, text, lang string) (Speech, error) {
	if err := ctx.Err(); err != nil {
		return Speech{}, err
	}
	return Speech{Text: text, Lang: lang, Duration: SpeakingTime(text, t.WordsPerMinute)}, nil
}

// SpeakingTime estimates how long text takes to say.
func SpeakingTime(text string, wpm int) time.Duration {
	if wpm <= 0 {
		wpm = 165
	}
	han, words := 0, len(strings.Fields(text))
	for _, r := range text {
		if unicode.Is(unicode.Han, r) {
			han++
		}
	}
	d := time.Duration(words) * time.Minute / time.Duration(wpm)
	d += time.Duration(han) * time.Second * 2 / 9
	if d < 300*time.Millisecond {
		d = 300 * time.Millisecond
	}
	return d
}

// PlayedPrefix returns the words of text said in the first fraction of its
// playing time (0..1), for transcripts of interrupted speech.
func PlayedPrefix(text string, fraction float64) string {
	if fraction >= 1 {
		return text
	}
	if fraction <= 0 {
		return ""
	}
	runes := []rune(text)
	n := int(float64(len(runes)) * fraction)
	// Keep whole words: cut back to the last space unless the text is Chinese.
	cut := string(runes[:n])
	if i := strings.LastIndexFunc(cut, unicode.IsSpace); i > 0 && !unicode.Is(unicode.Han, runes[max(n-1, 0)]) {
		cut = cut[:i]
	}
	return strings.TrimSpace(cut)
}
