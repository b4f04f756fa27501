// Package storetest helps tests of the store and its users: one conformance
// suite (Run) that both adapters pass, a private PostgreSQL server for one
// test, and the benchmarks' shared loops.
package storetest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
)

// PostgresBin is where Debian's postgresql package keeps the server programs.
const PostgresBin = "/usr/lib/postgresql/15/bin"

// StartPostgres starts a private PostgreSQL server in the test's temporary
// folder, listening on a unix socket only, and returns its connection
// string. Extra settings ("max_connections=200") go to the server. The test
// is skipped, saying why, when the server programs are not installed (make
// test installs them). As root the server runs as the postgres user.
func StartPostgres(t testing.TB, settings ...string) string {
	t.Helper()
	if _, err := os.Stat(filepath.Join(PostgresBin, "initdb")); err != nil {
		t.Skipf("PostgreSQL server programs not found in %s (install the Debian package postgresql): %v", PostgresBin, err)
	}
	dir := filepath.Join(t.TempDir(), "pg")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var runAs []string
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Skipf("running as root and no postgres user to run the server as: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		// Every folder up to dir must be traversable by that user.
		for d := dir; d != "/" && d != "."; d = filepath.Dir(d) {
			if st, err := os.Stat(d); err == nil && st.Mode().Perm()&0o001 == 0 {
				_ = os.Chmod(d, st.Mode().Perm()|0o711)
			}
		}
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
		runAs = []string{"runuser", "-u", "postgres", "--"}
	}
	run := func(args ...string) {
		t.Helper()
		all := append(append([]string{}, runAs...), args...)
		if out, err := exec.Command(all[0], all[1:]...).CombinedOutput(); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
	}
	data := filepath.Join(dir, "data")
	run(filepath.Join(PostgresBin, "initdb"), "-D", data, "-A", "trust", "-U", "postgres", "--no-sync")
	opts := "-k " + dir + " -c listen_addresses='' -p 5432 -c fsync=off"
	for _, s := range settings {
		opts += " -c " + s
	}
	run(filepath.Join(PostgresBin, "pg_ctl"), "-D", data, "-l", filepath.Join(dir, "log"), "-w", "-o", opts, "start")
	t.Cleanup(func() {
		if t.Failed() {
			// The server's own account of a failure (deadlocks name both sides).
			if log, err := os.ReadFile(filepath.Join(dir, "log")); err == nil {
				t.Logf("postgres log:\n%s", tail(log, 8000))
			}
		}
		all := append(append([]string{}, runAs...), filepath.Join(PostgresBin, "pg_ctl"), "-D", data, "-m", "immediate", "stop")
		_ = exec.Command(all[0], all[1:]...).Run()
	})
	return fmt.Sprintf("host=%s port=5432 user=postgres dbname=postgres sslmode=disable", dir)
}

// Database creates a fresh database on the server at url (a key=value
// string from StartPostgres) and returns its connection string, so that
// tests can share one server without sharing tables.
func Database(t testing.TB, url string) string {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	name := fmt.Sprintf("t%d", databases.Add(1))
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	return strings.Replace(url, "dbname=postgres", "dbname="+name, 1)
}

var databases atomic.Int64

// tail is the last n bytes of b.
func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}
