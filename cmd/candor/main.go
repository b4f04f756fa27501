// Command candor places outbound survey and service follow-up calls with an AI
// voice agent that always discloses itself, never makes misleading claims and
// honours opt-outs. Run `candor help` for the commands.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"

	"candor/agent/guardio"
	"candor/agent/store/sqlite"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

// env is what a command runs with: its streams and global options.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	db             string
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, args []string) int
}

func commands() []command {
	return []command{
		{"demo", "run a simulated campaign end to end on embedded defaults", runDemo},
		{"sandbox", "talk to a campaign's agent in the terminal, playing the callee", runSandbox},
		{"guard", "guardrail tools: `guard classify` reads JSON lines on stdin", runGuard},
		{"campaign", "campaign files: `campaign validate FILE|NAME`, `campaign list`", runCampaign},
		{"serve", "run the web app for reviewers and designers: `serve --addr HOST:PORT`", runServe},
		{"user", "web accounts: `user add --role ROLE NAME`, `user token NAME`, `user disable NAME`, `user role NAME ROLE`", runUser},
		{"token", "API tokens: `token list`, `token revoke ID`", runToken},
		{"audit", "the audit log: who saw raw data or changed an account, when", runAudit},
		{"dnc", "do-not-call list: `dnc import --registry FILE --date D`, `dnc add`, `dnc export`", runDNC},
		{"consent", "consent records: `consent import FILE.csv`", runConsent},
		{"contacts", "contact lists: `contacts import CAMPAIGN FILE.csv`", runContacts},
		{"call", "place one real call: `call --to NUMBER --campaign NAME --trunk NAME|--twilio [--json]`", runPlaceCall},
		{"dial", "run a campaign through the dialer on the loopback network", runDial},
		{"report", "campaign report: `report CAMPAIGN [--format table|csv|json]`", runReport},
		{"worker", "dialer worker sharing a campaign through Postgres: `worker --postgres URL NAME [--contacts F]`", runWorker},
		{"hear", "what the agent would hear: `hear --campaign C [--json] [--question ID] FILE.wav...`", runHear},
		{"bench", "measure: `bench lines|sip --calls N` runs N loopback audio (or sipp) calls and reports frame lateness", runBench},
		{"version", "print the version", runVersion},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	fs := flag.NewFlagSet("candor", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&e.db, "db", sqlite.DefaultPath(), "SQLite database `path` (env CANDOR_DB)")
	fs.Usage = func() { usage(stderr, fs) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	rest := fs.Args()
	if len(rest) == 0 {
		usage(stderr, fs)
		return 2
	}
	name := rest[0]
	if name == "help" {
		if len(rest) > 1 {
			return run(ctx, append([]string{rest[1], "-h"}, rest[2:]...), stdin, stdout, stderr)
		}
		usage(stdout, fs)
		return 0
	}
	for _, c := range commands() {
		if c.name == name {
			return c.run(ctx, e, rest[1:])
		}
	}
	fmt.Fprintf(stderr, "candor: unknown command %q\n", name)
	usage(stderr, fs)
	return 2
}

func usage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, "candor %s: outbound AI survey calls that disclose, tell the truth and honour opt-outs.\n\n", version)
	fmt.Fprintln(w, "Usage: candor [--db PATH] COMMAND [flags]")
	fmt.Fprintln(w, "\nCommands:")
	cs := commands()
	sort.Slice(cs, func(i, j int) bool { return cs[i].name < cs[j].name })
	for _, c := range cs {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nGlobal flags:")
	fs.SetOutput(w)
	fs.PrintDefaults()
	fmt.Fprintln(w, "\nRun `candor help COMMAND` or `candor COMMAND -h` for a command's flags.")
}

// newFlags makes a subcommand's flag set; --db is accepted there too.
func newFlags(e *env, name, args, about string) *flag.FlagSet {
	fs := flag.NewFlagSet("candor "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.StringVar(&e.db, "db", e.db, "SQLite database `path`")
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: candor %s %s\n\n%s\n\nFlags:\n", name, args, about)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses and maps -h to exit status 0.
func parseFlags(fs *flag.FlagSet, args []string) (int, bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, false
		}
		return 2, false
	}
	return 0, true
}

func runVersion(_ context.Context, e *env, args []string) int {
	fs := newFlags(e, "version", "", "Print candor's version.")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	fmt.Fprintf(e.stdout, "candor %s\n", version)
	return 0
}

// subcommand reports whether args start with want, else prints usage (exit status 0 for -h, 2 otherwise).
func subcommand(e *env, args []string, want, usage string) (int, bool) {
	if len(args) > 0 && args[0] == want {
		return 0, true
	}
	fmt.Fprintln(e.stderr, usage)
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		return 0, false
	}
	return 2, false
}

func runGuard(_ context.Context, e *env, args []string) int {
	if code, ok := subcommand(e, args, "classify", guardUsage); !ok {
		return code
	}
	fs := newFlags(e, "guard classify", "< in.jsonl > out.jsonl", guardUsage)
	if code, ok := parseFlags(fs, args[1:]); !ok {
		return code
	}
	err := guardio.Classify(e.stdin, e.stdout, guardio.Config{Callee: classifyCallee})
	if err != nil && !errors.Is(err, guardio.ErrBadLines) {
		for _, l := range strings.Split(err.Error(), "\n") {
			fmt.Fprintln(e.stderr, "candor guard classify: "+l)
		}
	}
	if err != nil {
		return 1
	}
	return 0
}

const guardUsage = `Usage: candor guard classify < in.jsonl

Reads one JSON object a line: {"speaker":"callee"|"agent","text":"...","id":...,"lang":"en"|"zh"}
and writes one line per input, in order, with the id echoed:
  callee: {"id":...,"intent":"opt_out"|"refusal"|"callback"|"ask_if_ai"|"ask_identity"|"none"}
  agent:  {"id":...,"verdict":"allow"|"block","category":"..."}
A line that cannot be read gives {"id":...,"error":"..."} and exit status 1 at the end.`

// printJSON prints v as indented JSON.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func errorf(e *env, format string, a ...any) int {
	msg := fmt.Sprintf(format, a...)
	fmt.Fprintln(e.stderr, "candor: "+strings.TrimSuffix(msg, "\n"))
	return 1
}
