// Command train retrains the learned guardrail heads and writes the embedded
// model files guardrails/model_rail.bin and guardrails/model_intent.bin. Run it
// from the repository root: go run ./guardrails/internal/train
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
	for _, h := range []modeltrain.Head{modeltrain.Rail, modeltrain.Intent} {
		ex, err := modeltrain.Load(*root, h)
		if err != nil {
			fmt.Fprintln(os.Stderr, "train:", err)
			os.Exit(1)
		}
		b := guardrails.MarshalModel(modeltrain.Train(ex, len(h.Classes), modeltrain.Options{}))
		path := filepath.Join(*root, "guardrails", "model_"+h.Name+".bin")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "train:", err)
			os.Exit(1)
		}
		held := 0
		for _, e := range ex {
			if e.HeldOut {
				held++
			}
		}
		fmt.Printf("%s: %d examples (%d held out) -> %s sha256 %x\n", h.Name, len(ex), held, path, sha256.Sum256(b))
	}
}
