package prompts

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

//go:embed examples/*.yaml
var exampleFS embed.FS

// Examples lists the names of the embedded example campaigns, sorted.
func Examples() []string {
	entries, err := fs.ReadDir(exampleFS, "examples")
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range entries {
		if n, ok := strings.CutSuffix(e.Name(), ".yaml"); ok && !e.IsDir() {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

// Example loads an embedded example campaign by name (with or without the
// ".yaml" extension). Each call returns a fresh copy.
func Example(name string) (*Campaign, error) {
	base := strings.TrimSuffix(name, ".yaml")
	if base == "" || strings.ContainsAny(base, `/\`) || path.Clean(base) != base {
		return nil, fmt.Errorf("%w %q (have %s)", ErrUnknownExample, name, strings.Join(Examples(), ", "))
	}
	data, err := exampleFS.ReadFile("examples/" + base + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("%w %q (have %s)", ErrUnknownExample, name, strings.Join(Examples(), ", "))
	}
	c, err := Parse(base+".yaml", data)
	if err != nil {
		return nil, fmt.Errorf("embedded example %s: %w", base, err)
	}
	c.Source = "embedded:" + base
	return c, nil
}
