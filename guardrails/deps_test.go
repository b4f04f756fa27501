package guardrails

import (
	"os/exec"
	"strings"
	"testing"
)

// TestStandardLibraryOnly keeps guardrails pure: no agent packages, no network or
// database packages, nothing outside the standard library.
func TestStandardLibraryOnly(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("go tool not found (%v); cannot list dependencies", err)
	}
	out, err := exec.Command(goTool, "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, p := range strings.Fields(string(out)) {
		if p != "candor/guardrails" {
			t.Errorf("guardrails depends on %q, want standard library only", p)
		}
	}
	std, err := exec.Command(goTool, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, p := range strings.Fields(string(std)) {
		for _, banned := range []string{"net", "net/http", "database/sql", "os/exec"} {
			if p == banned {
				t.Errorf("guardrails imports %q, want no I/O packages", p)
			}
		}
	}
}
