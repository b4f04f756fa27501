package prompts

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"unicode"
)

// BusinessID puts a business name or id in the normal form of business ids:
// lower case, letters (any script) and digits kept, every run of other
// characters one hyphen, none at the ends. "Brightwater Plumbing Services
// LLC" becomes "brightwater-plumbing-services-llc"; 上海清泉管道维修服务有限公司
// stays as it is. It is idempotent: an id in normal form is returned
// unchanged.
func BusinessID(name string) string {
	var b strings.Builder
	gap := false
	for _, r := range name {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if gap && b.Len() > 0 {
				b.WriteByte('-')
			}
			gap = false
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		gap = true
	}
	return b.String()
}

// Key is the business's stable id: ID when the campaign file gives one, else
// the registered name in normal form (BusinessID). Every do-not-call entry,
// consent record and attempt of the business is stored under it.
func (b Business) Key() string {
	if id := strings.TrimSpace(b.ID); id != "" {
		return BusinessID(id)
	}
	return BusinessID(b.RegisteredName)
}

// ResolveBusiness finds the business that name means among the businesses
// of camps: name may be a business's id, display name or registered name,
// compared case-insensitively and in BusinessID's normal form (so
// "brightwater plumbing services llc" finds "Brightwater Plumbing Services
// LLC"). A name no campaign's business answers to is an
// error wrapping ErrUnknownBusiness that lists the known businesses; one
// that several ids answer to wraps ErrAmbiguousBusiness.
func ResolveBusiness(camps []*Campaign, name string) (Business, error) {
	q := strings.Join(strings.Fields(name), " ")
	qid := BusinessID(q)
	var found []Business
	for _, c := range camps {
		if c == nil {
			continue
		}
		b := c.Business
		key := b.Key()
		if key == "" || slices.ContainsFunc(found, func(f Business) bool { return f.Key() == key }) {
			continue
		}
		if qid != "" && (qid == key || qid == BusinessID(b.RegisteredName) || qid == BusinessID(b.DisplayName) ||
			strings.EqualFold(q, strings.Join(strings.Fields(b.DisplayName), " ")) ||
			strings.EqualFold(q, strings.Join(strings.Fields(b.RegisteredName), " "))) {
			found = append(found, b)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return Business{}, fmt.Errorf("%w %q; known businesses: %s", ErrUnknownBusiness, q, KnownBusinesses(camps))
	}
	names := make([]string, len(found))
	for i, b := range found {
		names[i] = b.describe()
	}
	return Business{}, fmt.Errorf("%w %q: it names %s; give the id", ErrAmbiguousBusiness, q, strings.Join(names, " and "))
}

// KnownBusinesses lists the businesses of camps, one per id, sorted by id,
// as `id ("display name", "registered name")`; "none" when there are none.
func KnownBusinesses(camps []*Campaign) string {
	seen := map[string]string{}
	for _, c := range camps {
		if c == nil {
			continue
		}
		if k := c.Business.Key(); k != "" && seen[k] == "" {
			seen[k] = c.Business.describe()
		}
	}
	if len(seen) == 0 {
		return "none (give --campaign FILE|DIR for a campaign file's business)"
	}
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = seen[k]
	}
	return strings.Join(out, "; ")
}

func (b Business) describe() string {
	return fmt.Sprintf("%s (%q, %q)", b.Key(), b.DisplayName, b.RegisteredName)
}

// Campaigns returns the embedded example campaigns followed by those of
// paths in fsys: a path naming a folder adds the *.yaml and *.yml files in
// it. A file that does not load is an error: the businesses a command knows
// must not depend on which files happen to be valid.
func Campaigns(fsys fs.FS, paths ...string) ([]*Campaign, error) {
	var out []*Campaign
	for _, name := range Examples() {
		c, err := Example(name)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	for _, p := range paths {
		st, err := fs.Stat(fsys, p)
		if err != nil {
			return nil, fmt.Errorf("campaign %s: %w", p, err)
		}
		files := []string{p}
		if st.IsDir() {
			a, _ := fs.Glob(fsys, path.Join(p, "*.yaml"))
			b, _ := fs.Glob(fsys, path.Join(p, "*.yml"))
			files = append(a, b...)
		}
		for _, f := range files {
			c, err := LoadFS(fsys, f)
			if err != nil {
				return nil, err
			}
			out = append(out, c)
		}
	}
	return out, nil
}
