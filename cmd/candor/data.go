package main

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"time"

	"candor/agent"
	"candor/agent/dialer"
	"candor/agent/phone"
	"candor/agent/store/stores"
)

// dataFlags are the flags every data command shares: the shared database
// and the campaign files whose businesses --business may name.
type dataFlags struct {
	pg    string
	camps []string
}

func addDataFlags(fs *flag.FlagSet) *dataFlags {
	d := &dataFlags{}
	fs.StringVar(&d.pg, "postgres", "", "work on the database workers share at this Postgres `URL` instead of --db")
	fs.Func("campaign", "a campaign `FILE|DIR` whose business --business may name (repeatable; the embedded examples are always known)",
		func(s string) error { d.camps = append(d.camps, s); return nil })
	return d
}

func (d *dataFlags) target(e *env) stores.Target { return stores.Target{SQLite: e.db, Postgres: d.pg} }

// business resolves name, when given, to a known business's id; resolve
// does the same for the names a file holds.
func (d *dataFlags) business(name string) (id string, resolve func(string) (string, error), err error) {
	if resolve, err = stores.Businesses(d.camps); err == nil && strings.TrimSpace(name) != "" {
		id, err = resolve(name)
	}
	return id, resolve, err
}

const dncAbout = `Subcommands:
  import --registry FILE --date YYYY-MM-DD [--source NAME]   import a national registry extract (all businesses)
  add NUMBER --business NAME [--reason TEXT]                 add a number to a business's list
  export [--business NAME] [--format csv|json]               export the list (every scope by default)
--business: a business's id, display or registered name (any case), or * for all; known businesses
are the embedded examples' and those of --campaign FILE|DIR. Every subcommand takes --postgres URL.`

func runDNC(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(e.stderr, "Usage: candor dnc import|add|export\n\n"+dncAbout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	switch args[0] {
	case "import":
		return dncImport(ctx, e, args[1:])
	case "add":
		return dncAdd(ctx, e, args[1:])
	case "export":
		return dncExport(ctx, e, args[1:])
	}
	return errorf(e, "dnc: unknown subcommand %q (want import, add or export)", args[0])
}

func dncImport(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "dnc import", "--registry FILE --date YYYY-MM-DD",
		"Import a national do-not-call registry extract (one number a line, or CSV). Lines without a\n"+
			"valid number are reported with their line numbers and skipped; the good ones are imported in\n"+
			"one transaction, with the extract date that decides freshness for marketing campaigns. An\n"+
			"extract dated in the future (--date, or a date on a line) is refused whole.")
	file := fs.String("registry", "", "registry extract `FILE`")
	date := fs.String("date", "", "extract date `YYYY-MM-DD`")
	source := fs.String("source", "national", "registry `NAME`")
	region := fs.String("region", "US", "default region for numbers without a country code")
	df := addDataFlags(fs)
	if _, code, ok := parseInterspersed(fs, args); !ok {
		return code
	}
	if *file == "" || *date == "" {
		return errorf(e, "dnc import: --registry and --date are required")
	}
	d, err := time.Parse(time.DateOnly, *date)
	if err != nil {
		return errorf(e, "dnc import: --date %q: want YYYY-MM-DD", *date)
	}
	n, err := df.target(e).ImportRegistry(ctx, dialer.Registry{Source: *source, Date: d}, dialer.FileImport{File: *file, Region: *region, Skipped: e.stderr})
	if err != nil {
		return errorf(e, "dnc import: %v", err)
	}
	fmt.Fprintf(e.stdout, "imported %d numbers (%d new), %d bad lines, registry %s dated %s\n", n.Records, n.Added, n.Skipped, *source, *date)
	return 0
}

func dncAdd(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "dnc add", "NUMBER --business NAME", "Put a number on a business's do-not-call list (all its campaigns).\n\n"+dncAbout)
	business := fs.String("business", "", "business `NAME`: its id, display name or registered name")
	reason := fs.String("reason", "manual", "reason")
	region := fs.String("region", "US", "default region for a number without a country code")
	df := addDataFlags(fs)
	pos, code, ok := parseInterspersed(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 1 || strings.TrimSpace(*business) == "" {
		return errorf(e, "dnc add: want one NUMBER and --business")
	}
	n, err := phone.Normalize(pos[0], *region)
	if err != nil {
		return errorf(e, "dnc add: %v", err)
	}
	id, _, err := df.business(*business)
	if err == nil {
		err = df.target(e).AddOptOut(ctx, agent.OptOut{Number: n, Business: id, Reason: *reason, At: time.Now()})
	}
	if err != nil {
		return errorf(e, "dnc add: %v", err)
	}
	fmt.Fprintf(e.stdout, "added %s to the do-not-call list of %s\n", phone.Mask(n), id)
	return 0
}

func dncExport(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "dnc export", "[--business NAME] [--format csv|json]",
		"Export the do-not-call list for a regulator (raw numbers: handle the output as personal data).\n\n"+dncAbout)
	business := fs.String("business", "", "only this business's scope (default: every scope)")
	format := fs.String("format", "csv", "csv or json")
	df := addDataFlags(fs)
	if _, code, ok := parseInterspersed(fs, args); !ok {
		return code
	}
	id, _, err := df.business(*business)
	if err == nil {
		err = df.target(e).ExportDNC(ctx, e.stdout, id, *format)
	}
	if err != nil {
		return errorf(e, "dnc export: %v", err)
	}
	return 0
}

func runConsent(ctx context.Context, e *env, args []string) int {
	if code, ok := subcommand(e, args, "import", "Usage: candor consent import FILE.csv [--business NAME]\n\n"+consentAbout); !ok {
		return code
	}
	fs := newFlags(e, "consent import", "FILE.csv [--business NAME]", consentAbout)
	business := fs.String("business", "", "business `NAME` (id, display or registered name) for rows without a business column")
	region := fs.String("region", "US", "default region for numbers without a country code")
	df := addDataFlags(fs)
	pos, code, ok := parseInterspersed(fs, args[1:])
	if !ok {
		return code
	}
	if len(pos) != 1 {
		return errorf(e, "consent import: want one FILE.csv")
	}
	id, resolve, err := df.business(*business)
	var n dialer.Imported
	if err == nil {
		n, err = df.target(e).ImportConsent(ctx, id, dialer.FileImport{File: pos[0], Region: *region, Skipped: e.stderr, Business: resolve})
	}
	if err != nil {
		return errorf(e, "consent import: %v", err)
	}
	fmt.Fprintf(e.stdout, "imported %d consent records (%d new), %d bad rows\n", n.Records, n.Added, n.Skipped)
	return min(n.Skipped, 1)
}

const consentAbout = `Import consent records from CSV with a header naming the columns number (or phone), text,
time (RFC 3339 or YYYY-MM-DD), source and optionally business (an id, display or registered name
of a known business: see candor dnc -h). Bad rows (an unknown business, a time in the future...)
are reported with their line numbers; the good rows are imported in one transaction.`

func runContacts(ctx context.Context, e *env, args []string) int {
	if code, ok := subcommand(e, args, "import", "Usage: candor contacts import CAMPAIGN FILE.csv [--region US] [--postgres URL]"); !ok {
		return code
	}
	fs := newFlags(e, "contacts import", "CAMPAIGN FILE.csv",
		"Import a campaign's contacts (phone, name, optional time_zone, consent_ref, other columns kept\n"+
			"for the prompt). Bad rows are printed with their line numbers; the good rows are imported in\n"+
			"one transaction (with --postgres, queued for the workers).")
	region := fs.String("region", "US", "default region for numbers without a country code")
	df := addDataFlags(fs)
	pos, code, ok := parseInterspersed(fs, args[1:])
	if !ok {
		return code
	}
	if len(pos) != 2 {
		return errorf(e, "contacts import: want CAMPAIGN and FILE.csv")
	}
	n, err := importContacts(ctx, e, df, pos[0], pos[1], *region)
	if err != nil {
		return errorf(e, "contacts import: %v", err)
	}
	fmt.Fprintf(e.stdout, "imported %d contacts (%d new) into %s, %d bad rows\n", n.Records, n.Added, pos[0], n.Skipped)
	return min(n.Skipped, 1)
}

// importContacts imports the contact CSV file into campaign in the store
// df names, reporting the bad rows on stderr.
func importContacts(ctx context.Context, e *env, df *dataFlags, campaign, file, region string) (dialer.Imported, error) {
	return df.target(e).ImportContacts(ctx, campaign, dialer.FileImport{File: file, Region: region, Skipped: e.stderr})
}
