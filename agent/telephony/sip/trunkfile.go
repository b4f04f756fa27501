package sip

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
)

// maxTrunkFile bounds a trunk configuration file.
const maxTrunkFile = 1 << 20

var envNameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,127}$`)

// trunkEntry is one trunk as written in a trunk file.
type trunkEntry struct {
	Name      string `json:"name"`
	Host      string `json:"host"`
	Port      int    `json:"port"`
	Transport string `json:"transport"`
	User      string `json:"user"`
	// Password in the file itself; PasswordEnv names the environment
	// variable holding it instead (preferred). At most one of the two.
	Password    string `json:"password"`
	PasswordEnv string `json:"password_env"`
	CallerID    string `json:"caller_id"`
}

// trunkFile is the JSON document: {"trunks": [{...}, ...]}.
type trunkFile struct {
	Trunks []trunkEntry `json:"trunks"`
}

// Trunks are the named trunks of a configuration file.
type Trunks map[string]Trunk

// Lookup returns the trunk called name.
func (ts Trunks) Lookup(name string) (Trunk, error) {
	t, ok := ts[name]
	if !ok {
		return Trunk{}, fmt.Errorf("%w: %q (configured: %v)", ErrTrunkNotFound, name, ts.Names())
	}
	return t, nil
}

// Names lists the trunks' names, sorted.
func (ts Trunks) Names() []string {
	names := make([]string, 0, len(ts))
	for n := range ts {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// ParseTrunks reads a JSON trunk file:
//
//	{"trunks": [{"name": "carrier", "host": "sip.example.net", "port": 5060,
//	  "transport": "udp", "user": "acct", "password_env": "CARRIER_SIP_PASSWORD",
//	  "caller_id": "+15551234567"}]}
//
// getenv resolves password_env (os.Getenv when nil). Unknown fields, duplicate
// names, a named variable that is unset and any trunk failing Validate (a
// valid caller ID is required) are errors wrapping ErrTrunk; no error shows a
// password.
func ParseTrunks(data []byte, getenv func(string) string) (Trunks, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	if len(data) > maxTrunkFile {
		return nil, fmt.Errorf("%w: trunk file over %d bytes", ErrTrunk, maxTrunkFile)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f trunkFile
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%w: trunk file: %v", ErrTrunk, jsonProblem(err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%w: trunk file: data after the JSON object", ErrTrunk)
	}
	if len(f.Trunks) == 0 {
		return nil, fmt.Errorf("%w: trunk file lists no trunks", ErrTrunk)
	}
	ts := make(Trunks, len(f.Trunks))
	for i, e := range f.Trunks {
		if _, dup := ts[e.Name]; dup {
			return nil, fmt.Errorf("%w: trunk %d: duplicate name %q", ErrTrunk, i+1, e.Name)
		}
		t := Trunk{Name: e.Name, Host: e.Host, Port: e.Port, Transport: e.Transport, User: e.User,
			Password: e.Password, CallerID: e.CallerID}
		if e.PasswordEnv != "" {
			if e.Password != "" {
				return nil, fmt.Errorf("%w: trunk %q: both password and password_env", ErrTrunk, e.Name)
			}
			if !envNameRE.MatchString(e.PasswordEnv) {
				return nil, fmt.Errorf("%w: trunk %q: password_env is not a variable name", ErrTrunk, e.Name)
			}
			t.Password = getenv(e.PasswordEnv)
			if t.Password == "" {
				return nil, fmt.Errorf("%w: trunk %q: environment variable %s (password_env) is not set", ErrTrunk, e.Name, e.PasswordEnv)
			}
		}
		if err := t.Validate(); err != nil {
			return nil, fmt.Errorf("trunk %d: %w", i+1, err)
		}
		ts[t.Name] = t.withDefaults()
	}
	return ts, nil
}

// jsonProblem describes a decoding error without quoting the input (which
// may hold a password).
func jsonProblem(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("invalid JSON at byte %d", se.Offset)
	case errors.As(err, &te):
		return fmt.Sprintf("field %q: want a %s", te.Field, te.Type)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "truncated JSON"
	default:
		// DisallowUnknownFields: `json: unknown field "x"` names only the key.
		return err.Error()
	}
}

// LoadTrunks reads and parses the trunk file at path (see ParseTrunks).
func LoadTrunks(path string) (Trunks, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrTrunk, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxTrunkFile+1))
	if err != nil {
		return nil, fmt.Errorf("%w: reading %s: %w", ErrTrunk, path, err)
	}
	return ParseTrunks(data, nil)
}
