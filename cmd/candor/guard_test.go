package main

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

// updateGuard rewrites the package's golden files (the report tests').
var updateGuard = flag.Bool("update", false, "rewrite the golden files")

// `candor guard classify` passes stdin through the contract's line protocol:
// one line out per line in, exit status 1 when a line could not be read.
func TestGuardClassifyCLI(t *testing.T) {
	in, err := os.ReadFile(filepath.Join("..", "..", "agent", "guardio", "testdata", "errors.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("..", "..", "agent", "guardio", "testdata", "errors.golden"))
	if err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI(t, string(in), "guard", "classify")
	if code != 1 || out != string(want) || errs != "" {
		t.Errorf("got exit %d, stderr %q, output:\n%s\nwant exit 1, no stderr, output:\n%s", code, errs, out, want)
	}
	if code, out, _ := runCLI(t, `{"speaker":"agent","text":"I am a real person."}`+"\n", "guard", "classify"); code != 0 ||
		out != `{"id":null,"verdict":"block","category":"claims_human"}`+"\n" {
		t.Errorf("got exit %d, output %q; want 0 and a claims_human block", code, out)
	}
}
