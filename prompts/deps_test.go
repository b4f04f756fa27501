package prompts

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDependencies keeps prompts pure: nothing from candor/agent, no network
// or database packages.
func TestDependencies(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", "candor/prompts").Output()
	if err != nil {
		t.Skipf("go list unavailable: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		switch {
		case dep == "candor/agent" || strings.HasPrefix(dep, "candor/agent/"),
			dep == "net" || strings.HasPrefix(dep, "net/"),
			dep == "database/sql" || strings.HasPrefix(dep, "database/"):
			t.Errorf("got dependency %s, want none from agent, net or database", dep)
		}
	}
}
