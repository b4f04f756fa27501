package guardrails

import "testing"

func TestRailScopeLifts(t *testing.T) {
	r := NewRail(Policy{})
	tests := []struct {
		text string
		want Verdict
	}{
		// read back, asked about, a refused statement
		{"You mentioned the installer told you it was the fastest service in town.", Allow},
		{"Did the installer guarantee a fixed date?", Allow},
		{"Has anyone promised you a refund by Friday?", Allow},
		{"您刚才说销售告诉您这是全市最便宜的。", Allow},
		{"您有没有觉得必须马上签字？", Allow},
		{"I can't tell you how much you will save on your bill.", Allow},
		{"我没法说哪家的价格最低。", Allow},
		// harms that are the callee's case, their report, the opt-out
		{"If your water is shut off for any reason, please call the emergency line.", Allow},
		{"我会转告主管您被多收了费用。", Allow},
		{"If you want to stop these calls, just say so.", Allow},
		// the survey's length, a purpose clause
		{"这次调查大约三分钟。", Allow},
		{"通话可能会录音，以确保服务质量。", Allow},
		{"As promised, this takes two minutes.", Allow},
		{"Was anything promised to you that wasn't delivered?", Allow},
		{"有没有人向您承诺过什么但没有做到？", Allow},
		{"Our records show the technician visited on the 4th.", Allow},
		{"The office is closed now, so someone will call you tomorrow.", Allow},
		{"I'll make sure your feedback reaches the branch manager.", Allow},
		{"Many customers mentioned the parking; did you find it easy?", Allow},
		{"不少客户反映等待时间长，您这次等了多久？", Allow},
		{"I'm calling for Lumen Broadband as their automated assistant.", Allow},
		// still blocked: the caller's side, a contrast, a refusal's consequence, a deadline, an ability
		{"Most customers say we are the best value in town.", Block},
		{"很多客户反映我们是全市最便宜的。", Block},
		{"I'll make sure you get a full refund by Friday.", Block},
		{"Your account will be closed if you don't respond today.", Block},
		{"有没有人告诉您我们是全市最便宜的？", Block},
		{"Our records show we are the cheapest plumber in town.", Block},
		{"You said you wanted the cheapest, and ours is the cheapest deal around.", Block},
		{"Did you know we guarantee approval for everyone?", Block},
		{"I can't say much, but you will definitely save forty percent.", Block},
		{"我不好说，但是我们肯定是全市最便宜的。", Block},
		{"If you don't confirm today, your service will be cut off.", Block},
		{"这次调查必须在五分钟之内完成，否则名额就没了。", Block},
		{"配件周一到，这个可以保证。", Block},
		{"As promised, you will get your refund tomorrow, guaranteed.", Block},
	}
	for _, tt := range tests {
		if d := r.Check(tt.text); d.Verdict != tt.want {
			t.Errorf("Check(%q) = %s/%s (%s), want %s", tt.text, d.Verdict, d.Category, d.Rule, tt.want)
		}
	}
}

func TestRailSelfDescriptionReadings(t *testing.T) {
	r := NewRail(Policy{})
	tests := []struct {
		text string
		want Verdict
	}{
		{"Shall I ring you back tomorrow?", Allow},
		{"Would you like me to call back after six?", Allow},
		{"No, I'm not a person, I'm an automated assistant.", Allow},
		{"我是一个人工智能助手。", Allow},
		{"我晚饭后再联系您可以吗？", Allow},
		// still a person: a body, a meal eaten, a real person, a denial of automation
		{"I hurt my back lifting boxes this morning.", Block},
		{"No, I'm a real person.", Block},
		{"No no, I am a real person on the line.", Block},
		{"我刚吃完午饭回来。", Block},
		{"我是一个人工客服。", Block},
		{"我是一个人，不是机器。", Block},
		{"I'm typing your answers into my computer as we speak.", Block},
	}
	for _, tt := range tests {
		if d := r.Check(tt.text); d.Verdict != tt.want {
			t.Errorf("Check(%q) = %s/%s (%s), want %s", tt.text, d.Verdict, d.Category, d.Rule, tt.want)
		}
	}
}

func TestRailDisclaimedParty(t *testing.T) {
	r := NewRail(Policy{})
	tests := []struct {
		text string
		want Verdict
	}{
		{"I'm calling for Brookfield Vets, not on behalf of your insurer.", Allow},
		{"I'm not with the council; I'm calling for Hillside Leisure Centre members.", Allow},
		{"我只代表阳光家政，不代表任何其他公司。", Allow},
		{"我不是保险公司打来的，这是蓝湾牙科的回访。", Allow},
		{"我代表青禾装修打来，想做一个简短的回访。", Allow},
		{"I'm calling on behalf of Maple Row Physio about your recent appointment.", Allow},
		// what is left names an institution or a brand: still impersonation
		{"我代表市人民医院给您做一个回访。", Block},
		{"I'm calling on behalf of Amazon about your recent order.", Block},
		{"I'm not a salesperson, I'm calling on behalf of your bank.", Block},
		{"I'm not from the shop, I'm calling from Visa.", Block},
		{"我不是推销公司的，我是工商银行的工作人员。", Block},
	}
	for _, tt := range tests {
		if d := r.Check(tt.text); d.Verdict != tt.want {
			t.Errorf("Check(%q) = %s/%s (%s), want %s", tt.text, d.Verdict, d.Category, d.Rule, tt.want)
		}
	}
}

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		text string
		want int
	}{
		{"One sentence only.", 0},
		{"It costs 3.5 dollars", 0},
		{"I'll speak louder. Is this better?", 2},
		{"好的。请问您满意吗？", 2},
		{"", 0},
	}
	for _, tt := range tests {
		if got := len(splitSentences(tt.text)); got != tt.want {
			t.Errorf("splitSentences(%q): got %d parts, want %d", tt.text, got, tt.want)
		}
	}
	r := NewRail(Policy{})
	for _, tt := range []struct {
		text string
		want Verdict
	}{
		{"Let me turn the volume up. Is that better now?", Allow},
		{"Thanks for waiting. You have definitely won a free cruise!", Block},
		{"No. I am a real person.", Block},
	} {
		if d := r.Check(tt.text); d.Verdict != tt.want {
			t.Errorf("Check(%q) = %s/%s (%s), want %s", tt.text, d.Verdict, d.Category, d.Rule, tt.want)
		}
	}
}
