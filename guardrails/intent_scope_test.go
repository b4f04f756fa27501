package guardrails

import "testing"

func TestIntentScopeReadings(t *testing.T) {
	tests := []struct {
		text   string
		want   Intent
		strong bool // the verdict ends the call at once
	}{
		// future contact in any words
		{"can you not ring this house again", IntentOptOut, false},
		{"make sure nobody from your office phones me again", IntentOptOut, true},
		{"no more calls to this number please", IntentOptOut, true},
		{"i'd like to be on your do not call list", IntentOptOut, false},
		{"just take my number off your system", IntentOptOut, true},
		{"以后永远不要联系我", IntentOptOut, true},
		{"别每天都打来了", IntentOptOut, true},
		{"把我从名单里移出", IntentOptOut, true},
		{"删掉吧", IntentOptOut, false},
		{"i'd prefer you didn't phone me again", IntentOptOut, false},
		{"i never want to hear from your company again", IntentOptOut, false},
		// stories, quotes, other people's requests, habits and things: no ending
		{"i wouldn't call it perfect but it was fine", IntentNone, false},
		{"the receptionist on the desk that day said not interested to everyone", IntentNone, false},
		{"i'm busy most weeks so the evening slot helped", IntentNone, false},
		{"the staff were polite but busy", IntentNone, false},
		{"线还挂在外面没收好", IntentNone, false},
		{"上次他们一个小时就打回来了", IntentNone, false},
		{"手机一直显示稍后再试", IntentNone, false},
		{"下次还会再来的", IntentNone, false},
		{"我刚刚在开会，现在方便了，您问吧", IntentNone, false},
		{"我刚才说了，现在不方便", IntentCallback, false},
		{"i took them off my list of favourites", IntentNone, false},
		{"honestly i was too busy to complain, it was great", IntentNone, false},
		{"sorry i'm too busy to talk right now", IntentCallback, false},
		{"a four, the office was slow to ring back", IntentNone, false},
		{"can you call back tomorrow", IntentCallback, false},
		{"改天我再推荐给朋友", IntentNone, false},
		// a time then a call or a talk is still a callback
		{"明天再打吧", IntentCallback, false},
		{"改天再聊", IntentCallback, false},
		{"等会再打给我", IntentCallback, false},
	}
	for _, tt := range tests {
		got := ClassifyResult(tt.text, "")
		if got.Intent != tt.want || tt.want != IntentNone && tt.strong && got.Weak {
			t.Errorf("ClassifyResult(%q) = %s weak=%v, want %s strong=%v", tt.text, got.Intent, got.Weak, tt.want, tt.strong)
		}
	}
}

func TestIntentReportedRequestsNotStrong(t *testing.T) {
	// a request made to someone else never ends this call at once
	for _, text := range []string{
		"我跟之前那家说过别再打了，不过你们可以问。",
		"我爸让他们别再打来了，但我可以回答。",
		"i told my old provider to take me off their list but go ahead",
	} {
		if got := ClassifyResult(text, ""); got.Intent != IntentNone && !got.Weak {
			t.Errorf("ClassifyResult(%q) = %s weak=%v, want none or weak", text, got.Intent, got.Weak)
		}
	}
	// ...while a request to the caller beside it still does
	if got := ClassifyResult("我跟店里说过别打给我，你们就别打了。", ""); got.Intent != IntentOptOut {
		t.Errorf("got %s, want opt_out", got.Intent)
	}
}
