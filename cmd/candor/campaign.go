package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"candor/agent/report"
	"candor/prompts"
)

func runCampaign(ctx context.Context, e *env, args []string) int {
	const about = "Subcommands:\n  validate FILE|NAME...  check campaign files, printing every problem as file:line:col: field: message\n  list                   list the embedded example campaigns (and files in --dir)\n  run NAME --contacts F  run a campaign: dial due contacts inside their calling windows (see candor dial -h)"
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, "Usage: candor campaign validate|list|run\n\n"+about)
		return 2
	}
	switch args[0] {
	case "validate":
		return campaignValidate(e, args[1:])
	case "list":
		return campaignList(e, args[1:])
	case "run":
		return runDial(ctx, e, args[1:])
	case "-h", "--help", "help":
		fmt.Fprintln(e.stderr, "Usage: candor campaign validate|list|run\n\n"+about)
		return 0
	}
	return errorf(e, "campaign: unknown subcommand %q (want validate or list)", args[0])
}

func campaignValidate(e *env, args []string) int {
	fs := newFlags(e, "campaign validate", "FILE|NAME...", "Check campaign files; exit status 1 if any has problems.")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	code := 0
	for _, arg := range fs.Args() {
		c, err := resolveCampaign(arg)
		if err != nil {
			fmt.Fprintln(e.stderr, err)
			code = 1
			continue
		}
		fmt.Fprintf(e.stdout, "ok: %s (%s, %s, %d questions)\n", c.Name, c.Source, c.Language, len(c.Survey))
	}
	return code
}

func campaignList(e *env, args []string) int {
	fs := newFlags(e, "campaign list", "[--dir DIR]", "List the embedded example campaigns and the campaign files in DIR.")
	dir := fs.String("dir", "", "also list the *.yaml campaign files in `DIR`")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	var cs []*prompts.Campaign
	for _, name := range prompts.Examples() {
		c, err := prompts.Example(name)
		if err != nil {
			fmt.Fprintln(e.stderr, err)
			continue
		}
		cs = append(cs, c)
	}
	code := 0
	if *dir != "" {
		files, _ := filepath.Glob(filepath.Join(*dir, "*.yaml"))
		more, _ := filepath.Glob(filepath.Join(*dir, "*.yml"))
		for _, f := range append(files, more...) {
			c, err := loadCampaign(f)
			if err != nil {
				fmt.Fprintln(e.stderr, err)
				code = 1
				continue
			}
			cs = append(cs, c)
		}
	}
	report.Campaigns(e.stdout, cs)
	return code
}

// loadCampaign reads and validates the campaign file at path. Files are
// opened here, at the edge: prompts only decodes what it is given.
func loadCampaign(path string) (*prompts.Campaign, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load campaign: %w", err)
	}
	defer f.Close()
	return prompts.Read(path, f)
}

// resolveCampaign loads an embedded example when nameOrPath names one, and
// the campaign file at nameOrPath otherwise.
func resolveCampaign(nameOrPath string) (*prompts.Campaign, error) {
	if prompts.IsExample(nameOrPath) {
		return prompts.Example(nameOrPath)
	}
	if _, err := os.Stat(nameOrPath); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, prompts.NotFound(nameOrPath)
		}
		return nil, fmt.Errorf("resolve campaign: %w", err)
	}
	return loadCampaign(nameOrPath)
}
