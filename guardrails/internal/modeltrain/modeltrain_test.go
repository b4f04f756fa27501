package modeltrain

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"candor/guardrails"
)

const root = "../../.."

// TestTrainDeterministic trains twice on a small subset and wants the same
// bytes; a different seed must give different bytes (the seed is used).
func TestTrainDeterministic(t *testing.T) {
	ex, err := Load(root, Intent)
	if err != nil {
		t.Fatal(err)
	}
	sub := ex[:300]
	a := guardrails.MarshalModel(Train(sub, len(Intent.Classes), Options{Epochs: 3}))
	// the same set in another order trains to the same model
	rev := make([]Example, len(sub))
	for i, e := range sub {
		rev[len(sub)-1-i] = e
	}
	b := guardrails.MarshalModel(Train(rev, len(Intent.Classes), Options{Epochs: 3}))
	if !bytes.Equal(a, b) {
		t.Errorf("two trainings of the same examples differ")
	}
	c := guardrails.MarshalModel(Train(sub, len(Intent.Classes), Options{Epochs: 3, Seed: 7}))
	if bytes.Equal(a, c) {
		t.Errorf("seeds 1 and 7 gave the same model, want the seed to matter")
	}
}

// TestCommittedModels retrains both heads with the committed command's
// settings and wants the committed model files byte for byte. When a corpus
// changed after the last training (the manifest's digests differ) it says so
// and skips: rerun go run ./guardrails/internal/train.
func TestCommittedModels(t *testing.T) {
	want, err := os.ReadFile(filepath.Join(root, ManifestPath))
	if err != nil {
		t.Fatal(err)
	}
	got, err := Manifest(root)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Skipf("training inputs or outputs changed since %s was written; rerun go run ./guardrails/internal/train\ngot:\n%swant:\n%s", ManifestPath, got, want)
	}
	for _, h := range []Head{Rail, Intent} {
		ex, err := Load(root, h)
		if err != nil {
			t.Fatal(err)
		}
		b := guardrails.MarshalModel(Train(ex, len(h.Classes), Options{}))
		committed, err := os.ReadFile(filepath.Join(root, h.Output()))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b, committed) {
			t.Errorf("%s: retrained model differs from %s", h.Name, h.Output())
		}
	}
}

func TestLoadTSVErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ name, text string }{
		{"fields", "allow\ten\n"},
		{"class", "maybe\ten\thello\n"},
		{"lang", "allow\tfr\tbonjour\n"},
	} {
		p := filepath.Join(dir, tc.name+".tsv")
		if err := os.WriteFile(p, []byte("# c\n"+tc.text), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := loadTSV(p, Rail)
		if !errors.Is(err, ErrCorpus) {
			t.Errorf("%s: got %v, want ErrCorpus", tc.name, err)
		} else if !bytes.Contains([]byte(err.Error()), []byte(p+":2")) {
			t.Errorf("%s: error %q does not name %s:2", tc.name, err, p)
		}
	}
}
