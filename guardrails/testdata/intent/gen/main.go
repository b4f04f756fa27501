// Command gen writes the intent corpus (../corpus.jsonl): hand-written callee
// utterances plus templates over varied vocabularies, in English and Chinese
// (simplified and traditional), clean and in recogniser style. It is
// deterministic; run it from the repository root:
//
//	go run ./guardrails/testdata/intent/gen > guardrails/testdata/intent/corpus.jsonl
//
// Every fourth core phrase of each list, and every template built on it, goes
// to the test split: those phrasings are never seen while tuning.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"strings"
	"unicode"
)

type item struct {
	Text  string `json:"text"`
	Lang  string `json:"lang"`
	Want  string `json:"want"`
	Weak  bool   `json:"weak,omitempty"`
	Style string `json:"style"`
	Split string `json:"split"`
}

var (
	rng  = rand.New(rand.NewSource(11))
	out  []item
	seen = map[string]bool{}
)

func add(text, lang, want string, weak bool, style, split string) {
	key := lang + "|" + text
	if strings.TrimSpace(text) == "" || seen[key] {
		return
	}
	seen[key] = true
	out = append(out, item{text, lang, want, weak, style, split})
}

// core is one labelled phrasing; "~" in front marks a weak signal.
type core struct {
	text string
	weak bool
}

func cores(lines string) []core {
	var cs []core
	for _, l := range strings.Split(lines, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		c := core{text: l}
		if strings.HasPrefix(l, "~") {
			c = core{text: strings.TrimPrefix(l, "~"), weak: true}
		}
		cs = append(cs, c)
	}
	return cs
}

func pick(xs []string) string { return xs[rng.Intn(len(xs))] }

func split(i int) string {
	if i%4 == 3 {
		return "test"
	}
	return "dev"
}

// asrEN makes English text look like a recogniser's output.
func asrEN(s string) string {
	s = strings.ToLower(s)
	var b strings.Builder
	for _, r := range s {
		if unicode.IsPunct(r) && r != '\'' {
			b.WriteRune(' ')
			continue
		}
		if r == '\'' {
			continue
		}
		b.WriteRune(r)
	}
	w := strings.Fields(b.String())
	var o []string
	for i, x := range w {
		if rng.Intn(9) == 0 {
			o = append(o, pick([]string{"um", "uh", "er", "hmm"}))
		}
		if m, ok := misheard[x]; ok && rng.Intn(4) == 0 {
			x = m
		}
		o = append(o, x)
		if i < 3 && rng.Intn(12) == 0 {
			o = append(o, x)
		}
	}
	return strings.Join(o, " ")
}

var misheard = map[string]string{
	"calling": "callin", "number": "numbers", "list": "lists", "gonna": "going to",
	"don't": "dont", "want": "wanna", "the": "a", "you": "ya", "please": "plz",
	"okay": "ok", "them": "em", "about": "bout", "because": "cause",
}

// asrZH makes Chinese text look like a recogniser's output.
func asrZH(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		if unicode.IsPunct(r) || r == '，' || r == '。' || r == '？' || r == '！' {
			continue
		}
		if i > 0 && rng.Intn(10) == 0 {
			b.WriteString(pick([]string{"嗯", "那个", "呃"}))
		}
		b.WriteRune(r)
		if rng.Intn(6) == 0 {
			b.WriteRune(' ')
		}
	}
	return b.String()
}

func emitEN(c core, want, sp string) {
	add(c.text, "en", want, c.weak, "clean", sp)
	add(asrEN(c.text), "en", want, c.weak, "asr", sp)
}

func emitZH(c core, want, sp string, trad bool) {
	lang := "zh"
	t := c.text
	if trad {
		lang, t = "zh-TW", toTrad(t)
	}
	add(t, lang, want, c.weak, "clean", sp)
	add(asrZH(t), lang, want, c.weak, "asr", sp)
}

func main() {
	buildEN()
	buildZH()
	w := bufio.NewWriter(os.Stdout)
	for _, it := range out {
		b, err := json.Marshal(it)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		w.Write(b)
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
