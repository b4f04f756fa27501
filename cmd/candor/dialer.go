package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"candor/agent"
	"candor/agent/carrier"
	"candor/agent/dialer"
	"candor/agent/phone"
	"candor/agent/report"
	"candor/agent/store"
	"candor/agent/store/postgres"
	"candor/agent/store/sqlite"
	"candor/guardrails"
)

// parseInterspersed parses flags that may come before, between or after the
// positional arguments.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, int, bool) {
	var pos []string
	for {
		if code, ok := parseFlags(fs, args); !ok {
			return nil, code, false
		}
		if fs.NArg() == 0 {
			return pos, 0, true
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

const dncAbout = `Subcommands:
  import --registry FILE --date YYYY-MM-DD [--source NAME]   import a national registry extract (all businesses)
  add NUMBER --business NAME [--reason TEXT]                 add a number to a business's list
  export [--business NAME] [--format csv|json]               export the list (every scope by default)`

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
			"one transaction, with the extract date that decides freshness for marketing campaigns.")
	file := fs.String("registry", "", "registry extract `FILE`")
	date := fs.String("date", "", "extract date `YYYY-MM-DD`")
	source := fs.String("source", "national", "registry `NAME`")
	region := fs.String("region", "US", "default region for numbers without a country code")
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
	n, err := dialer.ImportRegistry(ctx, func(ctx context.Context) (dialer.RegistryStore, error) { return sqlite.Open(ctx, e.db) },
		dialer.Registry{Source: *source, Date: d}, dialer.FileImport{File: *file, Region: *region, Skipped: e.stderr})
	if err != nil {
		return errorf(e, "dnc import: %v", err)
	}
	fmt.Fprintf(e.stdout, "imported %d numbers (%d new), %d bad lines, registry %s dated %s\n", n.Records, n.Added, n.Skipped, *source, *date)
	return 0
}

func dncAdd(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "dnc add", "NUMBER --business NAME", "Put a number on a business's do-not-call list (all its campaigns).")
	business := fs.String("business", "", "business `NAME` (registered name)")
	reason := fs.String("reason", "manual", "reason")
	region := fs.String("region", "US", "default region for a number without a country code")
	pgURL := fs.String("postgres", "", "add it to the list shared by workers through this Postgres `URL`")
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
	var st store.DNC
	if *pgURL != "" {
		pg, err := postgres.Open(ctx, *pgURL)
		if err != nil {
			return errorf(e, "dnc add: %v", err)
		}
		defer pg.Close()
		st = pg
	} else {
		db, err := sqlite.Open(ctx, e.db)
		if err != nil {
			return errorf(e, "dnc add: %v", err)
		}
		defer db.Close()
		st = db
	}
	if err := st.AddOptOut(ctx, agent.OptOut{Number: n, Business: *business, Reason: *reason, At: time.Now()}); err != nil {
		return errorf(e, "dnc add: %v", err)
	}
	fmt.Fprintf(e.stdout, "added %s to the do-not-call list of %s\n", phone.Mask(n), *business)
	return 0
}

func dncExport(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "dnc export", "[--business NAME] [--format csv|json]",
		"Export the do-not-call list for a regulator (raw numbers: handle the output as personal data).")
	business := fs.String("business", "", "only this business's scope (default: every scope)")
	format := fs.String("format", "csv", "csv or json")
	if _, code, ok := parseInterspersed(fs, args); !ok {
		return code
	}
	if *format != "csv" && *format != "json" {
		return errorf(e, "dnc export: --format %q: want csv or json", *format)
	}
	db, err := sqlite.Open(ctx, e.db)
	if err != nil {
		return errorf(e, "dnc export: %v", err)
	}
	defer db.Close()
	list, err := db.ListDNC(ctx, *business)
	if err != nil {
		return errorf(e, "dnc export: %v", err)
	}
	if err := report.DNC(e.stdout, list, *format); err != nil {
		return errorf(e, "dnc export: %v", err)
	}
	return 0
}

func runConsent(ctx context.Context, e *env, args []string) int {
	if code, ok := subcommand(e, args, "import", "Usage: candor consent import FILE.csv [--business NAME]\n\n"+consentAbout); !ok {
		return code
	}
	fs := newFlags(e, "consent import", "FILE.csv [--business NAME]", consentAbout)
	business := fs.String("business", "", "business `NAME` for rows without a business column")
	region := fs.String("region", "US", "default region for numbers without a country code")
	pos, code, ok := parseInterspersed(fs, args[1:])
	if !ok {
		return code
	}
	if len(pos) != 1 {
		return errorf(e, "consent import: want one FILE.csv")
	}
	n, err := dialer.ImportConsent(ctx, func(ctx context.Context) (dialer.ConsentStore, error) { return sqlite.Open(ctx, e.db) },
		*business, dialer.FileImport{File: pos[0], Region: *region, Skipped: e.stderr})
	if err != nil {
		return errorf(e, "consent import: %v", err)
	}
	fmt.Fprintf(e.stdout, "imported %d consent records (%d new), %d bad rows\n", n.Records, n.Added, n.Skipped)
	if n.Skipped > 0 {
		return 1
	}
	return 0
}

const consentAbout = `Import consent records from CSV with a header naming the columns number (or phone), text,
time (RFC 3339 or YYYY-MM-DD), source and optionally business. Bad rows are reported with their
line numbers; the good rows are imported in one transaction.`

func runContacts(ctx context.Context, e *env, args []string) int {
	if code, ok := subcommand(e, args, "import", "Usage: candor contacts import CAMPAIGN FILE.csv [--region US]"); !ok {
		return code
	}
	fs := newFlags(e, "contacts import", "CAMPAIGN FILE.csv",
		"Import a campaign's contacts (phone, name, optional time_zone, consent_ref, other columns kept\n"+
			"for the prompt). Bad rows are printed with their line numbers; the good rows are imported in\n"+
			"one transaction.")
	region := fs.String("region", "US", "default region for numbers without a country code")
	pos, code, ok := parseInterspersed(fs, args[1:])
	if !ok {
		return code
	}
	if len(pos) != 2 {
		return errorf(e, "contacts import: want CAMPAIGN and FILE.csv")
	}
	n, err := importContacts(ctx, e, pos[0], pos[1], *region)
	if err != nil {
		return errorf(e, "contacts import: %v", err)
	}
	fmt.Fprintf(e.stdout, "imported %d contacts (%d new) into %s, %d bad rows\n", n.Records, n.Added, pos[0], n.Skipped)
	if n.Skipped > 0 {
		return 1
	}
	return 0
}

// importContacts imports the contact CSV file into campaign in the database,
// reporting the bad rows on stderr.
func importContacts(ctx context.Context, e *env, campaign, file, region string) (dialer.Imported, error) {
	return dialer.ImportContacts(ctx, func(ctx context.Context) (dialer.ContactStore, error) { return sqlite.Open(ctx, e.db) },
		campaign, dialer.FileImport{File: file, Region: region, Skipped: e.stderr})
}

// runDial runs a campaign through the dialer (`campaign run` and `worker`):
// real calls over a SIP trunk or Twilio, or simulated callees on the
// loopback network.
func runDial(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "campaign run", "NAME|FILE [--contacts FILE.csv] [--trunk NAME --trunks FILE | --twilio]",
		"Run a campaign through the dialer: every call claimed against the do-not-call list, the\n"+
			"calling window, the caps and consent first. With --trunk NAME and a trunk file the calls go\n"+
			"out over that SIP trunk; with --twilio through Twilio (media streams and status callbacks\n"+
			"served on --listen, reached at --public-url); both speak with espeak-ng and listen with\n"+
			"pocketsphinx. Without, the default trunk \"loopback\" calls simulated callees (the contact\n"+
			"list's persona column).\n\n"+trunkFileHelp)
	contactsFile := fs.String("contacts", "", "import this contact `CSV` into the campaign first")
	region := fs.String("region", "US", "default region for numbers without a country code")
	speed := fs.Float64("speed", 200, "simulated calls run this many times faster than real time")
	workers := fs.Int("concurrency", 4, "calls at once")
	ignoreWindow := fs.Bool("demo-any-hour", false, "simulate the campaign at 10:00 in New York instead of now (loopback only)")
	lease := fs.Duration("lease", 15*time.Minute, "how long a claimed job stays with this worker before another may take it over (it must outlast a call)")
	minGap := fs.Duration("min-gap", 0, "least time between two dials of a number (0: the default, 1h; simulated callees only)")
	pgURL := fs.String("postgres", "", "share the queue, attempts and do-not-call list through this Postgres `URL` (several workers); --db keeps this worker's evidence records")
	maxCampaign := fs.Int("max-concurrent-campaign", 0, "most calls of the campaign in flight at once across every worker sharing the store (0: --concurrency)")
	trunk := fs.String("trunk", loopbackTrunk, "trunk `NAME` the calls go out on: a SIP trunk of --trunks, or loopback (simulated callees)")
	maxTrunk := fs.Int("max-concurrent-trunk", 0, "most calls in flight at once on --trunk in this process (0: no limit)")
	cf := addCarrierFlags(fs)
	pos, code, ok := parseInterspersed(fs, args)
	if !ok {
		return code
	}
	realCarrier := cf.useTwilio || *trunk != loopbackTrunk
	sipTrunk := "" // the SIP trunk of a real carrier; "" for Twilio
	switch {
	case cf.useTwilio && *trunk != loopbackTrunk:
		return errorf(e, "dial: --trunk and --twilio exclude each other")
	case realCarrier && *ignoreWindow:
		return errorf(e, "dial: --demo-any-hour is for simulated callees only: real calls keep the real calling windows")
	case cf.useTwilio:
		*trunk = "twilio" // the name --max-concurrent-trunk counts under
	case realCarrier:
		sipTrunk = *trunk
	}
	if realCarrier {
		if err := cf.route(sipTrunk).Check(); err != nil {
			return errorf(e, "dial: %v", err)
		}
	}
	trunks, err := dialer.TrunkLimit(*trunk, *maxTrunk) // --max-concurrent-trunk, in this process
	if len(pos) != 1 || *speed <= 0 || *workers < 1 || *lease <= 0 || *minGap < 0 || *maxCampaign < 0 || err != nil {
		return errorf(e, "dial: want one campaign NAME|FILE, --speed > 0, --concurrency >= 1, --lease > 0, --min-gap >= 0, --max-concurrent-campaign >= 0, --max-concurrent-trunk >= 0 (with a --trunk)")
	}
	camp, err := resolveCampaign(pos[0])
	if err != nil {
		return errorf(e, "%v", err)
	}
	d := carrier.Dial{Campaign: camp, Speed: *speed, Progress: e.stderr, Config: dialer.Config{Workers: *workers,
		Worker: fmt.Sprintf("pid%d", os.Getpid()), Lease: *lease, Caps: guardrails.CapPolicy{MinGap: *minGap},
		MaxConcurrentCampaign: *maxCampaign, Trunk: *trunk, Trunks: trunks}}
	if realCarrier {
		if d.Carrier, err = cf.route(sipTrunk).Open(camp, warnings(e.stderr)); err != nil {
			return errorf(e, "dial: %v", err)
		}
		defer d.Carrier.Close()
	}
	if *pgURL != "" {
		return runPGWorker(ctx, e, d, *pgURL, *contactsFile, *region)
	}
	if *contactsFile != "" {
		n, err := importContacts(ctx, e, camp.Name, *contactsFile, *region)
		if err != nil {
			return errorf(e, "dial: contacts: %v", err)
		}
		fmt.Fprintf(e.stderr, "imported %d contacts (%d new), %d bad rows\n", n.Records, n.Added, n.Skipped)
	}
	db, err := sqlite.Open(ctx, e.db)
	if err != nil {
		return errorf(e, "dial: %v", err)
	}
	defer db.Close()
	d.Active = &activeCalls
	if *ignoreWindow {
		d.Config.Clock = dialer.NewOffsetClock(dialer.NextMorning(time.Now(), "America/New_York"))
	}
	r, err := d.Local(ctx, db)
	if err == nil {
		_, err = r.Run(ctx)
	}
	if err != nil {
		return errorf(e, "dial: %v", err)
	}
	return 0
}

// loopbackTrunk is the trunk of simulated callees.
const loopbackTrunk = "loopback"
