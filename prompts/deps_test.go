package prompts

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDependencies keeps prompts pure: nothing from candor/agent, no network
// or database packages, and no file access of its own (os, path/filepath):
// it reads the bytes, readers and fs.FS its callers give it.
func TestDependencies(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("go tool not found: %v", err)
	}
	out, err := exec.Command(goTool, "list", "-deps", "candor/prompts").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		switch {
		case dep == "candor/agent" || strings.HasPrefix(dep, "candor/agent/"),
			dep == "net" || strings.HasPrefix(dep, "net/"),
			dep == "database/sql" || strings.HasPrefix(dep, "database/"):
			t.Errorf("got dependency %s, want none from agent, net or database", dep)
		}
	}
	// The standard library imports os itself (fmt does), so file access is
	// checked on the package's own imports.
	own, err := exec.Command(goTool, "list", "-f", `{{join .Imports "\n"}}`, "candor/prompts").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, imp := range strings.Fields(string(own)) {
		if imp == "os" || strings.HasPrefix(imp, "os/") || imp == "path/filepath" || imp == "io/ioutil" {
			t.Errorf("prompts imports %s, want no file access (callers open files and pass an fs.FS, a reader or bytes)", imp)
		}
	}
}
