package web

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"

	"candor/agent/store"
)

// AccountStore is what account administration needs of the store
// (*sqlite.Store): the admin page and the account commands use it.
type AccountStore interface {
	UserAdder
	ListUsers(ctx context.Context) ([]store.User, error)
	SetUserDisabled(ctx context.Context, name string, disabled bool) error
	SetUserRole(ctx context.Context, name string, role store.Role) error
	AddAPIToken(ctx context.Context, name, tokenHash, label string) error
	ListAPITokens(ctx context.Context) ([]store.APIToken, error)
	RevokeAPIToken(ctx context.Context, id int64) (store.APIToken, error)
	Audit(ctx context.Context, entries ...store.AuditEntry) error
	AuditLog(ctx context.Context, limit int) ([]store.AuditEntry, error)
}

// AccountCLI runs the account commands of the candor binary (`user`,
// `token`, `audit`); each change is written to the audit log under Actor.
type AccountCLI struct {
	// Open opens the store; close is called when the command is done.
	Open           func(ctx context.Context) (st AccountStore, close func() error, err error)
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Actor names the CLI's user in the audit log ("cli:alice").
	Actor string
	// Flags adds the binary's shared flags (--db) to each command's flags.
	Flags func(fs *flag.FlagSet)
}

// UserUsage and TokenUsage are the commands' usage texts.
const (
	UserUsage = `Usage:
  candor user add --role admin|designer|reviewer [--password-file FILE] NAME
      the password (10 to 72 bytes) is read from FILE or from the first line of stdin
  candor user token [--label TEXT] NAME
      create an API token for NAME (printed once; only its hash is stored)
  candor user list
  candor user disable NAME     end NAME's sessions; their logins and API tokens stop working
  candor user enable NAME
  candor user role NAME admin|designer|reviewer
  (the last enabled admin can be neither disabled nor given another role)`
	TokenUsage = `Usage:
  candor token list            every API token: id, user, label, created, last used, state
  candor token revoke ID       the token gets 401 from then on
  candor token create [--label TEXT] NAME   (as candor user token)`
	AuditUsage = `Usage: candor audit [--limit N]   the audit log, newest first (default 50 entries)`
)

func (c *AccountCLI) errorf(format string, a ...any) int {
	fmt.Fprintf(c.Stderr, "candor: "+format+"\n", a...)
	return 1
}

// flags makes a command's flag set; parse it with c.parse.
func (c *AccountCLI) flags(name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet("candor "+name, flag.ContinueOnError)
	fs.SetOutput(c.Stderr)
	if c.Flags != nil {
		c.Flags(fs)
	}
	fs.Usage = func() {
		fmt.Fprintln(c.Stderr, usage)
		fmt.Fprintln(c.Stderr, "\nFlags:")
		fs.PrintDefaults()
	}
	return fs
}

// parse parses args wanting n positional arguments; code is the exit
// status when ok is false.
func (c *AccountCLI) parse(fs *flag.FlagSet, args []string, n int) (code int, ok bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, false
		}
		return 2, false
	}
	if fs.NArg() != n {
		fs.Usage()
		return 2, false
	}
	return 0, true
}

// with opens the store, runs f and closes the store.
func (c *AccountCLI) with(ctx context.Context, f func(st AccountStore) int) int {
	st, closeFn, err := c.Open(ctx)
	if err != nil {
		return c.errorf("%v", err)
	}
	defer closeFn()
	return f(st)
}

func (c *AccountCLI) audit(ctx context.Context, st AccountStore, action, subject, detail string) error {
	return st.Audit(ctx, store.AuditEntry{Actor: c.Actor, Action: action, Subject: subject, Detail: detail})
}

// User runs `candor user ARGS`.
func (c *AccountCLI) User(ctx context.Context, args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(c.Stderr, UserUsage)
		return 2
	}
	switch args[0] {
	case "add":
		return c.userAdd(ctx, args[1:])
	case "token":
		return c.tokenCreate(ctx, "user token", args[1:])
	case "list":
		return c.userList(ctx, args[1:])
	case "disable", "enable":
		return c.userDisable(ctx, args[0], args[1:])
	case "role":
		return c.userRole(ctx, args[1:])
	case "-h", "--help", "help":
		fmt.Fprintln(c.Stdout, UserUsage)
		return 0
	}
	fmt.Fprintln(c.Stderr, UserUsage)
	return 2
}

func (c *AccountCLI) userAdd(ctx context.Context, args []string) int {
	fs := c.flags("user add", UserUsage)
	role := fs.String("role", "", "`ROLE`: admin, designer or reviewer")
	pwFile := fs.String("password-file", "", "read the password from `FILE` (default: stdin)")
	if code, ok := c.parse(fs, args, 1); !ok {
		return code
	}
	name := fs.Arg(0)
	if !store.Role(*role).Valid() {
		return c.errorf("user add: --role must be admin, designer or reviewer")
	}
	acct, err := NewAccount(name, store.Role(*role), *pwFile, c.Stdin)
	if err != nil {
		return c.errorf("user add: %v", err)
	}
	return c.with(ctx, func(st AccountStore) int {
		if err := acct.Add(ctx, st); err != nil {
			if errors.Is(err, store.ErrExists) {
				return c.errorf("user add: user %q already exists", name)
			}
			return c.errorf("user add: %v", err)
		}
		if err := c.audit(ctx, st, "user_add", name, "role "+*role); err != nil {
			return c.errorf("user add: %v", err)
		}
		fmt.Fprintf(c.Stdout, "added %s (%s)\n", name, *role)
		return 0
	})
}

func (c *AccountCLI) userList(ctx context.Context, args []string) int {
	fs := c.flags("user list", UserUsage)
	if code, ok := c.parse(fs, args, 0); !ok {
		return code
	}
	return c.with(ctx, func(st AccountStore) int {
		users, err := st.ListUsers(ctx)
		if err != nil {
			return c.errorf("user list: %v", err)
		}
		for _, u := range users {
			state := ""
			if u.Disabled {
				state = "\tdisabled"
			}
			fmt.Fprintf(c.Stdout, "%s\t%s%s\n", u.Name, u.Role, state)
		}
		return 0
	})
}

func (c *AccountCLI) userDisable(ctx context.Context, op string, args []string) int {
	fs := c.flags("user "+op, UserUsage)
	if code, ok := c.parse(fs, args, 1); !ok {
		return code
	}
	name := fs.Arg(0)
	return c.with(ctx, func(st AccountStore) int {
		if err := st.SetUserDisabled(ctx, name, op == "disable"); err != nil {
			return c.errorf("user %s: %v", op, err)
		}
		if err := c.audit(ctx, st, "user_"+op, name, ""); err != nil {
			return c.errorf("user %s: %v", op, err)
		}
		fmt.Fprintf(c.Stdout, "%sd %s\n", op, name)
		return 0
	})
}

func (c *AccountCLI) userRole(ctx context.Context, args []string) int {
	fs := c.flags("user role", UserUsage)
	if code, ok := c.parse(fs, args, 2); !ok {
		return code
	}
	name, role := fs.Arg(0), store.Role(fs.Arg(1))
	if !role.Valid() {
		return c.errorf("user role: the role must be admin, designer or reviewer, not %q", role)
	}
	return c.with(ctx, func(st AccountStore) int {
		if err := st.SetUserRole(ctx, name, role); err != nil {
			return c.errorf("user role: %v", err)
		}
		if err := c.audit(ctx, st, "user_role", name, "role "+string(role)); err != nil {
			return c.errorf("user role: %v", err)
		}
		fmt.Fprintf(c.Stdout, "%s is now %s\n", name, role)
		return 0
	})
}

// Token runs `candor token ARGS`.
func (c *AccountCLI) Token(ctx context.Context, args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(c.Stderr, TokenUsage)
		return 2
	}
	switch args[0] {
	case "list":
		return c.tokenList(ctx, args[1:])
	case "revoke":
		return c.tokenRevoke(ctx, args[1:])
	case "create":
		return c.tokenCreate(ctx, "token create", args[1:])
	case "-h", "--help", "help":
		fmt.Fprintln(c.Stdout, TokenUsage)
		return 0
	}
	fmt.Fprintln(c.Stderr, TokenUsage)
	return 2
}

func (c *AccountCLI) tokenCreate(ctx context.Context, name string, args []string) int {
	fs := c.flags(name, UserUsage)
	label := fs.String("label", "", "a note on what the token is for")
	if code, ok := c.parse(fs, args, 1); !ok {
		return code
	}
	user := fs.Arg(0)
	return c.with(ctx, func(st AccountStore) int {
		tok, hash := NewToken()
		if err := st.AddAPIToken(ctx, user, hash, *label); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return c.errorf("%s: no user %q", name, user)
			}
			return c.errorf("%s: %v", name, err)
		}
		if err := c.audit(ctx, st, "token_create", user, *label); err != nil {
			return c.errorf("%s: %v", name, err)
		}
		fmt.Fprintln(c.Stdout, tok)
		fmt.Fprintln(c.Stderr, "This token is shown once; send it as `Authorization: Bearer TOKEN` to /api/*.")
		return 0
	})
}

func (c *AccountCLI) tokenList(ctx context.Context, args []string) int {
	fs := c.flags("token list", TokenUsage)
	if code, ok := c.parse(fs, args, 0); !ok {
		return code
	}
	return c.with(ctx, func(st AccountStore) int {
		toks, err := st.ListAPITokens(ctx)
		if err != nil {
			return c.errorf("token list: %v", err)
		}
		tw := tabwriter.NewWriter(c.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tUSER\tLABEL\tCREATED\tLAST USED\tSTATE")
		for _, t := range toks {
			used, state := "never", "live"
			if !t.LastUsedAt.IsZero() {
				used = fmtTime(t.LastUsedAt)
			}
			if t.Revoked() {
				state = "revoked " + fmtTime(t.RevokedAt)
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.User, t.Label, fmtTime(t.CreatedAt), used, state)
		}
		return errCode(tw.Flush())
	})
}

func (c *AccountCLI) tokenRevoke(ctx context.Context, args []string) int {
	fs := c.flags("token revoke", TokenUsage)
	if code, ok := c.parse(fs, args, 1); !ok {
		return code
	}
	id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
	if err != nil || id <= 0 {
		return c.errorf("token revoke: want a token ID from `candor token list`, not %q", fs.Arg(0))
	}
	return c.with(ctx, func(st AccountStore) int {
		t, err := st.RevokeAPIToken(ctx, id)
		if err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return c.errorf("token revoke: no token %d", id)
			}
			return c.errorf("token revoke: %v", err)
		}
		if err := c.audit(ctx, st, "token_revoke", t.User, fmt.Sprintf("token %d %s", t.ID, t.Label)); err != nil {
			return c.errorf("token revoke: %v", err)
		}
		fmt.Fprintf(c.Stdout, "revoked token %d of %s\n", t.ID, t.User)
		return 0
	})
}

// Audit runs `candor audit ARGS`.
func (c *AccountCLI) Audit(ctx context.Context, args []string) int {
	fs := c.flags("audit", AuditUsage)
	limit := fs.Int("limit", 50, "show at most `N` entries (1 to 10000)")
	if code, ok := c.parse(fs, args, 0); !ok {
		return code
	}
	if *limit < 1 || *limit > 10000 {
		return c.errorf("audit: --limit must be 1 to 10000")
	}
	return c.with(ctx, func(st AccountStore) int {
		log, err := st.AuditLog(ctx, *limit)
		if err != nil {
			return c.errorf("audit: %v", err)
		}
		tw := tabwriter.NewWriter(c.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "WHEN\tWHO\tACTION\tSUBJECT\tDETAIL")
		for _, e := range log {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", fmtTime(e.At), e.Actor, e.Action, e.Subject, e.Detail)
		}
		return errCode(tw.Flush())
	})
}

func errCode(err error) int {
	if err != nil {
		return 1
	}
	return 0
}
