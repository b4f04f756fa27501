package main

import (
	"context"
	"errors"
	"fmt"

	"candor/agent/store"
	"candor/agent/store/sqlite"
	"candor/agent/web"
)

const userUsage = `Usage:
  candor user add --role admin|designer|reviewer [--password-file FILE] NAME
      the password (10 to 72 bytes) is read from FILE or from the first line of stdin
  candor user token [--label TEXT] NAME
      create an API token for NAME (printed once; only its hash is stored)
  candor user list`

func runUser(ctx context.Context, e *env, args []string) int {
	if len(args) > 0 {
		switch args[0] {
		case "add":
			return runUserAdd(ctx, e, args[1:])
		case "token":
			return runUserToken(ctx, e, args[1:])
		case "list":
			return runUserList(ctx, e, args[1:])
		case "-h", "--help", "help":
			fmt.Fprintln(e.stdout, userUsage)
			return 0
		}
	}
	fmt.Fprintln(e.stderr, userUsage)
	return 2
}

func runUserAdd(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "user add", "--role ROLE [--password-file FILE] NAME", userUsage)
	role := fs.String("role", "", "`ROLE`: admin, designer or reviewer")
	pwFile := fs.String("password-file", "", "read the password from `FILE` (default: stdin)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	name := fs.Arg(0)
	if !store.Role(*role).Valid() {
		return errorf(e, "user add: --role must be admin, designer or reviewer")
	}
	acct, err := web.NewAccount(name, store.Role(*role), *pwFile, e.stdin)
	if err != nil {
		return errorf(e, "user add: %v", err)
	}
	st, err := sqlite.Open(ctx, e.db)
	if err != nil {
		return errorf(e, "%v", err)
	}
	defer st.Close()
	if err := acct.Add(ctx, st); err != nil {
		if errors.Is(err, store.ErrExists) {
			return errorf(e, "user add: user %q already exists", name)
		}
		return errorf(e, "user add: %v", err)
	}
	fmt.Fprintf(e.stdout, "added %s (%s)\n", name, *role)
	return 0
}

func runUserToken(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "user token", "[--label TEXT] NAME", userUsage)
	label := fs.String("label", "", "a note on what the token is for")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	st, err := sqlite.Open(ctx, e.db)
	if err != nil {
		return errorf(e, "%v", err)
	}
	defer st.Close()
	tok, hash := web.NewToken()
	if err := st.AddAPIToken(ctx, fs.Arg(0), hash, *label); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return errorf(e, "user token: no user %q", fs.Arg(0))
		}
		return errorf(e, "user token: %v", err)
	}
	fmt.Fprintln(e.stdout, tok)
	fmt.Fprintln(e.stderr, "This token is shown once; send it as `Authorization: Bearer TOKEN` to /api/*.")
	return 0
}

func runUserList(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "user list", "", userUsage)
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	st, err := sqlite.Open(ctx, e.db)
	if err != nil {
		return errorf(e, "%v", err)
	}
	defer st.Close()
	users, err := st.ListUsers(ctx)
	if err != nil {
		return errorf(e, "user list: %v", err)
	}
	for _, u := range users {
		fmt.Fprintf(e.stdout, "%s\t%s\n", u.Name, u.Role)
	}
	return 0
}
