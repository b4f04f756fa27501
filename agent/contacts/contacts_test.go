package contacts

import (
	"bytes"
	"errors"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"candor/agent/phone"
)

type badWant struct {
	line int
	err  error
	msg  string // substring of the error text ("" for any)
	raw  string // exact Raw ("" to skip the check)
}

func TestParse(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		region   string
		wantGood []Contact
		wantBad  []badWant
	}{
		{
			name:     "phone column only",
			in:       "phone\n(415) 555-0134\n",
			region:   "US",
			wantGood: []Contact{{Line: 2, Phone: "+14155550134"}},
		},
		{
			name:   "aliases, case and spacing in the header",
			in:     " Tel ,NAME,TZ,Consent\n+1 212 240 1850, Ada Byron ,America/New_York,cr-1\n",
			region: "",
			wantGood: []Contact{{Line: 2, Phone: "+12122401850", Name: "Ada Byron",
				TimeZone: "America/New_York", ConsentRef: "cr-1"}},
		},
		{
			name:   "other columns go to Fields under normalised names",
			in:     "Phone Number,Persona,Account-ID,\n2065550107,asks_if_robot,A-9,\n",
			region: "US",
			wantGood: []Contact{{Line: 2, Phone: "+12065550107",
				Fields: map[string]string{"persona": "asks_if_robot", "account_id": "A-9", "column_4": ""}}},
		},
		{
			name: "quoted fields with commas, quotes and line breaks keep physical line numbers",
			in: "name,phone,note\n" +
				"\"Reyes, Dana\",3125550104,\"says \"\"hi\"\"\"\n" +
				"Bo,3125550105,\"two\nline\nnote\"\n" +
				"Cy,3125550106,x\n",
			region: "US",
			wantGood: []Contact{
				{Line: 2, Phone: "+13125550104", Name: "Reyes, Dana", Fields: map[string]string{"note": `says "hi"`}},
				{Line: 3, Phone: "+13125550105", Name: "Bo", Fields: map[string]string{"note": "two\nline\nnote"}},
				{Line: 6, Phone: "+13125550106", Name: "Cy", Fields: map[string]string{"note": "x"}},
			},
		},
		{
			name:     "wrong column counts are bad rows, not fatal",
			in:       "phone,name\n4155550101,A\n4155550102\n4155550103,C,extra\n4155550104,D\n",
			region:   "US",
			wantGood: []Contact{{Line: 2, Phone: "+14155550101", Name: "A"}, {Line: 5, Phone: "+14155550104", Name: "D"}},
			wantBad: []badWant{
				{line: 3, err: ErrColumnCount, msg: "got 1, want 2", raw: "4155550102"},
				{line: 4, err: ErrColumnCount, msg: "got 3, want 2", raw: "4155550103,C,extra"},
			},
		},
		{
			name:     "duplicates in another format name the first line",
			in:       "phone\n+1 415 555 0134\n\n(415) 555-0134\n",
			region:   "US",
			wantGood: []Contact{{Line: 2, Phone: "+14155550134"}},
			wantBad:  []badWant{{line: 4, err: ErrDuplicate, msg: "duplicate of line 2", raw: "(415) 555-0134"}},
		},
		{
			name:     "bad numbers and empty numbers",
			in:       "phone,name\nnot a number,A\n,B\n555-01,C\n+86 138 1234 5678,D\n",
			region:   "US",
			wantGood: []Contact{{Line: 5, Phone: "+8613812345678", Name: "D"}},
			wantBad: []badWant{
				{line: 2, err: phone.ErrInvalid},
				{line: 3, err: phone.ErrEmpty},
				{line: 4, err: ErrPhone},
			},
		},
		{
			name:     "unknown and server-local time zones",
			in:       "phone,tz\n4155550101,Mars/Olympus\n4155550102,Local\n4155550103,\n4155550104,UTC\n",
			region:   "US",
			wantGood: []Contact{{Line: 4, Phone: "+14155550103"}, {Line: 5, Phone: "+14155550104", TimeZone: "UTC"}},
			wantBad:  []badWant{{line: 2, err: ErrTimeZone, msg: "Mars/Olympus"}, {line: 3, err: ErrTimeZone}},
		},
		{
			name:     "semicolon delimiter",
			in:       "name;phone\nDe Wit, Jan;+31 20 794 0000\n",
			region:   "",
			wantGood: []Contact{{Line: 2, Phone: "+31207940000", Name: "De Wit, Jan"}},
		},
		{
			name:     "tab delimiter",
			in:       "phone\tname\n+44 20 7946 0000\tAda\n",
			wantGood: []Contact{{Line: 2, Phone: "+442079460000", Name: "Ada"}},
		},
		{
			name:     "a bare quote is a syntax error on its own line",
			in:       "phone,name\n4155550101,O\"Neil\n4155550102,Ok\n",
			region:   "US",
			wantGood: []Contact{{Line: 3, Phone: "+14155550102", Name: "Ok"}},
			wantBad:  []badWant{{line: 2, err: ErrSyntax, raw: "4155550101,O\"Neil"}},
		},
		{
			name:     "an unterminated quote is reported where it starts and swallows nothing",
			in:       "phone,name\n4155550101,\"Ann\n4155550102,Bo\n",
			region:   "US",
			wantGood: []Contact{{Line: 3, Phone: "+14155550102", Name: "Bo"}},
			wantBad:  []badWant{{line: 2, err: ErrQuote, msg: "line 2, column 12", raw: "4155550101,\"Ann"}},
		},
		{
			name:     "a quote closed lines later does not swallow the rows between",
			in:       "phone,name\n4155550101,\"Ann\n4155550102,Bo\n4155550103,Cy\"\n4155550104,Di\n",
			region:   "US",
			wantGood: []Contact{{Line: 3, Phone: "+14155550102", Name: "Bo"}, {Line: 5, Phone: "+14155550104", Name: "Di"}},
			wantBad:  []badWant{{line: 2, err: ErrQuote, msg: "line 2, column 12"}, {line: 4, err: ErrSyntax, raw: "4155550103,Cy\""}},
		},
		{
			name:     "semicolons, CRLF and a quote in the middle column",
			in:       "name;phone;note\r\nAnn;\"4155550101;x\r\nBo;(415) 555-0102;y\r\n",
			region:   "US",
			wantGood: []Contact{{Line: 3, Phone: "+14155550102", Name: "Bo", Fields: map[string]string{"note": "y"}}},
			wantBad:  []badWant{{line: 2, err: ErrQuote, msg: "line 2, column 5", raw: "Ann;\"4155550101;x"}},
		},
		{
			name:     "blank and whitespace-only rows are skipped, even before the header",
			in:       "\n\n  \nphone,name\n,\n\n4155550101,A\n , \n",
			region:   "US",
			wantGood: []Contact{{Line: 7, Phone: "+14155550101", Name: "A"}},
		},
		{
			name: "BOM, CRLF, blank lines and bad numbers together",
			in: "\uFEFFName,Phone,Time Zone,Consent_Ref,Persona\r\n" +
				"Avery,+1 212 555 0101,America/New_York,c1,cooperative\r\n" +
				"\r\n" +
				"Bruno,12345,America/New_York,c2,refuses\r\n" +
				"Carmen,(646) 555-0103,America/New_York,c3,cooperative\r\n" +
				"\r\n" +
				"\r\n" +
				"Dana,+1 312 555 0104,America/Chicago,c4,cooperative\r\n" +
				"Eli,call me,America/Chicago,c5,cooperative\r\n" +
				"Fay,+1 808 555 0109,Pacific/Honolulu,,adversarial\r\n" +
				"Gus,212-555-0101,America/New_York,c7,cooperative\r\n",
			region: "US",
			wantGood: []Contact{
				{Line: 2, Phone: "+12125550101", Name: "Avery", TimeZone: "America/New_York", ConsentRef: "c1", Fields: map[string]string{"persona": "cooperative"}},
				{Line: 5, Phone: "+16465550103", Name: "Carmen", TimeZone: "America/New_York", ConsentRef: "c3", Fields: map[string]string{"persona": "cooperative"}},
				{Line: 8, Phone: "+13125550104", Name: "Dana", TimeZone: "America/Chicago", ConsentRef: "c4", Fields: map[string]string{"persona": "cooperative"}},
				{Line: 10, Phone: "+18085550109", Name: "Fay", TimeZone: "Pacific/Honolulu", Fields: map[string]string{"persona": "adversarial"}},
			},
			wantBad: []badWant{
				{line: 4, err: ErrPhone, raw: "Bruno,12345,America/New_York,c2,refuses"},
				{line: 9, err: phone.ErrCharacters, raw: "Eli,call me,America/Chicago,c5,cooperative"},
				{line: 11, err: ErrDuplicate, msg: "duplicate of line 2"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Parse(strings.NewReader(tt.in), tt.region)
			if err != nil {
				t.Fatalf("Parse: got error %v, want nil", err)
			}
			if !reflect.DeepEqual(res.Contacts, tt.wantGood) {
				t.Errorf("contacts:\n got %+v\nwant %+v", res.Contacts, tt.wantGood)
			}
			if len(res.Bad) != len(tt.wantBad) {
				t.Fatalf("got %d bad rows %+v, want %d", len(res.Bad), res.Bad, len(tt.wantBad))
			}
			for i, w := range tt.wantBad {
				b := res.Bad[i]
				if b.Line != w.line {
					t.Errorf("bad row %d: got line %d, want %d (%v)", i, b.Line, w.line, b.Err)
				}
				if !errors.Is(b.Err, w.err) {
					t.Errorf("bad row %d: got error %v, want one wrapping %v", i, b.Err, w.err)
				}
				if w.msg != "" && (b.Err == nil || !strings.Contains(b.Err.Error(), w.msg)) {
					t.Errorf("bad row %d: got error %v, want it to contain %q", i, b.Err, w.msg)
				}
				if w.raw != "" && b.Raw != w.raw {
					t.Errorf("bad row %d: got raw %q, want %q", i, b.Raw, w.raw)
				}
			}
		})
	}
}

func TestParseFatal(t *testing.T) {
	tests := []struct {
		name, in, region string
		want             error
		msg              string
		notMsg           string
	}{
		{name: "empty", in: "", region: "US", want: ErrNoHeader},
		{name: "only blank lines", in: "\r\n\n\n", region: "US", want: ErrNoHeader},
		{name: "only a BOM", in: "\uFEFF", region: "US", want: ErrNoHeader},
		{name: "no phone column", in: "name,mobile\nAda,4155550101\n", region: "US", want: ErrNoPhoneColumn, msg: `"name,mobile"`},
		{name: "no header: first row is data and is not echoed", in: "Ada,4155550101\n", region: "US",
			want: ErrNoPhoneColumn, notMsg: "4155550101"},
		{name: "two phone columns", in: "phone,tel\n1,2\n", region: "US", want: ErrDuplicateColumn, msg: "phone"},
		{name: "same column twice", in: "phone,note,Note\n", region: "US", want: ErrDuplicateColumn, msg: "note"},
		{name: "bad default region", in: "phone\n4155550101\n", region: "XX", want: phone.ErrRegion},
		{name: "header with a syntax error", in: "phone,\"name\n", region: "US", want: ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Parse(strings.NewReader(tt.in), tt.region)
			if !errors.Is(err, tt.want) || res != nil {
				t.Fatalf("Parse: got (%v, %v), want (nil, %v)", res, err, tt.want)
			}
			if tt.msg != "" && !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("got error %q, want it to contain %q", err, tt.msg)
			}
			if tt.notMsg != "" && strings.Contains(err.Error(), tt.notMsg) {
				t.Errorf("got error %q, want it not to contain %q", err, tt.notMsg)
			}
		})
	}
}

func TestParseTooLarge(t *testing.T) {
	defer func(old int) { inputLimit = old }(inputLimit)
	inputLimit = 1 << 10
	big := strings.NewReader("phone\n" + strings.Repeat("4155550101\n", inputLimit/11+1))
	if _, err := Parse(big, "US"); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("got %v, want ErrTooLarge", err)
	}
}

func TestRawIsCut(t *testing.T) {
	in := "phone,note\n4155550101,\"" + strings.Repeat("é", 400) + "\n"
	res, err := Parse(strings.NewReader(in), "US")
	if err != nil || len(res.Bad) != 1 {
		t.Fatalf("got (%v, %v), want one bad row", res, err)
	}
	if raw := res.Bad[0].Raw; len(raw) > maxRaw+3 || !strings.HasSuffix(raw, "é...") {
		t.Errorf("got raw of %d bytes ending %q, want at most %d bytes ending in a whole character and ...", len(raw), raw[len(raw)-5:], maxRaw+3)
	}
}

func TestDemoCSV(t *testing.T) {
	res, err := Parse(bytes.NewReader(DemoCSV), "US")
	if err != nil {
		t.Fatalf("Parse(DemoCSV): %v", err)
	}
	if len(res.Bad) != 0 {
		t.Errorf("got bad rows %+v, want none", res.Bad)
	}
	if len(res.Contacts) != 24 {
		t.Errorf("got %d contacts, want 24", len(res.Contacts))
	}
	personas := map[string]int{}
	zones := map[string]bool{}
	var preOpted int
	for _, c := range res.Contacts {
		personas[c.Fields["persona"]]++
		zones[c.TimeZone] = true
		if c.Name == DemoPreOptedName {
			preOpted++
		}
		if !strings.HasPrefix(c.Phone[5:], "5550") {
			t.Errorf("%s: got %s, want a 555-01xx number", c.Name, phone.Mask(c.Phone))
		}
		if tz := phone.TimeZones(c.Phone); len(tz) != 1 || tz[0] != c.TimeZone {
			t.Errorf("%s: stated zone %q, the number's zones are %q", c.Name, c.TimeZone, tz)
		}
		if c.ConsentRef == "" {
			t.Errorf("%s: got no consent_ref, want one", c.Name)
		}
	}
	if preOpted != 1 {
		t.Errorf("got %d contacts named %q, want 1", preOpted, DemoPreOptedName)
	}
	for _, p := range []string{"refuses", "opts_out_mid_survey", "asks_if_robot", "asks_identity",
		"asks_callback", "adversarial", "opts_out_during_disclosure"} {
		if personas[p] != 1 {
			t.Errorf("persona %q: got %d contacts, want 1", p, personas[p])
		}
	}
	if personas["cooperative"] < 12 {
		t.Errorf("got %d cooperative contacts, want most of them", personas["cooperative"])
	}
	if got := len(personas); got != 8 {
		t.Errorf("got personas %v, want exactly 8 kinds", slices.Sorted(maps.Keys(personas)))
	}
	for _, z := range []string{"America/New_York", "America/Chicago", "America/Los_Angeles", "Pacific/Honolulu", "America/Phoenix"} {
		if !zones[z] {
			t.Errorf("no contact in %s, want at least one", z)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add("phone,name\n4155550101,A\n", "US")
	f.Add("\uFEFFName,Phone,TZ\r\nA,+1 212 555 0101,America/New_York\r\n\r\nB,12,UTC\r\n", "US")
	f.Add("tel;consent\n+86 138 1234 5678;x\n", "")
	f.Add("phone,\"note\nx\",y\n\"4155550101\",\"a\"\"b\",c\n", "GB")
	f.Add("phone\n\"unterminated\n", "CN")
	f.Add("a,b\n1,2\n", "US")
	f.Add(string(DemoCSV), "US")
	f.Fuzz(func(t *testing.T, in, region string) {
		res, err := Parse(strings.NewReader(in), region)
		if err != nil {
			if res != nil {
				t.Fatalf("got a result with error %v", err)
			}
			return
		}
		lines := strings.Count(in, "\n") + 1
		seen := map[string]bool{}
		last := 0
		for _, c := range res.Contacts {
			if c.Line < 2 || c.Line > lines || c.Line <= last {
				t.Fatalf("contact line %d: want increasing lines in 2..%d after %d", c.Line, lines, last)
			}
			last = c.Line
			if again, err := phone.Normalize(c.Phone, ""); err != nil || again != c.Phone {
				t.Fatalf("contact phone %q is not E.164: %v", c.Phone, err)
			}
			if seen[c.Phone] {
				t.Fatalf("number %q imported twice", c.Phone)
			}
			seen[c.Phone] = true
		}
		for _, b := range res.Bad {
			if b.Err == nil || b.Line < 1 || b.Line > lines {
				t.Fatalf("bad row %+v: want an error and a line in 1..%d", b, lines)
			}
		}
	})
}

func BenchmarkParseDemo(b *testing.B) {
	b.SetBytes(int64(len(DemoCSV)))
	for b.Loop() {
		if _, err := Parse(bytes.NewReader(DemoCSV), "US"); err != nil {
			b.Fatal(err)
		}
	}
}
