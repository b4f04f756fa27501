package modeltrain

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"candor/guardrails"
)

// cell counts one (language, class) row of a report.
type cell struct{ n, model, rules, combined int }

func table(title string, m map[string]*cell) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%-28s %5s %7s %7s %8s\n", title, "lang/class", "n", "model", "rules", "combined")
	for _, k := range keys {
		c := m[k]
		fmt.Fprintf(&b, "%-28s %5d %7.3f %7.3f %8.3f\n", k, c.n, frac(c.model, c.n), frac(c.rules, c.n), frac(c.combined, c.n))
	}
	return b.String()
}

func frac(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func heldOut(t *testing.T, h Head) []Example {
	t.Helper()
	ex, err := Load("../../..", h)
	if err != nil {
		t.Fatal(err)
	}
	var out []Example
	for _, e := range ex {
		if e.HeldOut {
			out = append(out, e)
		}
	}
	if len(out) == 0 {
		t.Fatalf("%s: no held-out examples", h.Name)
	}
	return out
}

func corpusOf(e Example) string {
	if strings.Contains(e.Source, "testdata/model/") {
		return "own"
	}
	return "team"
}

// TestHeldOutRail reports, per corpus, language and class, how often the model
// alone, the rules alone (empty policy) and the proposed combination get a
// held-out sentence right: for a blocked class, blocked (any category; the
// exact category is in the "cat" rows); for allow, allowed.
func TestHeldOutRail(t *testing.T) {
	rail := guardrails.NewRail(guardrails.Policy{})
	tau := guardrails.ModelRailThreshold
	m := map[string]*cell{}
	var allows, falseModel, falseRules, falseComb int
	var probsAllow []float32
	for _, e := range heldOut(t, Rail) {
		want := Rail.Classes[e.Label]
		rd := rail.Check(e.Text)
		cat, p := guardrails.ModelRail(e.Text, e.Lang)
		cd := guardrails.CombineRail(rd, e.Text, e.Lang, tau)
		modelBlock := p >= tau
		var ok [3]bool
		if want == "allow" {
			ok = [3]bool{!modelBlock, rd.Verdict == guardrails.Allow, cd.Verdict == guardrails.Allow}
			allows++
			probsAllow = append(probsAllow, p)
			falseModel += b2i(modelBlock)
			falseRules += b2i(rd.Verdict == guardrails.Block)
			falseComb += b2i(cd.Verdict == guardrails.Block)
		} else {
			ok = [3]bool{modelBlock, rd.Verdict == guardrails.Block, cd.Verdict == guardrails.Block}
			catKey := "cat/" + e.Lang
			c := get(m, catKey)
			c.n++
			c.model += b2i(modelBlock && string(cat) == want)
			c.rules += b2i(string(rd.Category) == want)
			c.combined += b2i(string(cd.Category) == want)
		}
		for _, k := range []string{corpusOf(e) + "/" + e.Lang + "/" + want, "all/" + e.Lang + "/" + want, "all/*/" + want} {
			c := get(m, k)
			c.n++
			c.model += b2i(ok[0])
			c.rules += b2i(ok[1])
			c.combined += b2i(ok[2])
		}
	}
	t.Logf("tau %.2f\n%s", tau, table("rail held-out: fraction right (block recall; allow = 1 - false blocks)", m))
	t.Logf("false blocks on %d held-out allows: model %.3f rules %.3f combined %.3f", allows,
		frac(falseModel, allows), frac(falseRules, allows), frac(falseComb, allows))
	sort.Slice(probsAllow, func(i, j int) bool { return probsAllow[i] > probsAllow[j] })
	for _, q := range []float64{0.01, 0.02, 0.05} {
		i := int(q * float64(len(probsAllow)))
		t.Logf("allow P(block) at top %.0f%%: %.3f (tau keeping false blocks <= %.0f%% is above it)", q*100, probsAllow[i], q*100)
	}
	if extra := frac(falseComb-falseRules, allows); extra > 0.01 {
		t.Errorf("combined rail adds %.3f false blocks on held-out allows, want <= 0.010", extra)
	}
}

// TestHeldOutIntent reports the intent head alone, the rules (ClassifyResult)
// and the proposed combination on the held-out utterances: the fraction whose
// intent is right. The combination's weak opt_out/refusal counts as right for
// those classes (the agent asks the confirmation question).
func TestHeldOutIntent(t *testing.T) {
	tau := guardrails.ModelIntentThreshold
	m := map[string]*cell{}
	var nones, weakOnNone int
	for _, e := range heldOut(t, Intent) {
		want := Intent.Classes[e.Label]
		in, _ := guardrails.ModelIntent(e.Text, e.Lang)
		rr := guardrails.ClassifyResult(e.Text, e.Lang)
		cr := guardrails.CombineIntent(rr, e.Text, e.Lang, tau)
		if want == "none" {
			nones++
			weakOnNone += b2i(cr.Intent != guardrails.IntentNone && rr.Intent == guardrails.IntentNone)
		}
		for _, k := range []string{corpusOf(e) + "/" + e.Lang + "/" + want, "all/" + e.Lang + "/" + want, "all/*/" + want} {
			c := get(m, k)
			c.n++
			c.model += b2i(string(in) == want)
			c.rules += b2i(string(rr.Intent) == want)
			c.combined += b2i(string(cr.Intent) == want)
		}
	}
	t.Logf("tau2 %.2f\n%s", tau, table("intent held-out: fraction right", m))
	t.Logf("held-out none utterances turned into a weak ending verdict by the model: %d of %d (%.3f)", weakOnNone, nones, frac(weakOnNone, nones))
}

func get(m map[string]*cell, k string) *cell {
	if m[k] == nil {
		m[k] = &cell{}
	}
	return m[k]
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
