package guardrails

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
)

// railSample is one labelled agent sentence of testdata/rail/corpus.jsonl.
type railSample struct {
	Text     string `json:"text"`
	Lang     string `json:"lang"`
	Want     string `json:"want"`
	Category string `json:"category"`
	Style    string `json:"style"`
}

func loadRailCorpus(t *testing.T) (dev, test []railSample) {
	return loadRailFile(t, "testdata/rail/corpus.jsonl")
}

func loadRailFile(t *testing.T, path string) (dev, test []railSample) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("open corpus: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		var s railSample
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			t.Fatalf("corpus line %d: %v", n, err)
		}
		if s.Want != "allow" && s.Want != "block" {
			t.Fatalf("corpus line %d: want %q", n, s.Want)
		}
		// every 5th line is the test split, looked at only for the figures
		if n%5 == 0 {
			test = append(test, s)
		} else {
			dev = append(dev, s)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read corpus: %v", err)
	}
	return dev, test
}

// railScore holds the counts of one (split, language, category) cell.
type railScore struct {
	blocks, caught, allows, falseBlocks, wrongCat int
}

func scoreRail(r *Rail, samples []railSample, verbose func(s railSample, d Decision)) map[string]*railScore {
	m := map[string]*railScore{}
	get := func(k string) *railScore {
		if m[k] == nil {
			m[k] = &railScore{}
		}
		return m[k]
	}
	for _, s := range samples {
		d := r.Check(s.Text)
		keys := []string{"all", s.Lang}
		if s.Want == "block" {
			keys = append(keys, s.Lang+"/"+s.Category, "*/"+s.Category)
		}
		for _, k := range keys {
			c := get(k)
			if s.Want == "block" {
				c.blocks++
				if d.Verdict == Block {
					c.caught++
					if string(d.Category) != s.Category {
						c.wrongCat++
					}
				}
			} else {
				c.allows++
				if d.Verdict == Block {
					c.falseBlocks++
				}
			}
		}
		if verbose != nil && (d.Verdict == Block) != (s.Want == "block") {
			verbose(s, d)
		}
	}
	return m
}

func railTable(m map[string]*railScore) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	fmt.Fprintf(&b, "%-24s %7s %7s %8s %9s\n", "cell", "blocks", "recall", "allows", "falseblk")
	for _, k := range keys {
		c := m[k]
		fmt.Fprintf(&b, "%-24s %7d %7.3f %8d %9.3f\n", k, c.blocks, ratio(c.caught, c.blocks), c.allows, ratio(c.falseBlocks, c.allows))
	}
	return b.String()
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// TestRailCorpus scores the rail (empty policy, as `candor guard classify`
// runs) on the labelled corpus: block recall and false-block rate per language
// and category on the dev and test splits.
func TestRailCorpus(t *testing.T) {
	dev, test := loadRailCorpus(t)
	if len(dev)+len(test) < 1500 {
		t.Errorf("corpus has %d sentences, want at least 1500", len(dev)+len(test))
	}
	checkRailSplits(t, []railSplit{
		{"dev", dev, 0.93, 0.03},
		{"test", test, 0.90, 0.04},
	})
}

// railSplit is one scored part of a corpus with its floors.
type railSplit struct {
	name      string
	samples   []railSample
	minRecall float64
	maxFalse  float64
}

// checkRailSplits scores the rail (empty policy, as `candor guard classify`
// runs) on each split, logs its table and holds it to its floors.
// RAIL_VERBOSE=<split name> logs the split's misses.
func checkRailSplits(t *testing.T, splits []railSplit) {
	t.Helper()
	r := NewRail(Policy{})
	for _, split := range splits {
		var miss func(s railSample, d Decision)
		if os.Getenv("RAIL_VERBOSE") == split.name {
			miss = func(s railSample, d Decision) {
				t.Logf("MISS want %s/%s got %s/%s (%s): %s", s.Want, s.Category, d.Verdict, d.Category, d.Rule, s.Text)
			}
		}
		m := scoreRail(r, split.samples, miss)
		t.Logf("%s split (%d sentences):\n%s", split.name, len(split.samples), railTable(m))
		all := m["all"]
		if got := ratio(all.caught, all.blocks); got < split.minRecall {
			t.Errorf("%s: block recall %.3f, want at least %.2f", split.name, got, split.minRecall)
		}
		if got := ratio(all.falseBlocks, all.allows); got > split.maxFalse {
			t.Errorf("%s: false-block rate %.3f, want at most %.2f", split.name, got, split.maxFalse)
		}
	}
}

// TestRailBlind scores the rail on testdata/rail/blind.txt, a batch written
// after the rules and never tuned on (want, category, lang, text per line).
func TestRailBlind(t *testing.T) {
	data, err := os.ReadFile("testdata/rail/blind.txt")
	if err != nil {
		t.Fatalf("read blind set: %v", err)
	}
	var samples []railSample
	for n, line := range strings.Split(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			t.Fatalf("blind.txt line %d: %d fields, want 4", n+1, len(f))
		}
		samples = append(samples, railSample{Want: f[0], Category: f[1], Lang: f[2], Text: f[3]})
	}
	var miss func(s railSample, d Decision)
	if os.Getenv("RAIL_VERBOSE") == "blind" {
		miss = func(s railSample, d Decision) {
			t.Logf("MISS want %s/%s got %s/%s (%s): %s", s.Want, s.Category, d.Verdict, d.Category, d.Rule, s.Text)
		}
	}
	m := scoreRail(NewRail(Policy{}), samples, miss)
	t.Logf("blind set (%d sentences):\n%s", len(samples), railTable(m))
	all := m["all"]
	if got := ratio(all.caught, all.blocks); got < 0.60 {
		t.Errorf("blind: block recall %.3f, want at least 0.60", got)
	}
	if got := ratio(all.falseBlocks, all.allows); got > 0.10 {
		t.Errorf("blind: false-block rate %.3f, want at most 0.10", got)
	}
}

// TestRailFresh scores the rail on the second corpus, written by someone who
// never read the rules (testdata/rail/fresh.jsonl). The learned head is
// trained on its dev lines; its test lines (every 5th) are held out, so they
// are the figure that says how the rail generalises.
func TestRailFresh(t *testing.T) {
	dev, test := loadRailFile(t, "testdata/rail/fresh.jsonl")
	checkRailSplits(t, []railSplit{
		{"fresh dev (trained on)", dev, 0.97, 0.05},
		{"fresh test (held out)", test, 0.85, 0.05},
	})
}

// TestRailFresh3 scores the rail on a third rule-blind corpus
// (testdata/rail/fresh3.jsonl): four lines in five train the learned head,
// every 5th line is held out and looked at only for these figures.
func TestRailFresh3(t *testing.T) {
	dev, test := loadRailFile(t, "testdata/rail/fresh3.jsonl")
	checkRailSplits(t, []railSplit{
		{"fresh3 dev (trained on)", dev, 0.98, 0.02},
		{"fresh3 test (held out)", test, 0.93, 0.07},
	})
}
