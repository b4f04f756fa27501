package agent_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestEveryPackageHasAComment checks that each package of the module
// documents itself.
func TestEveryPackageHasAComment(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go tool not on PATH; cannot list packages:", err)
	}
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}}\t{{.Doc}}", "candor/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	n := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		path, doc, _ := strings.Cut(line, "\t")
		n++
		if strings.TrimSpace(doc) == "" {
			t.Errorf("package %s has no package comment", path)
		}
	}
	if n < 10 {
		t.Errorf("listed %d packages, want the whole module", n)
	}
}
