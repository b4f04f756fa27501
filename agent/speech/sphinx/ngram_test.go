package sphinx

import (
	"bufio"
	"bytes"
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
)

// arpa is a parsed ARPA model: log10 probabilities and backoff weights.
type arpa struct {
	p, bow map[string]float64
	vocab  []string
}

func parseARPA(t *testing.T, text string) arpa {
	t.Helper()
	a := arpa{p: map[string]float64{}, bow: map[string]float64{}}
	order := 0
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasSuffix(line, "-grams:"):
			order, _ = strconv.Atoi(line[1:2])
			continue
		case line == "" || line == "\\end\\" || order == 0:
			continue
		}
		f := strings.Fields(line)
		if len(f) < 1+order {
			t.Fatalf("line %q: got %d fields, want at least %d", line, len(f), 1+order)
		}
		lp, err := strconv.ParseFloat(f[0], 64)
		if err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		key := strings.Join(f[1:1+order], " ")
		a.p[key] = lp
		if len(f) == 2+order {
			b, _ := strconv.ParseFloat(f[1+order], 64)
			a.bow[key] = b
		}
		if order == 1 {
			a.vocab = append(a.vocab, f[1])
		}
	}
	return a
}

// prob is the backed-off probability of w after the context words.
func (a arpa) prob(ctx []string, w string) float64 {
	key := strings.Join(append(append([]string(nil), ctx...), w), " ")
	if lp, ok := a.p[key]; ok {
		return math.Pow(10, lp)
	}
	if len(ctx) == 0 {
		return 0
	}
	return math.Pow(10, a.bow[strings.Join(ctx, " ")]) * a.prob(ctx[1:], w)
}

func TestBuildARPANormalised(t *testing.T) {
	sentences := []string{
		"please stop calling me", "stop calling this number", "take me off your list",
		"i would give it a four", "four", "please call me back tomorrow", "call me later",
	}
	var b bytes.Buffer
	n, err := BuildARPA(&b, sentences, nil)
	if err != nil || n != len(sentences) {
		t.Fatalf("BuildARPA: got %d sentences, %v; want %d, nil", n, err, len(sentences))
	}
	a := parseARPA(t, b.String())
	for _, ctx := range [][]string{nil, {"<s>"}, {"stop"}, {"me"}, {"<s>", "please"}, {"stop", "calling"}, {"call", "me"}, {"four"}, {"list"}} {
		sum := 0.0
		for _, w := range a.vocab {
			if w != "<s>" {
				sum += a.prob(ctx, w)
			}
		}
		if math.Abs(sum-1) > 0.01 {
			t.Errorf("context %q: probabilities sum to %.4f, want 1", ctx, sum)
		}
	}
	if a.prob([]string{"stop"}, "calling") <= a.prob([]string{"stop"}, "four") {
		t.Errorf("p(calling|stop) %.4f is not above p(four|stop) %.4f", a.prob([]string{"stop"}, "calling"), a.prob([]string{"stop"}, "four"))
	}
	var again bytes.Buffer
	if _, err := BuildARPA(&again, sentences, nil); err != nil || !bytes.Equal(again.Bytes(), b.Bytes()) {
		t.Errorf("a second build differs (err %v): the model must be deterministic", err)
	}
}

func TestBuildARPAKeep(t *testing.T) {
	var b bytes.Buffer
	keep := func(w string) bool { return w != "zzx" }
	n, err := BuildARPA(&b, []string{"stop zzx calling", "zzx"}, keep)
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("got %d runs used, want 2 ('stop' and 'calling' on each side of the dropped word)", n)
	}
	a := parseARPA(t, b.String())
	if _, ok := a.p["zzx"]; ok {
		t.Error("a word keep refused is in the model")
	}
	if _, ok := a.p["stop calling"]; ok {
		t.Error("a bigram spans the dropped word")
	}
	if _, err := BuildARPA(&b, []string{"zzx", ""}, keep); !errors.Is(err, ErrBadConfig) {
		t.Errorf("no usable sentence: got %v, want ErrBadConfig", err)
	}
}

func TestNormalizeUtterance(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Please STOP calling me!", "please stop calling me"},
		{"I'd give it a 4.", "i'd give it a four"},
		{"don’t call", "don't call"},
		{"'quoted' words", "quoted words"},
		{"   ", ""},
		{"电话", ""},
	} {
		if got := NormalizeUtterance(tc.in); got != tc.want {
			t.Errorf("NormalizeUtterance(%q): got %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzBuildARPA(f *testing.F) {
	f.Add("stop calling me\ntake me off")
	f.Add("")
	f.Fuzz(func(t *testing.T, text string) {
		var b bytes.Buffer
		n, err := BuildARPA(&b, strings.Split(NormalizeUtterance(text)+"\n"+text, "\n"), nil)
		if err != nil {
			if !errors.Is(err, ErrBadConfig) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		if n == 0 || !strings.HasPrefix(b.String(), "\\data\\") || !strings.HasSuffix(b.String(), "\\end\\\n") {
			t.Fatalf("malformed model for %q", text)
		}
	})
}

func TestCarriesOptOut(t *testing.T) {
	for _, tc := range []struct {
		transcript string
		want       bool
	}{
		{"um take me off your they'd", true},
		{"i want you to keep my number off your", true},
		{"can you remove me from the account", true},
		{"i'd like to be removed from your list", true},
		{"okay folkways though call me anymore", true},
		{"so don't call me again", true},
		{"stop calling care i'm not", true},
		{"no more calls", true},
		{"put me on the do not calling list", true},
		{"i want to unsubscribe", true},
		{"i would say a four", false},
		{"the technician could have come earlier", false},
		{"they removed the old boiler", false},
		{"take the day off", false},
		{"i don't call them often", false},
		{"my wife usually handles the bills", false},
		{"the engineer told me to stop using the tap", false},
		{"", false},
	} {
		if got := carriesOptOut(tc.transcript); got != tc.want {
			t.Errorf("carriesOptOut(%q): got %v, want %v", tc.transcript, got, tc.want)
		}
	}
}
