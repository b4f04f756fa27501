package prompts

import (
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

const (
	// maxErrors caps the problems reported for one file.
	maxErrors = 100
	// nodeBudget caps the YAML nodes visited, so that aliases cannot expand a
	// small file into a huge amount of work.
	nodeBudget = 200_000
)

// decoder walks a yaml.Node tree into a Campaign, collecting every problem
// with its position instead of stopping at the first.
type decoder struct {
	file   string
	errs   ErrorList
	more   bool                  // problems were dropped after maxErrors
	pos    map[string]*yaml.Node // field path -> value node as written
	bad    map[string]bool       // field paths whose value had the wrong type
	budget int
}

func newDecoder(file string) *decoder {
	return &decoder{file: file, pos: make(map[string]*yaml.Node), bad: make(map[string]bool), budget: nodeBudget}
}

// add records one problem.
func (d *decoder) add(line, col int, field, msg string, err error) {
	if len(d.errs) >= maxErrors {
		d.more = true
		return
	}
	d.errs = append(d.errs, &Error{File: d.file, Line: line, Col: col, Field: field, Msg: msg, Err: err})
}

// at records a problem at a node's position.
func (d *decoder) at(n *yaml.Node, field, msg string) {
	d.add(n.Line, n.Column, field, msg, nil)
}

// wrongType records a value of the wrong type.
func (d *decoder) wrongType(n *yaml.Node, field, msg string) {
	d.bad[field] = true
	d.at(n, field, msg)
}

// result returns the sorted problems, or nil.
func (d *decoder) result() error {
	if len(d.errs) == 0 {
		return nil
	}
	d.errs.sort()
	if d.more {
		d.errs = append(d.errs, &Error{File: d.file, Msg: fmt.Sprintf("too many problems; only the first %d are shown", maxErrors)})
	}
	return d.errs
}

// spend counts one visited node; it reports false once the budget is gone.
func (d *decoder) spend(n *yaml.Node) bool {
	if d.budget <= 0 {
		return false
	}
	d.budget--
	if d.budget == 0 {
		d.at(n, "", "document too complex (too many nodes after alias expansion)")
		return false
	}
	return true
}

// resolve follows an alias to the node it names.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 16; i++ {
		n = n.Alias
	}
	if n == nil || n.Kind == yaml.AliasNode {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null"}
	}
	return n
}

// describe names what a node holds, for "want X, got Y" messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.DocumentNode:
		return "a document"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return "null"
		case "!!int":
			return "integer " + strconv.Quote(n.Value)
		case "!!float":
			return "number " + strconv.Quote(n.Value)
		case "!!bool":
			return "boolean " + strconv.Quote(n.Value)
		case "!!str", "!", "":
			return "string " + strconv.Quote(truncate(n.Value, 40))
		default:
			return n.ShortTag() + " value"
		}
	}
	return "an unknown node"
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

func join(parent, key string) string {
	if parent == "" {
		return key
	}
	return parent + "." + key
}

func index(parent string, i int) string {
	return parent + "[" + strconv.Itoa(i) + "]"
}

// field is one known key of a mapping and what to do with its value.
type field struct {
	name string
	set  func(path string, value *yaml.Node)
}

// mapping decodes a mapping node: each key must be known and appear once.
// A null value counts as an empty mapping (its required fields are reported
// missing by the validator). It reports false when the value is not a mapping.
func (d *decoder) mapping(path string, n *yaml.Node, fields []field) bool {
	r := resolve(n)
	if !d.spend(n) {
		return false
	}
	if isNull(r) {
		return true
	}
	if r.Kind != yaml.MappingNode {
		what := "want a mapping of fields, got " + describe(r)
		if path == "" {
			what = "a campaign file must be a mapping of fields, got " + describe(r)
		}
		d.wrongType(n, path, what)
		return false
	}
	seen := make(map[string]*yaml.Node, len(r.Content)/2)
	for i := 0; i+1 < len(r.Content); i += 2 {
		k, v := resolve(r.Content[i]), r.Content[i+1]
		if !d.spend(k) {
			return true
		}
		if k.Kind != yaml.ScalarNode {
			d.at(r.Content[i], path, "a field name must be a plain string, got "+describe(k))
			continue
		}
		name := k.Value
		fp := join(path, name)
		if k.ShortTag() == "!!merge" {
			d.at(k, path, "merge keys (<<) are not supported; write the fields out")
			continue
		}
		f := lookup(fields, name)
		if f == nil {
			d.at(k, fp, unknownField(name, fields))
			continue
		}
		if first, dup := seen[name]; dup {
			d.at(k, fp, fmt.Sprintf("field given twice (first at line %d)", first.Line))
			continue
		}
		seen[name] = k
		d.pos[fp] = v
		f.set(fp, v)
	}
	return true
}

func lookup(fields []field, name string) *field {
	for i := range fields {
		if fields[i].name == name {
			return &fields[i]
		}
	}
	return nil
}

// unknownField builds the message for an unknown key, suggesting the closest
// known one when it is near.
func unknownField(name string, fields []field) string {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.name
	}
	if s := closest(name, names); s != "" {
		return fmt.Sprintf("unknown field; did you mean %q?", s)
	}
	return "unknown field; known fields are " + strings.Join(names, ", ")
}

// closest returns the candidate nearest to s, or "" when none is close enough
// to be a likely typo.
func closest(s string, candidates []string) string {
	norm := func(x string) string {
		return strings.NewReplacer("-", "_", " ", "_").Replace(strings.ToLower(strings.TrimSpace(x)))
	}
	ns := norm(s)
	best, bestD := "", 1<<30
	for _, c := range candidates {
		nc := norm(c)
		dist := editDistance(ns, nc)
		limit := 2
		if l := len([]rune(nc)); l <= 4 {
			limit = 1
		}
		if dist <= limit && dist < bestD {
			best, bestD = c, dist
		}
	}
	return best
}

// editDistance is the optimal-string-alignment distance (Levenshtein plus
// adjacent transpositions) between a and b, counted in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 || len(rb) > 64 {
		if a == b {
			return 0
		}
		return 1 << 20
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// str decodes a scalar into a string (trimmed). Numbers and booleans are kept
// as written; null leaves the string empty.
func (d *decoder) str(dst *string) func(string, *yaml.Node) {
	return func(path string, n *yaml.Node) {
		if v, ok := d.scalarString(path, n); ok {
			*dst = v
		}
	}
}

func (d *decoder) scalarString(path string, n *yaml.Node) (string, bool) {
	r := resolve(n)
	if !d.spend(n) || isNull(r) {
		return "", false
	}
	if r.Kind == yaml.ScalarNode {
		switch r.ShortTag() {
		case "!!str", "!!int", "!!float", "!!bool", "!!timestamp", "!":
			return strings.TrimSpace(r.Value), true
		}
	}
	d.wrongType(n, path, "want a string, got "+describe(r))
	return "", false
}

// integer decodes an integer scalar; *set reports whether one was given.
func (d *decoder) integer(dst *int, set *bool) func(string, *yaml.Node) {
	return func(path string, n *yaml.Node) {
		r := resolve(n)
		if !d.spend(n) || isNull(r) {
			return
		}
		if r.Kind != yaml.ScalarNode || r.ShortTag() != "!!int" {
			d.wrongType(n, path, "want an integer, got "+describe(r))
			return
		}
		var v int
		if err := r.Decode(&v); err != nil || v < -1_000_000 || v > 1_000_000 {
			d.at(n, path, fmt.Sprintf("integer %s is out of range (-1000000 to 1000000)", r.Value))
			return
		}
		*dst, *set = v, true
	}
}

// boolean decodes true/false.
func (d *decoder) boolean(dst *bool) func(string, *yaml.Node) {
	return func(path string, n *yaml.Node) {
		r := resolve(n)
		if !d.spend(n) || isNull(r) {
			return
		}
		var v bool
		if r.Kind != yaml.ScalarNode || r.ShortTag() != "!!bool" || r.Decode(&v) != nil {
			d.wrongType(n, path, "want true or false, got "+describe(r))
			return
		}
		*dst = v
	}
}

// list decodes a sequence, calling item for each entry. Null is an empty list.
func (d *decoder) list(path string, n *yaml.Node, what string, item func(path string, n *yaml.Node)) {
	r := resolve(n)
	if !d.spend(n) || isNull(r) {
		return
	}
	if r.Kind != yaml.SequenceNode {
		d.wrongType(n, path, "want a list of "+what+", got "+describe(r))
		return
	}
	for i, c := range r.Content {
		ip := index(path, i)
		d.pos[ip] = c
		item(ip, c)
		if d.budget <= 0 {
			return
		}
	}
}

// strList decodes a list of non-empty strings.
func (d *decoder) strList(dst *[]string) func(string, *yaml.Node) {
	return func(path string, n *yaml.Node) {
		d.list(path, n, "strings", func(ip string, c *yaml.Node) {
			v, ok := d.scalarString(ip, c)
			if !ok && isNull(resolve(c)) || ok && v == "" {
				d.at(c, ip, "empty entry")
				return
			}
			if ok {
				*dst = append(*dst, v)
			}
		})
	}
}

// questionSet remembers which optional numbers a question gave explicitly.
type questionSet struct{ min, max bool }

// campaign decodes the root mapping into c; qs gets one entry per question.
// It reports false when the root is not a mapping.
func (d *decoder) campaign(root *yaml.Node, c *Campaign, qs *[]questionSet) bool {
	b, l := &c.Business, &c.Lines
	return d.mapping("", root, []field{
		{"name", d.str(&c.Name)},
		{"business", func(p string, n *yaml.Node) {
			d.mapping(p, n, []field{
				{"display_name", d.str(&b.DisplayName)},
				{"registered_name", d.str(&b.RegisteredName)},
				{"callback_number", d.str(&b.CallbackNumber)},
				{"id", d.str(&b.ID)},
			})
		}},
		{"purpose", d.str(&c.Purpose)},
		{"marketing", d.boolean(&c.Marketing)},
		{"language", d.str(&c.Language)},
		{"disclosure", d.str(&c.Disclosure)},
		{"recording_notice", d.str(&c.RecordingNotice)},
		{"opt_out_instruction", d.str(&c.OptOutInstruction)},
		{"lines", func(p string, n *yaml.Node) {
			d.mapping(p, n, []field{
				{"identity", d.str(&l.Identity)},
				{"ai_answer", d.str(&l.AIAnswer)},
				{"opt_out_confirmation", d.str(&l.OptOutConfirmation)},
				{"refusal_close", d.str(&l.RefusalClose)},
				{"callback_close", d.str(&l.CallbackClose)},
				{"safe_fallback", d.str(&l.SafeFallback)},
				{"closing", d.str(&l.Closing)},
				{"confirm_opt_out", d.str(&l.ConfirmOptOut)},
			})
		}},
		{"approved_facts", d.strList(&c.ApprovedFacts)},
		{"banned_phrases", d.strList(&c.BannedPhrases)},
		{"survey", func(p string, n *yaml.Node) {
			d.list(p, n, "questions", func(ip string, qn *yaml.Node) {
				var q Question
				var set questionSet
				var typ string
				ok := d.mapping(ip, qn, []field{
					{"id", d.str(&q.ID)},
					{"text", d.str(&q.Text)},
					{"type", d.str(&typ)},
					{"min", d.integer(&q.Min, &set.min)},
					{"max", d.integer(&q.Max, &set.max)},
					{"choices", d.strList(&q.Choices)},
					{"reprompt", d.str(&q.Reprompt)},
				})
				if !ok {
					return
				}
				q.Type = AnswerType(typ)
				c.Survey = append(c.Survey, q)
				*qs = append(*qs, set)
			})
		}},
		{"system_prompt", d.str(&c.SystemPrompt)},
		{"voicemail", func(p string, n *yaml.Node) {
			var action string
			d.mapping(p, n, []field{
				{"action", d.str(&action)},
				{"message", d.str(&c.Voicemail.Message)},
			})
			c.Voicemail.Action = VoicemailAction(action)
		}},
		{"guard", d.guard(&c.Guard)},
		{"llm", d.llm(&c.LLM)},
	})
}
