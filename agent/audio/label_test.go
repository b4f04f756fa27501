package audio

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestLabelledWAVRoundTrip(t *testing.T) {
	samples := []int16{0, 1, -1, 32767, -32768, 7}
	for _, tc := range []struct {
		name  string
		label AILabel
		want  AILabel
		text  string // the ICMT text
	}{
		{"en", AILabel{Business: "Brightwater Plumbing LLC", ContentID: "0a1b2c3d"},
			AILabel{Provider: "candor", Business: "Brightwater Plumbing LLC", ContentID: "0a1b2c3d"},
			"AI-generated content (人工智能生成内容); provider: candor; business: Brightwater Plumbing LLC; content id: 0a1b2c3d"},
		{"zh", AILabel{Business: "杭州清泉家政服务有限公司", ContentID: "ffee01"},
			AILabel{Provider: "candor", Business: "杭州清泉家政服务有限公司", ContentID: "ffee01"},
			"AI-generated content (人工智能生成内容); provider: candor; business: 杭州清泉家政服务有限公司; content id: ffee01"},
		{"control characters stripped", AILabel{Provider: "x\x00y", Business: "A\nB\x00", ContentID: " id "},
			AILabel{Provider: "xy", Business: "AB", ContentID: "id"},
			"AI-generated content (人工智能生成内容); provider: xy; business: AB; content id: id"},
		{"no business", AILabel{},
			AILabel{Provider: "candor"},
			"AI-generated content (人工智能生成内容); provider: candor"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := WriteLabelledWAV(&b, 8000, samples, tc.label); err != nil {
				t.Fatal(err)
			}
			raw := b.Bytes()
			if got, want := binary.LittleEndian.Uint32(raw[4:8]), uint32(len(raw)-8); got != want {
				t.Errorf("RIFF size: got %d, want %d", got, want)
			}
			if got := tc.label.Text(); got != tc.text {
				t.Errorf("Text: got %q, want %q", got, tc.text)
			}
			for _, want := range [][]byte{[]byte("LIST"), []byte("INFOISFT"), []byte("ICMT"), []byte(tc.text + "\x00"), []byte(`"Label":"1"`)} {
				if !bytes.Contains(raw, want) {
					t.Errorf("file: got no %q in %q", want, raw)
				}
			}
			p, err := ReadWAV(bytes.NewReader(raw))
			if err != nil || p.Rate != 8000 || !slices.Equal(p.Samples, samples) {
				t.Errorf("ReadWAV: got %v, %v; want %v at 8000 Hz", p, err, samples)
			}
			l, err := ReadWAVLabel(bytes.NewReader(raw))
			if err != nil || l == nil || *l != tc.want {
				t.Errorf("ReadWAVLabel: got %+v, %v; want %+v", l, err, tc.want)
			}
		})
	}
}

func TestReadWAVLabel(t *testing.T) {
	good := AILabel{Business: "B", ContentID: "c"}.chunks()
	for _, tc := range []struct {
		name string
		in   []byte
		want *AILabel
		err  error
	}{
		{"unlabelled", wavSpec{tag: 1, channels: 1, rate: 8000, bits: 16, data: le16(1)}.bytes(), nil, nil},
		{"labelled", wavSpec{tag: 1, channels: 1, rate: 8000, bits: 16, between: good, data: le16(1)}.bytes(),
			&AILabel{Provider: "candor", Business: "B", ContentID: "c"}, nil},
		{"label after data is not read", wavSpec{tag: 1, channels: 1, rate: 8000, bits: 16, data: le16(1), after: good}.bytes(), nil, nil},
		{"malformed label chunk", wavSpec{tag: 1, channels: 1, rate: 8000, bits: 16, between: chunk("AIGC", []byte("{no")), data: le16(1)}.bytes(), nil, nil},
		{"label not AI-generated", wavSpec{tag: 1, channels: 1, rate: 8000, bits: 16, between: chunk("AIGC", []byte(`{"Label":"0"}`)), data: le16(1)}.bytes(), nil, nil},
		{"not a WAV", []byte("not a wav file"), nil, ErrNotWAV},
		{"truncated label chunk", wavSpec{tag: 1, channels: 1, rate: 8000, bits: 16, between: good[:len(good)-3]}.bytes()[:12+24+len(good)-3], nil, ErrNotWAV},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadWAVLabel(bytes.NewReader(tc.in))
			if !errors.Is(err, tc.err) || (err == nil) != (tc.err == nil) {
				t.Fatalf("error: got %v, want %v", err, tc.err)
			}
			if (got == nil) != (tc.want == nil) || (got != nil && *got != *tc.want) {
				t.Errorf("label: got %+v, want %+v", got, tc.want)
			}
			if tc.err == nil {
				if _, err := ReadWAV(bytes.NewReader(tc.in)); err != nil {
					t.Errorf("ReadWAV: got %v, want nil (unknown chunks skipped)", err)
				}
			}
		})
	}
}

func TestLabelledWAVWriter(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rec.wav")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	label := AILabel{Business: "上海示例调研有限公司", ContentID: "abc123"}
	w, err := NewLabelledWAVWriter(f, 8000, label)
	if err != nil {
		t.Fatal(err)
	}
	want := tone(8000, 500, 9000, 800, 0)
	if err := w.Write(want[:400]); err != nil {
		t.Fatal(err)
	}
	// Before Close (a worker killed mid-call) the file is labelled and readable.
	raw, _ := os.ReadFile(path)
	if l, err := ReadWAVLabel(bytes.NewReader(raw)); err != nil || l == nil || l.Business != label.Business {
		t.Errorf("label before Close: got %+v, %v; want business %q", l, err, label.Business)
	}
	if p, err := ReadWAV(bytes.NewReader(raw)); err != nil || len(p.Samples) != 400 {
		t.Errorf("before Close: got %v, %v; want 400 samples", p, err)
	}
	if err := w.Write(want[400:]); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	raw, _ = os.ReadFile(path)
	le := binary.LittleEndian
	if got, want := le.Uint32(raw[4:8]), uint32(len(raw)-8); got != want {
		t.Errorf("RIFF size: got %d, want %d", got, want)
	}
	i := bytes.Index(raw, []byte("data"))
	if got, want := le.Uint32(raw[i+4:i+8]), uint32(1600); got != want {
		t.Errorf("data size: got %d, want %d", got, want)
	}
	// Sizes patched, a chunk after the data does not disturb the reader.
	p, err := ReadWAV(bytes.NewReader(append(raw, chunk("LIST", []byte("ab"))...)))
	if err != nil || !slices.Equal(p.Samples, want) {
		t.Errorf("read back: got %d samples, %v; want %d", len(p.Samples), err, len(want))
	}
	if !strings.Contains(string(raw), "人工智能生成内容") {
		t.Errorf("file: got no Chinese label text")
	}
}

func FuzzReadWAVLabel(f *testing.F) {
	var b bytes.Buffer
	_ = WriteLabelledWAV(&b, 8000, []int16{1, 2}, AILabel{Business: "B", ContentID: "c"})
	f.Add(b.Bytes())
	f.Add(wavSpec{tag: 1, channels: 1, rate: 8000, bits: 16, between: chunk("AIGC", []byte(`{"Label":"1"}`)), data: le16(1)}.bytes())
	f.Add([]byte("RIFF\x00\x00\x00\x00WAVEAIGC\xff\xff\xff\xff"))
	f.Fuzz(func(t *testing.T, in []byte) {
		l, err := ReadWAVLabel(bytes.NewReader(in))
		if err != nil {
			if l != nil {
				t.Fatalf("got label %+v with error %v, want nil", l, err)
			}
			if !errors.Is(err, ErrNotWAV) {
				t.Fatalf("got error %v, want ErrNotWAV", err)
			}
			return
		}
		if l != nil {
			// A label read back writes and reads back the same.
			var b bytes.Buffer
			if err := WriteLabelledWAV(&b, 8000, nil, *l); err != nil {
				t.Fatal(err)
			}
			m, err := ReadWAVLabel(&b)
			if err != nil || m == nil || *m != l.clean() {
				t.Fatalf("rewrite: got %+v, %v; want %+v", m, err, l.clean())
			}
		}
	})
}
