package guardrails

import "testing"

func TestAckAllowed(t *testing.T) {
	tests := []struct {
		text, lang string
		want       bool
	}{
		{"Thank you.", "en", true},
		{"Got it, thanks for sharing that.", "en", true},
		{"Sorry to hear that.", "en", true},
		{"Okay, that makes sense.", "en", true},
		{"好的，谢谢您。", "zh", true},
		{"明白了，感谢您的反馈。", "zh", true},
		{"謝謝您的寶貴意見。", "zh", true},
		{"", "en", false},
		{"Thank you! Sarah here from the service desk.", "en", false},
		{"I'm a real person, thanks.", "en", false},
		{"Thanks, I promise a refund.", "en", false},
		{"Thanks, we will definitely fix it.", "en", false},
		{"Thank you so much, you have won.", "en", false},
		{"Thanks, 90% of customers agree.", "en", false},
		{"Thanks, can I ask your name?", "en", false},
		{"Thank you. Thank you.", "en", false},
		{"Thank you thank you thank you thank you thank you so very much.", "en", false},
		{"Thank you.", "zh", false},
		{"谢谢。", "en", false},
		{"好的，我是真人。", "zh", false},
		{"谢谢，我们保证退款。", "zh", false},
		{"谢谢，今天必须决定。", "zh", false},
		{"我明白了。", "zh", false},
	}
	for _, tt := range tests {
		got, why := AckAllowed(tt.text, tt.lang)
		if got != tt.want {
			t.Errorf("AckAllowed(%q, %s) = %v (%s), want %v", tt.text, tt.lang, got, why, tt.want)
		}
	}
}

// Every acknowledgement the strict profile lets through also passes the
// full rail: the profile only narrows it.
func TestAckAllowedPassesRail(t *testing.T) {
	r := NewRail(Policy{Business: "Northside Dental"})
	for _, s := range []string{"Thank you.", "Got it, thanks for sharing that.", "Understood, thank you for the feedback.",
		"好的，谢谢您。", "明白了，感谢您的反馈。", "收到，谢谢您的宝贵意见。"} {
		lang := "en"
		if hasHan(s) {
			lang = "zh"
		}
		if ok, why := AckAllowed(s, lang); !ok {
			t.Errorf("AckAllowed(%q) = false (%s), want true", s, why)
		}
		if d := r.Check(s); d.Verdict != Allow {
			t.Errorf("rail on %q = %v %s, want allow", s, d.Verdict, d.Category)
		}
	}
}

func FuzzAckAllowed(f *testing.F) {
	for _, s := range []string{"Thank you.", "好的，谢谢您。", "I'm human, thanks", "谢谢？", "\xff"} {
		f.Add(s, "en")
		f.Add(s, "zh")
	}
	f.Fuzz(func(t *testing.T, s, lang string) {
		ok, why := AckAllowed(s, lang)
		if ok && why != "" || !ok && why == "" {
			t.Fatalf("AckAllowed(%q) = %v with reason %q", s, ok, why)
		}
	})
}
