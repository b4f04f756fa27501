// Command train retrains the learned guardrail heads and writes the embedded
// model files guardrails/model_rail.bin and guardrails/model_intent.bin, and
// the manifest of what they were trained from. Run it from the repository
// root: go run ./guardrails/internal/train
package main

import (
	"crypto/sha256"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"candor/guardrails"
	"candor/guardrails/internal/modeltrain"
)

func main() {
	root := flag.String("root", ".", "repository root")
	flag.Parse()
	if err := run(*root); err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		os.Exit(1)
	}
}

func run(root string) error {
	for _, h := range []modeltrain.Head{modeltrain.Rail, modeltrain.Intent} {
		ex, err := modeltrain.Load(root, h)
		if err != nil {
			return err
		}
		b := guardrails.MarshalModel(modeltrain.Train(ex, len(h.Classes), modeltrain.Options{}))
		if err := os.WriteFile(filepath.Join(root, h.Output()), b, 0o644); err != nil {
			return err
		}
		held := 0
		for _, e := range ex {
			if e.HeldOut {
				held++
			}
		}
		fmt.Printf("%s: %d examples (%d held out, not trained on) -> %s sha256 %x\n", h.Name, len(ex), held, h.Output(), sha256.Sum256(b))
	}
	m, err := modeltrain.Manifest(root)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(root, modeltrain.ManifestPath), []byte(m), 0o644)
}
