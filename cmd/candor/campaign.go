package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"candor/agent/dialer"
	"candor/agent/report"
	"candor/agent/store/sqlite"
	"candor/prompts"
)

func runCampaign(ctx context.Context, e *env, args []string) int {
	const about = "Subcommands:\n  validate FILE|NAME...  check campaign files, printing every problem as file:line:col: field: message\n  list                   list the embedded example campaigns (and files in --dir)\n  run NAME --contacts F  run a campaign: dial due contacts inside their calling windows (see candor dial -h)\n  plan NAME [--at T]     dry run: each contact's dial decision at T (dial, reason, next_at); nothing is dialled or written"
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, "Usage: candor campaign validate|list|run|plan\n\n"+about)
		return 2
	}
	switch args[0] {
	case "validate":
		return campaignValidate(e, args[1:])
	case "list":
		return campaignList(e, args[1:])
	case "run":
		return runDial(ctx, e, args[1:])
	case "plan":
		return campaignPlan(ctx, e, args[1:])
	case "-h", "--help", "help":
		fmt.Fprintln(e.stderr, "Usage: candor campaign validate|list|run\n\n"+about)
		return 0
	}
	return errorf(e, "campaign: unknown subcommand %q (want validate, list, run or plan)", args[0])
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
		fmt.Fprintf(e.stdout, "ok: %s (%s, %s, %d questions, disclosure about %.0f s)\n", c.Name, c.Source, c.Language, len(c.Survey), c.DisclosureSeconds())
		if w := c.DisclosureWarning(); w != "" {
			fmt.Fprintf(e.stderr, "warning: %s: %s\n", c.Source, w)
		}
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

func campaignPlan(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "campaign plan", "NAME|FILE [--contacts FILE.csv] [--at RFC3339] [--json]", "Dry run of the dial decision, made as the dialer "+
		"makes it, for every contact (the campaign's, or --contacts) at --at:\none line each with line, name, dial, reason and next_at. Nothing is dialled or written.")
	contactsFile := fs.String("contacts", "", "plan this contact `CSV` (not imported) instead of the campaign's contacts")
	when := time.Now()
	fs.Func("at", "the moment to plan, RFC 3339 (default now)", func(s string) (err error) { when, err = time.Parse(time.RFC3339, s); return err })
	asJSON := fs.Bool("json", false, "one JSON object a contact")
	region := fs.String("region", "US", "default region for numbers without a country code")
	pos, code, ok := parseInterspersed(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		return errorf(e, "campaign plan: want one campaign NAME|FILE")
	}
	camp, err := resolveCampaign(pos[0])
	if err == nil {
		var lines []dialer.PlanLine
		if lines, err = dialer.PlanCampaign(ctx, func(ctx context.Context) (dialer.PlanStore, error) { return sqlite.Open(ctx, e.db) },
			camp, dialer.FileImport{File: *contactsFile, Region: *region, Skipped: e.stderr}, when); err == nil {
			err = report.Plan(e.stdout, lines, *asJSON)
		}
	}
	if err != nil {
		return errorf(e, "campaign plan: %v", err)
	}
	return 0
}
