package prompts

import (
	"errors"
	"testing"

	"candor/guardrails"
)

func TestVoicemailPolicy(t *testing.T) {
	const msg = "This is an automated AI assistant for Acme Heating, Acme Heating Co. Please call +1 212 555 0199. To opt out, say stop calling when we call."
	tests := []struct {
		name       string
		add        string
		wantAction VoicemailAction
		wantMsg    string
		wantErr    error // sentinel, or errAny for any ErrorList
	}{
		{"absent: hang up", "", VoicemailHangUp, "", nil},
		{"null: hang up", "voicemail:\n", VoicemailHangUp, "", nil},
		{"hang_up explicit", "voicemail:\n  action: hang_up\n", VoicemailHangUp, "", nil},
		{"leave with message", "voicemail:\n  action: leave\n  message: " + msg + "\n", VoicemailLeave, msg, nil},
		{"hang_up with a checked message", "voicemail:\n  action: hang_up\n  message: Hello from Acme Heating.\n", "", "", guardrails.ErrDisclosureNoAI},
		{"action missing", "voicemail:\n  message: " + msg + "\n", "", "", errAny},
		{"not a mapping", "voicemail: leave\n", "", "", errAny},
		{"press 9 counts as opt-out", "voicemail:\n  action: leave\n  message: An AI assistant for Acme Heating. Call +1 212 555 0199 or press 9 when we call.\n", VoicemailLeave, "", nil},
		{"no opt-out", "voicemail:\n  action: leave\n  message: An AI assistant for Acme Heating. Call +1 212 555 0199.\n", "", "", ErrVoicemailNoOptOut},
	}
	base := readMinimal(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse("v.yaml", []byte(base+tc.add))
			if tc.wantErr != nil {
				if err == nil {
					t.Fatalf("got no error, want %v", tc.wantErr)
				}
				if tc.wantErr != errAny && !errors.Is(err, tc.wantErr) {
					t.Fatalf("got %v, want %v", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			if c.Voicemail.Action != tc.wantAction {
				t.Errorf("got action %q, want %q", c.Voicemail.Action, tc.wantAction)
			}
			if tc.wantMsg != "" && c.Voicemail.Message != tc.wantMsg {
				t.Errorf("got message %q, want %q", c.Voicemail.Message, tc.wantMsg)
			}
		})
	}
}

var errAny = errors.New("any error")

func TestHasOptOutInstruction(t *testing.T) {
	tests := []struct {
		text, lang string
		want       bool
	}{
		{"Say stop calling at any time.", "en", true},
		{"If you don’t want these calls, tell us.", "en", true},
		{"Press  9 to opt out.", "en", true},
		{"Please call us back.", "en", false},
		{"请说“不要再打了”或按9。", "zh", true},
		{"如需联系我们，请回电。", "zh", false},
		{"不要再打了", "en", false},
	}
	for _, tc := range tests {
		if got := HasOptOutInstruction(tc.text, tc.lang); got != tc.want {
			t.Errorf("HasOptOutInstruction(%q, %q): got %v, want %v", tc.text, tc.lang, got, tc.want)
		}
	}
}

func TestExamplesVoicemail(t *testing.T) {
	for _, name := range Examples() {
		c, err := Example(name)
		if err != nil {
			t.Fatal(err)
		}
		if c.Voicemail.Action != VoicemailLeave || c.Voicemail.Message == "" {
			t.Errorf("%s: got voicemail %+v, want action leave with a message", name, c.Voicemail)
		}
	}
}
