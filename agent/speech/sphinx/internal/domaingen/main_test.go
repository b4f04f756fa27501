package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The committed domain sentences are what the generator writes from the
// committed corpora (rerun it after changing them).
func TestCommittedDomainSentences(t *testing.T) {
	root := filepath.Join("..", "..", "..", "..", "..")
	out := filepath.Join(t.TempDir(), "domain_en.txt")
	if err := run(filepath.Join(root, "guardrails", "testdata", "intent"), out); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join(root, "agent", "speech", "sphinx", "domain_en.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("agent/speech/sphinx/domain_en.txt is stale (%d bytes, the corpora give %d): run go run ./agent/speech/sphinx/internal/domaingen", len(want), len(got))
	}
}

// No evaluation utterance is among the domain sentences.
func TestEvaluationUtterancesLeftOut(t *testing.T) {
	root := filepath.Join("..", "..", "..", "..", "..")
	out := filepath.Join(t.TempDir(), "domain_en.txt")
	if err := run(filepath.Join(root, "guardrails", "testdata", "intent"), out); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		have[l] = true
	}
	for _, s := range heldOut() {
		if have[s] {
			t.Errorf("evaluation utterance %q is in the domain sentences", s)
		}
	}
}
