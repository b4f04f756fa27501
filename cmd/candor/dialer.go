package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"candor/agent"
	"candor/agent/contacts"
	"candor/agent/dialer"
	"candor/agent/phone"
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
	f, err := os.Open(*file)
	if err != nil {
		return errorf(e, "dnc import: %v", err)
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return errorf(e, "dnc import: %v", err)
	}
	if err := checkUTF8(data); err != nil {
		return errorf(e, "dnc import: %s: %v", *file, err)
	}
	nums, bad, err := dialer.ParseRegistry(bytes.NewReader(data), *region)
	if err != nil {
		return errorf(e, "dnc import: %v", err)
	}
	for _, b := range bad {
		fmt.Fprintf(e.stderr, "%s:%d: %v\n", *file, b.Line, b.Err)
	}
	db, err := sqlite.Open(ctx, e.db)
	if err != nil {
		return errorf(e, "dnc import: %v", err)
	}
	defer db.Close()
	added, err := db.ImportRegistry(ctx, *source, d, nums)
	if err != nil {
		return errorf(e, "dnc import: nothing imported: %v", err)
	}
	fmt.Fprintf(e.stdout, "imported %d numbers (%d new), %d bad lines, registry %s dated %s\n", len(nums), added, len(bad), *source, *date)
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
	if *pgURL != "" {
		pg, err := postgres.Open(ctx, *pgURL)
		if err != nil {
			return errorf(e, "dnc add: %v", err)
		}
		defer pg.Close()
		if err := pg.AddOptOut(ctx, agent.OptOut{Number: n, Business: *business, Reason: *reason, At: time.Now()}); err != nil {
			return errorf(e, "dnc add: %v", err)
		}
		fmt.Fprintf(e.stdout, "added %s to the do-not-call list of %s\n", phone.Mask(n), *business)
		return 0
	}
	db, err := sqlite.Open(ctx, e.db)
	if err != nil {
		return errorf(e, "dnc add: %v", err)
	}
	defer db.Close()
	if err := db.AddOptOut(ctx, agent.OptOut{Number: n, Business: *business, Reason: *reason, At: time.Now()}); err != nil {
		return errorf(e, "dnc add: %v", err)
	}
	fmt.Fprintf(e.stdout, "added %s to the do-not-call list of %s\n", phone.Mask(n), *business)
	return 0
}

// dncRow is one exported do-not-call entry.
type dncRow struct {
	Number   string    `json:"number"`
	Business string    `json:"business"`
	Campaign string    `json:"campaign,omitempty"`
	Reason   string    `json:"reason"`
	CallID   string    `json:"call_id,omitempty"`
	At       time.Time `json:"at"`
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
	rows := make([]dncRow, 0, len(list))
	for _, o := range list {
		rows = append(rows, dncRow{o.Number, o.Business, o.Campaign, o.Reason, o.CallID, o.At.UTC()})
	}
	if *format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rows); err != nil {
			return errorf(e, "dnc export: %v", err)
		}
		return 0
	}
	w := csv.NewWriter(e.stdout)
	_ = w.Write([]string{"number", "business", "campaign", "reason", "call_id", "at"})
	for _, r := range rows {
		_ = w.Write([]string{r.Number, r.Business, r.Campaign, r.Reason, r.CallID, r.At.Format(time.RFC3339)})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return errorf(e, "dnc export: %v", err)
	}
	return 0
}

func runConsent(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || args[0] != "import" {
		fmt.Fprintln(e.stderr, "Usage: candor consent import FILE.csv [--business NAME]\n\n"+consentAbout)
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return 0
		}
		return 2
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
	data, err := os.ReadFile(pos[0])
	if err != nil {
		return errorf(e, "consent import: %v", err)
	}
	if err := checkUTF8(data); err != nil {
		return errorf(e, "consent import: %s: %v", pos[0], err)
	}
	cs, bad, err := parseConsent(data, *business, *region)
	if err != nil {
		return errorf(e, "consent import: %s: %v", pos[0], err)
	}
	for _, b := range bad {
		fmt.Fprintf(e.stderr, "%s:%d: %v\n", pos[0], b.Line, b.Err)
	}
	db, err := sqlite.Open(ctx, e.db)
	if err != nil {
		return errorf(e, "consent import: %v", err)
	}
	defer db.Close()
	added, err := db.ImportConsent(ctx, cs)
	if err != nil {
		return errorf(e, "consent import: nothing imported: %v", err)
	}
	fmt.Fprintf(e.stdout, "imported %d consent records (%d new), %d bad rows\n", len(cs), added, len(bad))
	if len(bad) > 0 {
		return 1
	}
	return 0
}

const consentAbout = `Import consent records from CSV with a header naming the columns number (or phone), text,
time (RFC 3339 or YYYY-MM-DD), source and optionally business. Bad rows are reported with their
line numbers; the good rows are imported in one transaction.`

var errConsentRow = errors.New("bad consent row")

// parseConsent reads consent CSV; rows that cannot be used come back in bad.
func parseConsent(data []byte, business, region string) ([]store.Consent, []contacts.BadRow, error) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF"))))
	r.FieldsPerRecord = -1
	head, err := r.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("header: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		h = strings.ToLower(strings.TrimSpace(h))
		if h == "phone" {
			h = "number"
		}
		col[h] = i
	}
	for _, need := range []string{"number", "text", "time", "source"} {
		if _, ok := col[need]; !ok {
			return nil, nil, fmt.Errorf("header lacks a %q column", need)
		}
	}
	if _, ok := col["business"]; !ok && strings.TrimSpace(business) == "" {
		return nil, nil, fmt.Errorf("no business column: give --business")
	}
	var out []store.Consent
	var bad []contacts.BadRow
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				bad = append(bad, contacts.BadRow{Line: pe.StartLine, Err: fmt.Errorf("%w: %w", errConsentRow, pe.Err)})
				continue
			}
			return nil, nil, err
		}
		get := func(k string) string {
			if i, ok := col[k]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		c := store.Consent{Business: get("business"), Text: get("text"), Source: get("source")}
		if c.Business == "" {
			c.Business = business
		}
		if c.Number, err = phone.Normalize(get("number"), region); err != nil {
			bad = append(bad, contacts.BadRow{Line: line, Err: fmt.Errorf("%w: number: %w", errConsentRow, err)})
			continue
		}
		ts := get("time")
		if c.At, err = time.Parse(time.RFC3339, ts); err != nil {
			if c.At, err = time.Parse(time.DateOnly, ts); err != nil {
				bad = append(bad, contacts.BadRow{Line: line, Err: fmt.Errorf("%w: time %q: want RFC 3339 or YYYY-MM-DD", errConsentRow, ts)})
				continue
			}
		}
		if c.Text == "" || c.Source == "" || c.Business == "" {
			bad = append(bad, contacts.BadRow{Line: line, Err: fmt.Errorf("%w: text, source and business are required", errConsentRow)})
			continue
		}
		out = append(out, c)
	}
	return out, bad, nil
}

func runContacts(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || args[0] != "import" {
		fmt.Fprintln(e.stderr, "Usage: candor contacts import CAMPAIGN FILE.csv [--region US]")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return 0
		}
		return 2
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
	n, bad, err := importContacts(ctx, e, pos[0], pos[1], *region)
	if err != nil {
		return errorf(e, "contacts import: %v", err)
	}
	fmt.Fprintf(e.stdout, "imported %d contacts (%d new) into %s, %d bad rows\n", n.total, n.added, pos[0], bad)
	if bad > 0 {
		return 1
	}
	return 0
}

type importCount struct{ total, added int }

func importContacts(ctx context.Context, e *env, campaign, file, region string) (importCount, int, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return importCount{}, 0, err
	}
	if err := checkUTF8(data); err != nil {
		return importCount{}, 0, fmt.Errorf("%s: %w", file, err)
	}
	res, err := contacts.Parse(bytes.NewReader(data), region)
	if err != nil {
		return importCount{}, 0, fmt.Errorf("%s: %w", file, err)
	}
	for _, b := range res.Bad {
		fmt.Fprintf(e.stderr, "%s:%d: %v\n", file, b.Line, b.Err)
	}
	db, err := sqlite.Open(ctx, e.db)
	if err != nil {
		return importCount{}, 0, err
	}
	defer db.Close()
	added, err := db.ImportContacts(ctx, campaign, res.Contacts)
	if err != nil {
		return importCount{}, 0, fmt.Errorf("nothing imported: %w", err)
	}
	return importCount{len(res.Contacts), added}, len(res.Bad), nil
}

var errNotUTF8 = errors.New("not UTF-8")

// checkUTF8 refuses a file that is not UTF-8 (a Latin-1 export, say), naming
// its first bad line: importing it would store mangled names, so nothing is
// imported.
func checkUTF8(data []byte) error {
	if utf8.Valid(data) {
		return nil
	}
	for i, line := range bytes.Split(data, []byte("\n")) {
		if !utf8.Valid(line) {
			return fmt.Errorf("line %d: %w (Latin-1 or another legacy encoding?): save the file as UTF-8; nothing imported", i+1, errNotUTF8)
		}
	}
	return fmt.Errorf("%w; nothing imported", errNotUTF8)
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
	realCarrier := *cf.useTwilio || *trunk != loopbackTrunk
	sipTrunk := "" // the SIP trunk of a real carrier; "" for Twilio
	switch {
	case *cf.useTwilio && *trunk != loopbackTrunk:
		return errorf(e, "dial: --trunk and --twilio exclude each other")
	case *cf.useTwilio:
		*trunk = "twilio" // the name --max-concurrent-trunk counts under
	case realCarrier:
		sipTrunk = *trunk
	}
	if realCarrier && *ignoreWindow {
		return errorf(e, "dial: --demo-any-hour is for simulated callees only: real calls keep the real calling windows")
	}
	if realCarrier {
		if err := cf.check(sipTrunk); err != nil {
			return errorf(e, "dial: %v", err)
		}
	}
	limits, err := newDialLimits(*maxCampaign, *trunk, *maxTrunk)
	if err != nil {
		return errorf(e, "dial: %v", err)
	}
	if len(pos) != 1 || *speed <= 0 || *workers < 1 || *lease <= 0 || *minGap < 0 {
		return errorf(e, "dial: want one campaign NAME|FILE, --speed > 0, --concurrency >= 1, --lease > 0, --min-gap >= 0")
	}
	camp, err := resolveCampaign(pos[0])
	if err != nil {
		return errorf(e, "%v", err)
	}
	var real *realCalls
	if realCarrier {
		var closeCarrier func()
		if real, closeCarrier, err = cf.openRealCalls(sipTrunk, camp, e.stderr); err != nil {
			return errorf(e, "dial: %v", err)
		}
		defer closeCarrier()
	}
	if *pgURL != "" {
		return runPGWorker(ctx, e, camp, *pgURL, *contactsFile, *region, dialOpts{*speed, *workers, *lease, *minGap, limits, real})
	}
	if *contactsFile != "" {
		n, bad, err := importContacts(ctx, e, camp.Name, *contactsFile, *region)
		if err != nil {
			return errorf(e, "dial: contacts: %v", err)
		}
		fmt.Fprintf(e.stderr, "imported %d contacts (%d new), %d bad rows\n", n.total, n.added, bad)
	}
	db, err := sqlite.Open(ctx, e.db)
	if err != nil {
		return errorf(e, "dial: %v", err)
	}
	defer db.Close()
	var clock dialer.Clock = dialer.SystemClock{}
	if *ignoreWindow {
		clock = newOffsetClock(nextNYMorning(time.Now()))
	}
	start := time.Now()
	var bar *dialProgress
	r, total, err := newRunner(ctx, db, camp, *speed, real, dialer.Config{Workers: *workers, Clock: clock, Worker: fmt.Sprintf("pid%d", os.Getpid()),
		Lease: *lease, Caps: guardrails.CapPolicy{MinGap: *minGap}, Progress: func(s dialer.Stats) { bar.update(s) },
		MaxConcurrentCampaign: limits.campaign, Trunk: limits.trunk, Trunks: limits.trunks})
	if err != nil {
		return errorf(e, "dial: %v", err)
	}
	bar = newDialProgress(e.stderr, total, start)
	stats, err := r.Run(ctx)
	bar.done(stats)
	if err != nil {
		return errorf(e, "dial: %v", err)
	}
	return 0
}

// loopbackTrunk is the trunk of simulated callees.
const loopbackTrunk = "loopback"

// dialLimits are the concurrency limits of a dial run.
type dialLimits struct {
	campaign int
	trunk    string
	trunks   *dialer.TrunkLimits
}

func newDialLimits(campaign int, trunk string, perTrunk int) (dialLimits, error) {
	if campaign < 0 || perTrunk < 0 {
		return dialLimits{}, fmt.Errorf("--max-concurrent-campaign and --max-concurrent-trunk must be >= 0")
	}
	l := dialLimits{campaign: campaign, trunk: trunk}
	if perTrunk > 0 {
		if trunk == "" {
			return dialLimits{}, fmt.Errorf("--max-concurrent-trunk needs a --trunk name")
		}
		t, err := dialer.NewTrunkLimits(map[string]int{trunk: perTrunk})
		if err != nil {
			return dialLimits{}, err
		}
		l.trunks = t
	}
	return l, nil
}

// offsetClock is the real clock shifted to start at a chosen moment.
type offsetClock struct {
	dialer.SystemClock
	off time.Duration
}

func newOffsetClock(at time.Time) offsetClock { return offsetClock{off: time.Until(at)} }

func (c offsetClock) Now() time.Time { return time.Now().Add(c.off) }

func nextNYMorning(now time.Time) time.Time {
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		return now
	}
	l := now.In(loc)
	t := time.Date(l.Year(), l.Month(), l.Day(), 10, 0, 0, 0, loc)
	if t.Before(now) {
		t = t.AddDate(0, 0, 1)
	}
	return t
}

// dialProgress prints the live progress line.
type dialProgress struct {
	w     io.Writer
	total int
	start time.Time
	tty   bool

	mu   sync.Mutex
	last time.Time
}

func newDialProgress(w io.Writer, total int, start time.Time) *dialProgress {
	p := &dialProgress{w: w, total: total, start: start}
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.tty = true
		}
	}
	return p
}

func progressLine(s dialer.Stats, total int, elapsed time.Duration) string {
	var skipped []string
	keys := make([]string, 0, len(s.Skipped))
	for k := range s.Skipped {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		skipped = append(skipped, fmt.Sprintf("%s %d", k, s.Skipped[k]))
	}
	eta := "?"
	if done := s.Completed + s.OptedOut + s.Refused; done > 0 && total > done {
		eta = (elapsed / time.Duration(done) * time.Duration(total-done)).Round(time.Second).String()
	} else if total <= done {
		eta = "0s"
	}
	return fmt.Sprintf("dialled %d  completed %d  opted out %d  refused %d  callbacks %d  no answer %d  skipped [%s]  ETA %s",
		s.Dialled, s.Completed, s.OptedOut, s.Refused, s.Callbacks, s.NoAnswer, strings.Join(skipped, ", "), eta)
}

func (p *dialProgress) update(s dialer.Stats) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tty {
		fmt.Fprintf(p.w, "\r\033[K%s", progressLine(s, p.total, time.Since(p.start)))
		return
	}
	if time.Since(p.last) >= time.Second {
		p.last = time.Now()
		fmt.Fprintln(p.w, progressLine(s, p.total, time.Since(p.start)))
	}
}

func (p *dialProgress) done(s dialer.Stats) {
	if p.tty {
		fmt.Fprint(p.w, "\r\033[K")
	}
	fmt.Fprintln(p.w, progressLine(s, p.total, time.Since(p.start)))
}
