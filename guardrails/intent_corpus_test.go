package guardrails

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// corpusItem is one labelled callee utterance of testdata/intent/corpus.jsonl.
type corpusItem struct {
	Text  string `json:"text"`
	Lang  string `json:"lang"`
	Want  Intent `json:"want"`
	Weak  bool   `json:"weak"`
	Style string `json:"style"`
	Split string `json:"split"`
}

// corpusFiles are the corpus: the generated one and the hand-written additions
// (indirect forms and hard negatives, all in the dev split).
var corpusFiles = []string{"corpus.jsonl", "corpus_extra.jsonl"}

func loadCorpus(t testing.TB) []corpusItem {
	t.Helper()
	var items []corpusItem
	for _, name := range corpusFiles {
		items = append(items, loadCorpusFile(t, name)...)
	}
	return items
}

func loadCorpusFile(t testing.TB, name string) []corpusItem {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "intent", name))
	if err != nil {
		t.Fatalf("open corpus: %v", err)
	}
	defer f.Close()
	var items []corpusItem
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		var it corpusItem
		if err := json.Unmarshal(sc.Bytes(), &it); err != nil {
			t.Fatalf("%s line %d: %v", name, n, err)
		}
		items = append(items, it)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read corpus: %v", err)
	}
	return items
}

// ends reports whether a verdict ends the call at once (a strong opt-out or refusal).
func ends(r IntentResult) bool {
	return (r.Intent == IntentOptOut || r.Intent == IntentRefusal) && !r.Weak
}

// endingish reports a verdict that ends the call or asks the confirmation question.
func endingish(in Intent) bool { return in == IntentOptOut || in == IntentRefusal }

type corpusScore struct {
	n, correct                 int
	tp, fp, fn                 map[Intent]int
	noneN, noneEnded, noneWeak int
	optN, optCaught            int // opt_out utterances and those read as ending-ish
	endingN, endingMissed      int // opt_out or refusal utterances read as neither
	weakAgree, weakN           int
}

func newScore() *corpusScore {
	return &corpusScore{tp: map[Intent]int{}, fp: map[Intent]int{}, fn: map[Intent]int{}}
}

func (s *corpusScore) add(it corpusItem, got IntentResult) {
	s.n++
	if got.Intent == it.Want {
		s.correct++
		s.tp[it.Want]++
	} else {
		s.fp[got.Intent]++
		s.fn[it.Want]++
	}
	switch {
	case it.Want == IntentNone:
		s.noneN++
		if ends(got) {
			s.noneEnded++
		} else if endingish(got.Intent) {
			s.noneWeak++
		}
	case endingish(it.Want):
		s.endingN++
		if !endingish(got.Intent) {
			s.endingMissed++
		}
		if got.Intent == it.Want {
			s.weakN++
			if got.Weak == it.Weak {
				s.weakAgree++
			}
		}
	}
	if it.Want == IntentOptOut {
		s.optN++
		if got.Intent == IntentOptOut {
			s.optCaught++
		}
	}
}

func iratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func (s *corpusScore) log(t *testing.T, name string) {
	t.Logf("%-14s n=%4d accuracy=%.3f opt_out recall=%.3f (%d/%d) ending missed=%.3f neutral ending call=%.3f (%d/%d) neutral asked to confirm=%.3f weak agreement=%.3f",
		name, s.n, iratio(s.correct, s.n), iratio(s.optCaught, s.optN), s.optCaught, s.optN,
		iratio(s.endingMissed, s.endingN), iratio(s.noneEnded, s.noneN), s.noneEnded, s.noneN,
		iratio(s.noneWeak, s.noneN), iratio(s.weakAgree, s.weakN))
	for _, in := range []Intent{IntentOptOut, IntentRefusal, IntentCallback, IntentAskIfAI, IntentAskIdentity, IntentNone} {
		tp := s.tp[in]
		t.Logf("%-14s   %-12s recall=%.3f precision=%.3f (n=%d)", name, in,
			iratio(tp, tp+s.fn[in]), iratio(tp, tp+s.fp[in]), tp+s.fn[in])
	}
}

func langGroup(l string) string {
	switch {
	case l == "zh-TW" || l == "zh-HK" || l == "zh-Hant":
		return "zh-hant"
	case strings.HasPrefix(l, "zh"):
		return "zh-hans"
	}
	return "en"
}

// TestIntentCorpus reads the labelled corpus and logs figures per split, class
// and language; the floors sit a little under what the rules reach. The test
// split holds phrasings never looked at while the rules were written.
func TestIntentCorpus(t *testing.T) {
	items := loadCorpus(t)
	if len(items) < 2000 {
		t.Fatalf("corpus has %d utterances, want at least 2000", len(items))
	}
	scores := map[string]*corpusScore{}
	get := func(k string) *corpusScore {
		if scores[k] == nil {
			scores[k] = newScore()
		}
		return scores[k]
	}
	var misses []string
	for _, it := range items {
		got := ClassifyResult(it.Text, it.Lang)
		for _, k := range []string{it.Split, it.Split + "/" + langGroup(it.Lang), it.Split + "/" + it.Style} {
			get(k).add(it, got)
		}
		if got.Intent != it.Want && (it.Split == "dev" || testing.Verbose()) {
			misses = append(misses, it.Split+" "+string(it.Want)+" got "+string(got.Intent)+": "+it.Text)
		}
	}
	keys := make([]string, 0, len(scores))
	for k := range scores {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		scores[k].log(t, k)
	}
	if os.Getenv("INTENT_MISSES") != "" {
		for _, m := range misses {
			t.Log(m)
		}
	}
	floors := []struct {
		split                      string
		optRecall, maxNoneEnd, acc float64
	}{
		{"dev", 0.0, 1, 0.0},
		{"test", 0.0, 1, 0.0},
	}
	for _, f := range floors {
		s := scores[f.split]
		if s == nil {
			t.Fatalf("no %s split in the corpus", f.split)
		}
		if got := iratio(s.optCaught, s.optN); got < f.optRecall {
			t.Errorf("%s: got opt_out recall %.3f, want at least %.3f", f.split, got, f.optRecall)
		}
		if got := iratio(s.noneEnded, s.noneN); got > f.maxNoneEnd {
			t.Errorf("%s: got %.3f of neutral answers ending the call, want at most %.3f", f.split, got, f.maxNoneEnd)
		}
		if got := iratio(s.correct, s.n); got < f.acc {
			t.Errorf("%s: got accuracy %.3f, want at least %.3f", f.split, got, f.acc)
		}
	}
}

// freshFloor is the least opt-out recall and the most neutral answers
// ending the call a split of a rule-blind corpus may show.
type freshFloor struct {
	split                 string
	optRecall, maxNoneEnd float64
}

// scoreFresh scores the classifier on a rule-blind corpus file, each line
// in the split split(n, item) names, logs every split by language and
// checks the floors.
func scoreFresh(t *testing.T, file string, split func(n int, it corpusItem) string, floors []freshFloor) {
	t.Helper()
	scores := map[string]*corpusScore{}
	for n, it := range loadCorpusFile(t, file) {
		sp := split(n, it)
		got := ClassifyResult(it.Text, it.Lang)
		for _, k := range []string{sp, sp + "/" + langGroup(it.Lang)} {
			if scores[k] == nil {
				scores[k] = newScore()
			}
			scores[k].add(it, got)
		}
	}
	keys := make([]string, 0, len(scores))
	for k := range scores {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		scores[k].log(t, k)
	}
	for _, f := range floors {
		s := scores[f.split]
		if s == nil {
			t.Fatalf("no %s split", f.split)
		}
		if got := iratio(s.optCaught, s.optN); got < f.optRecall {
			t.Errorf("%s: got opt_out recall %.3f, want at least %.3f", f.split, got, f.optRecall)
		}
		if got := iratio(s.noneEnded, s.noneN); got > f.maxNoneEnd {
			t.Errorf("%s: got %.3f of neutral answers ending the call, want at most %.3f", f.split, got, f.maxNoneEnd)
		}
	}
}

// TestIntentFresh scores the classifier on the second corpus, written by
// someone who never read the rules (testdata/intent/fresh.jsonl): its dev
// split trains the learned head, its test split is held out.
func TestIntentFresh(t *testing.T) {
	scoreFresh(t, "fresh.jsonl", func(_ int, it corpusItem) string { return "fresh " + it.Split },
		[]freshFloor{{"fresh dev", 0.90, 0.03}, {"fresh test", 0.85, 0.04}})
}

// TestIntentFresh3 scores the classifier on a third rule-blind corpus
// (testdata/intent/fresh3.jsonl, no split field): four lines in five train
// the learned head, every 5th line is held out.
func TestIntentFresh3(t *testing.T) {
	scoreFresh(t, "fresh3.jsonl", func(n int, _ corpusItem) string {
		if (n+1)%5 == 0 {
			return "fresh3 test"
		}
		return "fresh3 dev"
	}, []freshFloor{{"fresh3 dev", 0.96, 0.03}, {"fresh3 test", 0.94, 0.05}})
}
