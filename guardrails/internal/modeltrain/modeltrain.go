// Package modeltrain trains the learned guardrail heads (guardrails.ModelRail,
// guardrails.ModelIntent) from the labelled corpora, deterministically: the same
// corpora give the same bytes on every run.
package modeltrain

import (
	"bufio"
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"candor/guardrails"
)

// ErrCorpus reports a corpus line that cannot be used.
var ErrCorpus = errors.New("modeltrain: bad corpus line")

// Example is one labelled sentence.
type Example struct {
	Text  string
	Lang  string // en, zh (simplified) or zh-TW (traditional)
	Label int    // index into guardrails.RailClasses or guardrails.IntentClasses
	// Source names the corpus and line, for error messages and reports.
	Source string
	// HeldOut examples are never trained on; they give the reported figures.
	HeldOut bool
}

// Head names one learned head and where its data lives.
type Head struct {
	Name    string   // rail or intent
	Classes []string // class names in weight order
}

// Rail and Intent are the two heads.
var (
	Rail   = Head{Name: "rail", Classes: railNames()}
	Intent = Head{Name: "intent", Classes: intentNames()}
)

func railNames() []string {
	var s []string
	for _, c := range guardrails.RailClasses {
		if c == guardrails.CategoryNone {
			s = append(s, "allow")
		} else {
			s = append(s, string(c))
		}
	}
	return s
}

func intentNames() []string {
	var s []string
	for _, c := range guardrails.IntentClasses {
		s = append(s, string(c))
	}
	return s
}

func (h Head) label(name, source string) (int, error) {
	if i := slices.Index(h.Classes, name); i >= 0 {
		return i, nil
	}
	return 0, fmt.Errorf("%w: %s: unknown %s class %q", ErrCorpus, source, h.Name, name)
}

// Load reads a head's examples from the repository rooted at root: the team
// corpus (guardrails/testdata/<head>/corpus.jsonl) and the hand-written
// sentences (guardrails/testdata/model/<head>.tsv), and a second corpus
// written by someone who never read the rules (guardrails/testdata/<head>/
// fresh.jsonl, same format as the team corpus). The held-out part is the
// intent corpus's "test" split, every 5th line of the rail corpus (as the rail's
// own corpus test splits it) and every 5th sentence of the TSV file. A third
// rule-blind corpus (fresh3.jsonl, no split field) holds out every 5th line
// for both heads.
func Load(root string, h Head) ([]Example, error) {
	in := h.Inputs()
	team, err := loadJSONL(filepath.Join(root, in[0]), h)
	if err != nil {
		return nil, err
	}
	own, err := loadTSV(filepath.Join(root, in[1]), h)
	if err != nil {
		return nil, err
	}
	fresh, err := loadJSONL(filepath.Join(root, in[2]), h)
	if err != nil {
		return nil, err
	}
	// The fourth input is templated (a few hundred sentences with names and
	// openers varied): all of it is trained on, none held out, so that its
	// near-duplicates do not flatter the held-out figures.
	extra, err := loadJSONL(filepath.Join(root, in[3]), h)
	if err != nil {
		return nil, err
	}
	for i := range extra {
		extra[i].HeldOut = false
	}
	// The fifth is a third rule-blind corpus; every 5th line is held out.
	third, err := loadJSONL(filepath.Join(root, in[4]), h)
	if err != nil {
		return nil, err
	}
	return append(append(append(append(team, own...), fresh...), extra...), third...), nil
}

// Inputs are the head's training files, relative to the repository root.
func (h Head) Inputs() []string {
	return []string{
		"guardrails/testdata/" + h.Name + "/corpus.jsonl",
		"guardrails/testdata/model/" + h.Name + ".tsv",
		"guardrails/testdata/" + h.Name + "/fresh.jsonl",
		"guardrails/testdata/" + h.Name + "/fresh2.jsonl",
		"guardrails/testdata/" + h.Name + "/fresh3.jsonl",
	}
}

// Output is the head's embedded model file, relative to the repository root.
func (h Head) Output() string { return "guardrails/model_" + h.Name + ".bin" }

// ManifestPath records what the committed model files were trained from.
const ManifestPath = "guardrails/testdata/model/trained.txt"

// Manifest lists the sha256 of every input and output file of both heads, one
// "digest  path" line each, in a fixed order.
func Manifest(root string) (string, error) {
	var b strings.Builder
	for _, h := range []Head{Rail, Intent} {
		for _, p := range append(h.Inputs(), h.Output()) {
			data, err := os.ReadFile(filepath.Join(root, p))
			if err != nil {
				return "", fmt.Errorf("modeltrain: manifest: %w", err)
			}
			fmt.Fprintf(&b, "%x  %s\n", sha256.Sum256(data), p)
		}
	}
	return b.String(), nil
}

func loadJSONL(path string, h Head) ([]Example, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("modeltrain: %w", err)
	}
	var out []Example
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		src := fmt.Sprintf("%s:%d", path, n)
		var r struct {
			Text, Lang, Want, Category, Style, Split string
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("%w: %s: %w", ErrCorpus, src, err)
		}
		ex := Example{Text: r.Text, Lang: r.Lang, Source: src}
		name := r.Want
		if h.Name == "rail" {
			if r.Want == "block" {
				name = r.Category
			}
			ex.HeldOut = n%5 == 0
			if r.Style == "traditional" {
				ex.Lang = "zh-TW"
			}
		} else {
			ex.HeldOut = r.Split == "test"
			if r.Split == "" {
				ex.HeldOut = n%5 == 0 // a corpus without splits: every 5th line
			}
		}
		if ex.Label, err = h.label(name, src); err != nil {
			return nil, err
		}
		out = append(out, ex)
	}
	return out, sc.Err()
}

func loadTSV(path string, h Head) ([]Example, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("modeltrain: %w", err)
	}
	var out []Example
	k := 0
	for n, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		src := fmt.Sprintf("%s:%d", path, n+1)
		f := strings.SplitN(line, "\t", 3)
		if len(f) != 3 || strings.TrimSpace(f[2]) == "" {
			return nil, fmt.Errorf("%w: %s: want class<TAB>lang<TAB>text", ErrCorpus, src)
		}
		lab, err := h.label(f[0], src)
		if err != nil {
			return nil, err
		}
		switch f[1] {
		case "en", "zh", "zh-TW":
		default:
			return nil, fmt.Errorf("%w: %s: lang %q, want en, zh or zh-TW", ErrCorpus, src, f[1])
		}
		k++
		out = append(out, Example{Text: strings.TrimSpace(f[2]), Lang: f[1], Label: lab, Source: src, HeldOut: k%5 == 0})
	}
	return out, nil
}

// Options tune training; the zero value uses the defaults.
type Options struct {
	Epochs int     // passes over the data (default 20)
	Rate   float64 // initial learning rate (default 0.2)
	L2     float64 // weight decay per update of a touched row (default 1e-4)
	Seed   uint64  // shuffle seed (default 1)
}

func (o Options) withDefaults() Options {
	if o.Epochs == 0 {
		o.Epochs = 20
	}
	if o.Rate == 0 {
		o.Rate = 0.2
	}
	if o.L2 == 0 {
		o.L2 = 1e-4
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	return o
}

// Train fits a multinomial logistic regression by stochastic gradient descent
// on the examples not held out and returns it quantised to int8. The examples
// are sorted first and shuffled with a fixed seed, so the result depends only on
// the set of examples and the options.
func Train(examples []Example, classes int, o Options) guardrails.LinearModel {
	o = o.withDefaults()
	type item struct {
		feats []uint32
		label int
		text  string
	}
	var items []item
	for _, e := range examples {
		if e.HeldOut {
			continue
		}
		items = append(items, item{guardrails.ModelFeatures(e.Text, nil), e.Label, e.Text})
	}
	slices.SortFunc(items, func(a, b item) int {
		return cmp.Or(cmp.Compare(a.text, b.text), cmp.Compare(a.label, b.label))
	})
	dim := 1 << guardrails.ModelBits
	w := make([]float64, dim*classes)
	rng := rand.New(rand.NewPCG(o.Seed, 0x63616e646f72))
	p := make([]float64, classes)
	for ep := 0; ep < o.Epochs; ep++ {
		rng.Shuffle(len(items), func(i, j int) { items[i], items[j] = items[j], items[i] })
		lr := o.Rate / (1 + 0.3*float64(ep))
		for _, it := range items {
			for c := range p {
				p[c] = 0
			}
			for _, f := range it.feats {
				row := w[int(f)*classes : int(f)*classes+classes]
				for c := range p {
					p[c] += row[c]
				}
			}
			softmax(p)
			p[it.label] -= 1
			for _, f := range it.feats {
				row := w[int(f)*classes : int(f)*classes+classes]
				for c := range row {
					row[c] -= lr * (p[c] + o.L2*row[c])
				}
			}
		}
	}
	return quantise(w, classes)
}

func softmax(p []float64) {
	m := p[0]
	for _, v := range p[1:] {
		m = max(m, v)
	}
	var s float64
	for i, v := range p {
		p[i] = math.Exp(v - m)
		s += p[i]
	}
	for i := range p {
		p[i] /= s
	}
}

func quantise(w []float64, classes int) guardrails.LinearModel {
	var maxAbs float64
	for _, v := range w {
		maxAbs = max(maxAbs, math.Abs(v))
	}
	scale := float32(maxAbs / 127)
	if scale == 0 {
		scale = 1
	}
	m := guardrails.LinearModel{Bits: guardrails.ModelBits, Classes: classes, Scale: scale, Weights: make([]int8, len(w))}
	for i, v := range w {
		m.Weights[i] = int8(math.Round(v / float64(scale)))
	}
	return m
}
