package main

import (
	"context"
	"flag"
	"os/user"

	"candor/agent/store/sqlite"
	"candor/agent/web"
)

// accounts runs the account commands on the database of e.
func accounts(e *env) *web.AccountCLI {
	actor := "cli"
	if u, err := user.Current(); err == nil {
		actor += ":" + u.Username
	}
	return &web.AccountCLI{Stdin: e.stdin, Stdout: e.stdout, Stderr: e.stderr, Actor: actor,
		Flags: func(fs *flag.FlagSet) { fs.StringVar(&e.db, "db", e.db, "SQLite database `path`") },
		Open: func(ctx context.Context) (web.AccountStore, func() error, error) {
			st, err := sqlite.Open(ctx, e.db)
			if err != nil {
				return nil, nil, err
			}
			return st, st.Close, nil
		}}
}

func runUser(ctx context.Context, e *env, args []string) int  { return accounts(e).User(ctx, args) }
func runToken(ctx context.Context, e *env, args []string) int { return accounts(e).Token(ctx, args) }
func runAudit(ctx context.Context, e *env, args []string) int { return accounts(e).Audit(ctx, args) }
