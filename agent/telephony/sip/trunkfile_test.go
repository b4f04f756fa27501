package sip

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func testEnv(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestParseTrunks(t *testing.T) {
	env := testEnv(map[string]string{"PBX_PASS": "s3cret-from-env"})
	tests := []struct {
		name string
		in   string
		want string // error substring; "" for success
	}{
		{"env password", `{"trunks":[{"name":"pbx","host":"pbx.example.com","user":"u","password_env":"PBX_PASS","caller_id":"+15551234567"}]}`, ""},
		{"two trunks", `{"trunks":[{"name":"a","host":"h1","caller_id":"5551234"},{"name":"b","host":"h2","port":5080,"transport":"TCP","caller_id":"+442071234567"}]}`, ""},
		{"no caller ID", `{"trunks":[{"name":"a","host":"h1"}]}`, "no caller ID"},
		{"bad caller ID", `{"trunks":[{"name":"a","host":"h1","caller_id":"ACME"}]}`, "caller ID"},
		{"unset env", `{"trunks":[{"name":"a","host":"h","user":"u","password_env":"NOPE","caller_id":"5551234"}]}`, "NOPE"},
		{"bad env name", `{"trunks":[{"name":"a","host":"h","user":"u","password_env":"A B","caller_id":"5551234"}]}`, "variable name"},
		{"both passwords", `{"trunks":[{"name":"a","host":"h","user":"u","password":"x","password_env":"PBX_PASS","caller_id":"5551234"}]}`, "both"},
		{"duplicate", `{"trunks":[{"name":"a","host":"h","caller_id":"5551234"},{"name":"a","host":"h","caller_id":"5551234"}]}`, "duplicate"},
		{"unknown field", `{"trunks":[{"name":"a","host":"h","caller_id":"5551234","secret":"x"}]}`, "unknown field"},
		{"no trunks", `{"trunks":[]}`, "no trunks"},
		{"port as string", `{"trunks":[{"name":"a","host":"h","port":"5060","caller_id":"5551234"}]}`, "port"},
		{"bad JSON", `{"trunks":[{"name":"a",`, "JSON"},
		{"trailing data", `{"trunks":[{"name":"a","host":"h","caller_id":"5551234"}]} {}`, "after"},
		{"not an object", `[1,2]`, "trunk file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ts, err := ParseTrunks([]byte(tc.in), env)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("got %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, ErrTrunk) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v (trunks %v), want ErrTrunk mentioning %q", err, ts, tc.want)
			}
		})
	}
}

func TestParseTrunksValues(t *testing.T) {
	in := `{"trunks":[{"name":"pbx","host":"pbx.example.com","user":"u","password_env":"PBX_PASS","caller_id":"+15551234567"},
	{"name":"lab","host":"127.0.0.1","port":5080,"transport":"TCP","password":"inline","user":"v","caller_id":"5551234"}]}`
	ts, err := ParseTrunks([]byte(in), testEnv(map[string]string{"PBX_PASS": "fromenv"}))
	if err != nil {
		t.Fatal(err)
	}
	pbx, err := ts.Lookup("pbx")
	if err != nil {
		t.Fatal(err)
	}
	if pbx.Password != "fromenv" || pbx.Port != 5060 || pbx.Transport != "udp" || pbx.CallerID != "+15551234567" {
		t.Errorf("pbx: got %+v, want password from env, port 5060, udp", pbx)
	}
	lab, _ := ts.Lookup("lab")
	if lab.Password != "inline" || lab.Port != 5080 || lab.Transport != "tcp" {
		t.Errorf("lab: got %+v, want inline password, 5080, tcp", lab)
	}
	if _, err := ts.Lookup("other"); !errors.Is(err, ErrTrunkNotFound) || !strings.Contains(err.Error(), "lab") {
		t.Errorf("Lookup(other): got %v, want ErrTrunkNotFound listing the names", err)
	}
	if got := strings.Join(ts.Names(), ","); got != "lab,pbx" {
		t.Errorf("Names: got %s, want lab,pbx", got)
	}
}

func TestParseTrunksHidesPassword(t *testing.T) {
	// The password is right before a syntax error and in a trunk that fails
	// validation: neither error may quote it.
	for _, in := range []string{
		`{"trunks":[{"name":"a","password":"hunter2hunter2",}]}`,
		`{"trunks":[{"name":"a","host":"h","password":"hunter2hunter2","caller_id":"5551234"}]}`,
		`{"trunks":[{"name":"a","host":"h","user":"u","password":["hunter2hunter2"],"caller_id":"5551234"}]}`,
	} {
		_, err := ParseTrunks([]byte(in), nil)
		if err == nil || strings.Contains(err.Error(), "hunter2") {
			t.Errorf("ParseTrunks(%s): got %v, want an error without the password", in, err)
		}
	}
}

func TestLoadTrunks(t *testing.T) {
	p := filepath.Join(t.TempDir(), "trunks.json")
	if err := os.WriteFile(p, []byte(`{"trunks":[{"name":"a","host":"h","caller_id":"5551234"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	ts, err := LoadTrunks(p)
	if err != nil || len(ts) != 1 {
		t.Fatalf("LoadTrunks: got %v, %v; want one trunk", ts, err)
	}
	if _, err := LoadTrunks(p + ".missing"); !errors.Is(err, ErrTrunk) || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: got %v, want ErrTrunk and os.ErrNotExist", err)
	}
}

func FuzzParseTrunks(f *testing.F) {
	for _, s := range []string{
		`{"trunks":[{"name":"pbx","host":"pbx.example.com","user":"u","password_env":"PBX_PASS","caller_id":"+15551234567"}]}`,
		`{"trunks":[{"name":"a","host":"h1","caller_id":"5551234"},{"name":"b","host":"h2","port":5080,"transport":"TCP","caller_id":"+442071234567"}]}`,
		`{"trunks":[{"name":"a","host":"h","port":-1,"caller_id":""}]}`,
		`{"trunks":null}`, `{}`, `null`, ``, `{"trunks":[{"name":"a",`,
	} {
		f.Add([]byte(s))
	}
	env := testEnv(map[string]string{"PBX_PASS": "x"})
	f.Fuzz(func(t *testing.T, data []byte) {
		ts, err := ParseTrunks(data, env)
		if err != nil {
			if !errors.Is(err, ErrTrunk) {
				t.Fatalf("error %v does not wrap ErrTrunk", err)
			}
			return
		}
		if len(ts) == 0 {
			t.Fatal("no error and no trunks")
		}
		for name, tr := range ts {
			if name != tr.Name {
				t.Fatalf("trunk %q filed under %q", tr.Name, name)
			}
			if err := tr.Validate(); err != nil {
				t.Fatalf("accepted trunk fails Validate: %v", err)
			}
			if !validCallerID(tr.CallerID) {
				t.Fatalf("accepted caller ID %q", tr.CallerID)
			}
		}
	})
}
