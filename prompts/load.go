package prompts

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// MaxFileSize is the largest campaign file accepted (1 MiB).
const MaxFileSize = 1 << 20

// Read reads and validates one campaign file from r (at most MaxFileSize
// bytes are read); name is the file name used in error messages and in
// Source, as in Parse. Problems in the file are returned as an ErrorList;
// I/O errors are wrapped. Opening the file is the caller's: prompts does no
// file I/O of its own.
func Read(name string, r io.Reader) (*Campaign, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("load campaign %s: %w", name, err)
	}
	return Parse(name, data)
}

// LoadFS reads and validates the campaign file name of fsys.
func LoadFS(fsys fs.FS, name string) (*Campaign, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("load campaign: %w", err)
	}
	defer f.Close()
	return Read(name, f)
}

// IsExample reports whether name is one of Examples() exactly.
func IsExample(name string) bool { return slices.Contains(Examples(), name) }

// NotFound is the error for an argument that is neither an embedded example
// nor an existing file; it wraps ErrNotFound and lists the examples.
func NotFound(nameOrPath string) error {
	return fmt.Errorf("%w: %q (embedded examples: %s)", ErrNotFound, nameOrPath, strings.Join(Examples(), ", "))
}

// ResolveFS loads an embedded example when nameOrPath is one of Examples(),
// and the file nameOrPath of fsys otherwise.
func ResolveFS(fsys fs.FS, nameOrPath string) (*Campaign, error) {
	if IsExample(nameOrPath) {
		return Example(nameOrPath)
	}
	if _, err := fs.Stat(fsys, nameOrPath); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, NotFound(nameOrPath)
		}
		return nil, fmt.Errorf("resolve campaign: %w", err)
	}
	return LoadFS(fsys, nameOrPath)
}

// Parse decodes and validates a campaign file; name is the file name used in
// error messages and, without its extension, the default campaign name. It
// returns every problem found, as an ErrorList sorted by position.
func Parse(name string, data []byte) (*Campaign, error) {
	file := name
	if file == "" {
		file = "campaign"
	}
	d := newDecoder(file)
	switch {
	case len(data) > MaxFileSize:
		d.add(0, 0, "", fmt.Sprintf("file is larger than the %d-byte (1 MiB) limit", MaxFileSize), ErrTooLarge)
		return nil, d.result()
	case len(bytes.TrimSpace(data)) == 0:
		d.add(0, 0, "", "file is empty", nil)
		return nil, d.result()
	}
	if line, col, msg := checkText(data); msg != "" {
		d.add(line, col, "", msg, nil)
		return nil, d.result()
	}
	root := d.yaml(data)
	if root == nil {
		return nil, d.result()
	}
	d.pos[""] = root
	c := &Campaign{Source: name}
	var qs []questionSet
	if !d.campaign(root, c, &qs) || d.budget <= 0 {
		return nil, d.result()
	}
	d.validate(c, qs)
	if err := d.result(); err != nil {
		return nil, err
	}
	if c.Name == "" {
		c.Name = strings.TrimSuffix(path.Base(file), path.Ext(file))
	}
	return c, nil
}

// checkText finds the first byte that is not valid UTF-8 or a character YAML
// forbids, returning its 1-based line and column and a message.
func checkText(data []byte) (line, col int, msg string) {
	line, col = 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return line, col, fmt.Sprintf("file is not valid UTF-8 (byte 0x%02X); save it as UTF-8", data[i])
		case r == '\n' || r == '\r':
			if r == '\r' && i+1 < len(data) && data[i+1] == '\n' {
				i++
			}
			line, col = line+1, 1
			i++
			continue
		case r == '\t', r >= 0x20 && r <= 0x7E, r == 0x85, r >= 0xA0 && r <= 0xD7FF,
			r >= 0xE000 && r <= 0xFFFD, r >= 0x10000 && r <= 0x10FFFF:
		default:
			return line, col, fmt.Sprintf("control character %U is not allowed in YAML", r)
		}
		col++
		i += size
	}
	return 0, 0, ""
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlError records a syntax error reported by the YAML parser.
func (d *decoder) yamlError(err error) {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		if line, perr := strconv.Atoi(m[1]); perr == nil && line > 0 {
			d.add(line, 0, "", "invalid YAML: "+m[2], nil)
			return
		}
	}
	d.add(0, 0, "", "invalid YAML: "+strings.TrimPrefix(msg, "yaml: "), nil)
}

// yaml parses the single YAML document of data and returns its root node, or
// nil after recording why it could not.
func (d *decoder) yaml(data []byte) (root *yaml.Node) {
	defer func() {
		if r := recover(); r != nil {
			d.add(0, 0, "", fmt.Sprintf("invalid YAML: parser failed: %v", r), nil)
			root = nil
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			d.add(0, 0, "", "file is empty (no YAML content)", nil)
		} else {
			d.yamlError(err)
		}
		return nil
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case err == nil:
		n := &extra
		if len(extra.Content) > 0 {
			n = extra.Content[0]
		}
		line := max(n.Line, 1)
		d.add(line, n.Column, "", "a campaign file holds one YAML document; found a second one", nil)
	case !errors.Is(err, io.EOF):
		d.yamlError(err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		d.add(0, 0, "", "file is empty (no YAML content)", nil)
		return nil
	}
	return doc.Content[0]
}
