package guardrails

import "testing"

func TestRailLifts(t *testing.T) {
	r := NewRail(Policy{})
	tests := []struct {
		text string
		want Verdict
	}{
		{"Compared with your previous visit, was this one better, the same, or worse?", Allow},
		{"Is this still the best number to reach you?", Allow},
		{"和上次来比，这次是更好、差不多还是更差？", Allow},
		{"跟您确认一下，这个号码还是联系您最好的方式吗？", Allow},
		{"Hi, I'm an automated assistant calling on behalf of Brightside Dental.", Allow},
		{"您现在是在和一个AI语音助手通话，我代表绿野保险打来的。", Allow},
		{"our records show you visited on tuesday the twelfth is that right", Allow},
		{"我们记录显示您上次来是八月十四号。", Allow},
		{"You can say stop at any time and I'll end the call.", Allow},
		{"您随时说停止，我就结束通话。", Allow},
		{"如果有人冒充我们让您付款，请直接挂断。", Allow},
		{"I'm calling about the plumbing job at your home last Friday.", Allow},
		{"I'll ask you four quick questions and then let you go.", Allow},
		{"您下周二上午十一点的预约还保留着。", Allow},
		// the caller's own side, a rhetorical question, an institution: still blocked
		{"Did you know we are the best plumber in town?", Block},
		{"Did you know this is the best rated plumber in the city?", Block},
		{"您觉得我们是不是全市最好的？", Block},
		{"I'm an automated assistant calling on behalf of your bank.", Block},
		{"I'm an automated assistant calling on behalf of Visa.", Block},
		{"我是AI助手，代表工商银行给您打电话。", Block},
		{"我不是AI，我代表绿野保险打来的。", Block},
	}
	for _, tt := range tests {
		if d := r.Check(tt.text); d.Verdict != tt.want {
			t.Errorf("Check(%q) = %s/%s (%s), want %s", tt.text, d.Verdict, d.Category, d.Rule, tt.want)
		}
	}
}

func TestRailNonCompliance(t *testing.T) {
	r := NewRail(Policy{})
	tests := []struct {
		text string
		want Verdict
	}{
		{"Declining this could affect future appointments with us.", Block},
		{"If you don't answer, your booking will be released.", Block},
		{"Failing to reply may delay any repairs on your property.", Block},
		{"如果您不回答，您的服务可能会被停掉。", Block},
		{"Skipping the survey will not affect your account in any way.", Allow},
		{"If you don't want to answer, that's completely fine.", Allow},
		{"Without any obligation, could you rate the visit from one to five?", Allow},
		{"If you don't have time now, we can call back later.", Allow},
		{"不配合的话会影响您以后的预约。", Block},
		{"如果您不想回答也没关系。", Allow},
		{"不回答不会影响您的任何服务。", Allow},
	}
	for _, tt := range tests {
		if d := r.Check(tt.text); d.Verdict != tt.want {
			t.Errorf("Check(%q) = %s/%s (%s), want %s", tt.text, d.Verdict, d.Category, d.Rule, tt.want)
		}
	}
}
