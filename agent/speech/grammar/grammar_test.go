package grammar

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func TestJSGFGolden(t *testing.T) {
	tests := []struct {
		name string
		p    Phrases
	}{
		{"scale_1_5", ForQuestion(KindScale, 1, 5, nil)},
		{"scale_default", ForQuestion(KindScale, 0, 0, nil)},
		{"yes_no", ForQuestion(KindYesNo, 0, 0, nil)},
		{"choice", ForQuestion(KindChoice, 0, 0, []string{"Very satisfied", "Satisfied", "Not satisfied!", "satisfied"})},
		{"free_text", ForQuestion(KindFreeText, 0, 0, nil)},
		{"injection", Phrases{
			Name:    "my grammar; public <x> = evil",
			Answers: []string{"yes; public <evil> = anything", "<NULL> | (a)* [b]+ {tag} /10/ \"quoted\" \\ no", "// comment", "/* block */"},
			Intents: []Rule{{Name: "<bad name>", Phrases: []string{"hello"}}, {Name: "answer", Phrases: []string{"dup name"}}, {Name: "", Phrases: []string{"unnamed"}}},
		}},
		{"empty", Phrases{Answers: []string{"", "!!!", "  "}}},
		{"garbage", Phrases{Answers: []string{"yes", "no"}, Garbage: true, Intents: []Rule{{Name: "garbage", Phrases: []string{"clash"}}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := JSGF(tc.p)
			path := filepath.Join("testdata", tc.name+".jsgf")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("reading golden file (run go test -update): %v", err)
			}
			if got != string(want) {
				t.Errorf("JSGF(%s): got\n%s\nwant\n%s", tc.name, got, want)
			}
			assertSafeGrammar(t, got)
		})
	}
}

func TestSanitize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Please STOP calling me!", "please stop calling me"},
		{"I don't know", "i don't know"},
		{"I don’t know", "i don't know"},
		{"'quoted' words''", "quoted words"},
		{"yes; public <x> = y", "yes public x y"},
		{"a|b*c+d(e)f[g]h{i}j=k/l\\m\"n", "a b c d e f g h i j k l m n"},
		{"  spaced\tout\nwords  ", "spaced out words"},
		{"第五", "第五"},
		{"Café OLÉ", "café olé"},
		{"five-star", "five star"},
		{"#JSGF", "jsgf"},
		{"", ""},
		{"'''", ""},
		{"don''t", "don't"},
	}
	for _, tc := range tests {
		if got := Sanitize(tc.in); got != tc.want {
			t.Errorf("Sanitize(%q): got %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestRules(t *testing.T) {
	p := Phrases{
		Answers: []string{"Yes", "yes!", "", "no"},
		Intents: []Rule{
			{Name: "opt-out", Phrases: []string{"stop"}},
			{Name: "opt_out", Phrases: []string{"quit"}},
			{Name: "empty", Phrases: []string{"..."}},
			{Name: "VOID", Phrases: []string{"x"}},
		},
	}
	got := p.Rules()
	wantNames := []string{"answer", "opt_out", "opt_out_2", "void_rule"}
	var names []string
	for _, r := range got {
		names = append(names, r.Name)
	}
	if !slices.Equal(names, wantNames) {
		t.Errorf("rule names: got %v, want %v", names, wantNames)
	}
	if !slices.Equal(got[0].Phrases, []string{"yes", "no"}) {
		t.Errorf("answer phrases: got %v, want [yes no] (sanitized, deduplicated)", got[0].Phrases)
	}
	kp := Keyphrases(Phrases{Answers: []string{"stop", "yes"}, Intents: []Rule{{Name: "x", Phrases: []string{"Stop", "go"}}}})
	if !slices.Equal(kp, []string{"stop", "yes", "go"}) {
		t.Errorf("Keyphrases: got %v, want [stop yes go]", kp)
	}
}

func TestNumbers(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{{0, "zero"}, {7, "seven"}, {13, "thirteen"}, {20, "twenty"}, {42, "forty two"}, {99, "ninety nine"}, {100, "one hundred"}, {101, ""}, {-1, ""}}
	for _, tc := range tests {
		if got := NumberWords(tc.n); got != tc.want {
			t.Errorf("NumberWords(%d): got %q, want %q", tc.n, got, tc.want)
		}
	}
	ten := Numbers(1, 10)
	for _, want := range []string{"one", "ten", "i would say seven", "five out of ten"} {
		if !slices.Contains(ten, want) {
			t.Errorf("Numbers(1, 10): missing %q", want)
		}
	}
	if slices.Contains(ten, "zero") || slices.Contains(ten, "eleven") {
		t.Errorf("Numbers(1, 10): got numbers outside 1..10: %v", ten)
	}
	if got, want := Numbers(5, 1), Numbers(1, 5); !slices.Equal(got, want) {
		t.Errorf("Numbers(5, 1): got %v, want the same as Numbers(1, 5)", got)
	}
	if slices.Contains(Numbers(1, 5), "five out of ten") {
		t.Errorf("Numbers(1, 5): got an out-of-ten phrase on a five-point scale")
	}
}

func TestForQuestion(t *testing.T) {
	if p := ForQuestion(KindFreeText, 0, 0, nil); len(p.Answers) != 0 || len(p.Intents) == 0 {
		t.Errorf("free text: got %d answers and %d intents, want 0 and the default intents", len(p.Answers), len(p.Intents))
	}
	choices := []string{"red", "green"}
	p := ForQuestion(KindChoice, 0, 0, choices)
	choices[0] = "changed"
	if p.Answers[0] != "red" {
		t.Errorf("choice answers alias the caller's slice: got %q, want %q", p.Answers[0], "red")
	}
	// DefaultIntents returns copies.
	a := DefaultIntents()
	a[0].Phrases[0] = "changed"
	if DefaultIntents()[0].Phrases[0] == "changed" {
		t.Error("DefaultIntents: modifying the result changed the package's lists")
	}
}

// TestDefaultPhrasesInDictionary checks every default word against the en-US
// model's dictionary: pocketsphinx refuses a grammar with an unknown word.
func TestDefaultPhrasesInDictionary(t *testing.T) {
	if _, err := os.Stat(DefaultDictPath); err != nil {
		t.Skipf("pocketsphinx-en-us is not installed (%v)", err)
	}
	d, err := LoadDictionary(DefaultDictPath)
	if err != nil {
		t.Fatal(err)
	}
	if d.Len() < 100000 {
		t.Fatalf("dictionary words: got %d, want over 100000", d.Len())
	}
	var all []string
	for _, r := range DefaultIntents() {
		all = append(all, r.Phrases...)
	}
	all = append(all, YesNo()...)
	all = append(all, Numbers(0, 100)...)
	all = append(all, garbageWords...)
	for _, ph := range all {
		if Sanitize(ph) != ph {
			t.Errorf("default phrase %q is not in sanitized form %q", ph, Sanitize(ph))
		}
		if m := d.Missing(ph); len(m) > 0 {
			t.Errorf("default phrase %q: words %v not in %s", ph, m, DefaultDictPath)
		}
	}
	kept, missing, err := FilterToDictionary([]string{"very satisfied", "Comcastic xfinityish", "ok"}, DefaultDictPath)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(kept, []string{"very satisfied", "ok"}) || !slices.Equal(missing, []string{"comcastic", "xfinityish"}) {
		t.Errorf("FilterToDictionary: got kept %v missing %v, want [very satisfied ok] and [comcastic xfinityish]", kept, missing)
	}
}

func TestReadDictionary(t *testing.T) {
	in := ";;; comment\nhello HH AH L OW\nhello(2) HH EH L OW\nDon't D OW N T\nword\tW ER D\n\n(bad\n"
	d, err := ReadDictionary(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"hello", "don't", "word", "(bad"} {
		if !d.Has(w) {
			t.Errorf("Has(%q): got false, want true", w)
		}
	}
	if d.Has("hello(2)") || d.Has(";;;") || d.Len() != 4 {
		t.Errorf("got %d words, want 4 without alternates or comments", d.Len())
	}
	p, missing := d.FilterPhrases(Phrases{Answers: []string{"Hello word", "hello there"}, Intents: []Rule{{Name: "x", Phrases: []string{"don't", "nope"}}}})
	if !slices.Equal(p.Answers, []string{"hello word"}) || !slices.Equal(p.Intents[0].Phrases, []string{"don't"}) || !slices.Equal(missing, []string{"there", "nope"}) {
		t.Errorf("FilterPhrases: got %v %v missing %v", p.Answers, p.Intents, missing)
	}
	if _, err := LoadDictionary(filepath.Join(t.TempDir(), "none.dict")); !errors.Is(err, ErrDictionary) {
		t.Errorf("LoadDictionary of a missing file: got %v, want ErrDictionary", err)
	}
}

var (
	tokenRE      = regexp.MustCompile(`^[\p{L}\p{N}]+('[\p{L}\p{N}]+)*$`)
	ruleRefRE    = regexp.MustCompile(`^<[a-z0-9_]+>$`)
	garbageRefRE = regexp.MustCompile(`^<garbage_*_word>\+$`)
	ruleDefRE    = regexp.MustCompile(`^(public )?<[a-z0-9_]+> =(.*);$`)
)

// assertSafeGrammar checks the structure of a generated grammar: a header,
// a grammar line, then rule definitions whose bodies are alternatives of safe
// word tokens or rule references only.
func assertSafeGrammar(t *testing.T, g string) {
	t.Helper()
	if !strings.HasPrefix(g, "#JSGF V1.0;\n\ngrammar ") {
		t.Fatalf("grammar header: got %q", g[:min(len(g), 30)])
	}
	lines := strings.Split(strings.TrimSuffix(g, "\n"), "\n")
	if !regexp.MustCompile(`^grammar [a-z0-9_]+;$`).MatchString(lines[2]) {
		t.Fatalf("grammar name line: got %q", lines[2])
	}
	// Join continuation lines into one definition per rule.
	var defs []string
	for _, l := range lines[3:] {
		switch {
		case l == "":
		case strings.HasPrefix(l, "    |"):
			if len(defs) == 0 {
				t.Fatalf("continuation before any rule: %q", l)
			}
			defs[len(defs)-1] += strings.TrimPrefix(l, "    ")
		default:
			defs = append(defs, l)
		}
	}
	publics := 0
	for _, d := range defs {
		m := ruleDefRE.FindStringSubmatch(d)
		if m == nil {
			t.Fatalf("rule definition: got %q, want <name> = alternatives;", d)
		}
		if m[1] != "" {
			publics++
		}
		for _, alt := range strings.Split(m[2], "|") {
			toks := strings.Fields(alt)
			if len(toks) == 0 {
				t.Fatalf("empty alternative in %q", d)
			}
			for _, tok := range toks {
				if !tokenRE.MatchString(tok) && !ruleRefRE.MatchString(tok) && tok != "<VOID>" && !garbageRefRE.MatchString(tok) {
					t.Fatalf("unsafe token %q in %q", tok, d)
				}
			}
		}
	}
	if publics != 1 {
		t.Fatalf("public rules: got %d, want 1", publics)
	}
}

func FuzzJSGF(f *testing.F) {
	f.Add("yes", "opt_out", "please stop calling me", "g")
	f.Add("yes; public <evil> = x", "<r>", "a | b", "n;")
	f.Add("/* c */ // d", "", "\"q\" {t} [o] (g)* +", "#JSGF")
	f.Add("don't 'x' ’y’", "void", "\x00\n\r\t", "null")
	f.Add("", "", "", "")
	f.Fuzz(func(t *testing.T, answer, ruleName, phrase, name string) {
		p := Phrases{
			Name:    name,
			Answers: []string{answer, phrase},
			Intents: []Rule{{Name: ruleName, Phrases: []string{phrase, answer + " " + phrase}}, {Name: ruleName, Phrases: []string{ruleName}}},
			Garbage: len(name)%2 == 1,
		}
		g := JSGF(p)
		assertSafeGrammar(t, g)
		for _, bad := range []string{";", "<", ">", "=", "|", "*", "+", "(", ")", "[", "]", "{", "}", "/", "\\", "\""} {
			// Only the generator's own syntax may contain these.
			for _, kp := range Keyphrases(p) {
				if strings.Contains(kp, bad) {
					t.Fatalf("keyphrase %q contains %q", kp, bad)
				}
			}
		}
	})
}

func FuzzReadDictionary(f *testing.F) {
	f.Add("hello HH AH L OW\nhello(2) HH EH L OW\n")
	f.Add(";;; x\n\n(\n()\nw()\n")
	f.Fuzz(func(t *testing.T, in string) {
		d, err := ReadDictionary(strings.NewReader(in))
		if err != nil {
			return
		}
		for w := range d.words {
			if w == "" || strings.ContainsAny(w, " \t\n") {
				t.Fatalf("dictionary word %q: want a non-empty word without spaces", w)
			}
		}
	})
}
