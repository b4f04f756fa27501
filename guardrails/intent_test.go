package guardrails

import "testing"

// intentCases mixes the brief's examples with unseen paraphrases and tricky
// negatives, to check that the rules generalise rather than memorise.
var intentCases = []struct {
	text string
	want Intent
}{
	// opt-out, English
	{"please just stop calling", IntentOptOut},
	{"stop stop calling me", IntentOptOut},
	{"STOP CALLING ME!", IntentOptOut},
	{"um can you uh stop calling this number", IntentOptOut},
	{"would you please quit ringing me", IntentOptOut},
	{"i want you to stop", IntentOptOut},
	{"these calls need to stop", IntentOptOut},
	{"i'm not interested stop calling", IntentOptOut},
	{"why dont you stop calling me", IntentOptOut},
	{"take me off your list", IntentOptOut},
	{"take me off of your calling list", IntentOptOut},
	{"get me out of your database", IntentOptOut},
	{"remove my number", IntentOptOut},
	{"please delete my details", IntentOptOut},
	{"scratch my name from your list", IntentOptOut},
	{"lose my number", IntentOptOut},
	{"i want to be removed", IntentOptOut},
	{"id like to be taken off the list", IntentOptOut},
	{"have my number removed please", IntentOptOut},
	{"don't call me again", IntentOptOut},
	{"dont call me again", IntentOptOut},
	{"do not call me again", IntentOptOut},
	{"never call this number again", IntentOptOut},
	{"no don't call me back", IntentOptOut},
	{"don't contact me anymore", IntentOptOut},
	{"i don't want you to call me ever again", IntentOptOut},
	{"i do not wish to be contacted", IntentOptOut},
	{"i don't want any more calls", IntentOptOut},
	{"no more calls please", IntentOptOut},
	{"unsubscribe", IntentOptOut},
	{"opt me out", IntentOptOut},
	{"put me on the do not call list", IntentOptOut},
	{"im on the do-not-call registry", IntentOptOut},
	{"i revoke my consent", IntentOptOut},
	{"i withdraw my permission to call", IntentOptOut},
	{"i never consented to this", IntentOptOut},
	{"you do not have my permission", IntentOptOut},
	{"leave me alone", IntentOptOut},
	{"just leave us alone", IntentOptOut},
	{"this is harassment", IntentOptOut},
	{"quit bothering me", IntentOptOut},
	{"don't bother me again", IntentOptOut},
	{"i i don't want you calling", IntentOptOut},
	{"no need to call me again", IntentOptOut},
	// opt-out, Chinese (simplified and traditional)
	{"别再打了", IntentOptOut},
	{"別再打了", IntentOptOut},
	{"不要再给我打电话", IntentOptOut},
	{"不要再給我打電話了", IntentOptOut},
	{"把我的号码删掉", IntentOptOut},
	{"把我的號碼刪掉", IntentOptOut},
	{"我要投诉你们，以后别打", IntentOptOut},
	{"嗯 别 别打了", IntentOptOut},
	{"不 要 再 打 了", IntentOptOut},
	{"以后不要联系我", IntentOptOut},
	{"别烦我", IntentOptOut},
	{"停止拨打这个号码", IntentOptOut},
	{"删除我的信息", IntentOptOut},
	{"把我拉黑吧", IntentOptOut},
	{"我要退订", IntentOptOut},
	{"我撤回同意", IntentOptOut},
	{"我不想再接到你们的电话", IntentOptOut},
	{"你们这是骚扰", IntentOptOut},
	{"再打我就报警了", IntentOptOut},
	{"不用再打了", IntentOptOut},
	// refusal
	{"i'm not interested", IntentRefusal},
	{"im not really interested thanks", IntentRefusal},
	{"we are not interested at all", IntentRefusal},
	{"no thanks", IntentRefusal},
	{"no thank you", IntentRefusal},
	{"thanks but no thanks", IntentRefusal},
	{"i don't have time for this", IntentRefusal},
	{"i have no time for surveys", IntentRefusal},
	{"i'd rather not", IntentRefusal},
	{"i would prefer not to", IntentRefusal},
	{"i don't want to", IntentRefusal},
	{"i don't want to participate", IntentRefusal},
	{"we don't need anything", IntentRefusal},
	{"i'll pass", IntentRefusal},
	{"i decline", IntentRefusal},
	{"count me out", IntentRefusal},
	{"go away", IntentRefusal},
	{"i don't do surveys", IntentRefusal},
	{"i'm not doing this", IntentRefusal},
	{"i'm hanging up", IntentRefusal},
	{"i'm not talking to a robot", IntentRefusal},
	{"不用了谢谢", IntentRefusal},
	{"不用了，謝謝", IntentRefusal},
	{"不感兴趣", IntentRefusal},
	{"我对这个没兴趣", IntentRefusal},
	{"不需要", IntentRefusal},
	{"算了吧", IntentRefusal},
	{"我不想参加", IntentRefusal},
	{"我没时间", IntentRefusal},
	// callback
	{"not now call me later", IntentCallback},
	{"call me back after lunch", IntentCallback},
	{"call me back later", IntentCallback},
	{"could you call back tomorrow morning", IntentCallback},
	{"try me again next week", IntentCallback},
	{"can you ring me in an hour", IntentCallback},
	{"not right now", IntentCallback},
	{"now is not a good time", IntentCallback},
	{"i'm busy right now", IntentCallback},
	{"i'm driving", IntentCallback},
	{"i'm in a meeting", IntentCallback},
	{"i can't talk right now", IntentCallback},
	{"maybe later", IntentCallback},
	{"some other time", IntentCallback},
	{"i don't have time right now", IntentCallback},
	{"get back to me on friday", IntentCallback},
	{"我现在不方便，晚点再打", IntentCallback},
	{"我現在不方便", IntentCallback},
	{"明天再说吧", IntentCallback},
	{"你下午再打来", IntentCallback},
	{"我在开车", IntentCallback},
	{"等会儿再联系", IntentCallback},
	{"我现在没时间", IntentCallback},
	// ask if AI
	{"am i talking to a machine", IntentAskIfAI},
	{"are you a robot", IntentAskIfAI},
	{"is this a real person", IntentAskIfAI},
	{"are you human", IntentAskIfAI},
	{"r u a bot", IntentAskIfAI},
	{"wait is this a recording", IntentAskIfAI},
	{"are you even real", IntentAskIfAI},
	{"you sound like a computer", IntentAskIfAI},
	{"am i speaking with an actual person", IntentAskIfAI},
	{"is this automated", IntentAskIfAI},
	{"let me talk to a real person", IntentAskIfAI},
	{"are you an ai", IntentAskIfAI},
	{"你是机器人吗", IntentAskIfAI},
	{"你是真人吗", IntentAskIfAI},
	{"你是機器人嗎", IntentAskIfAI},
	{"你是不是机器人", IntentAskIfAI},
	{"是人工还是机器", IntentAskIfAI},
	{"我要转人工", IntentAskIfAI},
	{"你是AI吗", IntentAskIfAI},
	{"这是录音吗", IntentAskIfAI},
	// ask identity
	{"who is this", IntentAskIdentity},
	{"whos this", IntentAskIdentity},
	{"who are you calling from", IntentAskIdentity},
	{"where did you get my number", IntentAskIdentity},
	{"what company is this", IntentAskIdentity},
	{"how did you get my phone number", IntentAskIdentity},
	{"who do you work for", IntentAskIdentity},
	{"which organization are you with", IntentAskIdentity},
	{"what is this call about", IntentAskIdentity},
	{"why are you calling me", IntentAskIdentity},
	{"where are you calling from", IntentAskIdentity},
	{"is this a scam", IntentAskIdentity},
	{"你是哪里", IntentAskIdentity},
	{"你们是哪个公司", IntentAskIdentity},
	{"你们是哪個公司的", IntentAskIdentity},
	{"你怎么有我的号码", IntentAskIdentity},
	{"你是谁啊", IntentAskIdentity},
	{"有什么事吗", IntentAskIdentity},
	{"你们是干什么的", IntentAskIdentity},
	// tricky negatives: none
	{"no i haven't had any problems", IntentNone},
	{"no problems at all", IntentNone},
	{"no", IntentNone},
	{"no no it was fine", IntentNone},
	{"i don't want you to stop", IntentNone},
	{"i stopped calling them", IntentNone},
	{"the service stopped working", IntentNone},
	{"it stops working when it rains", IntentNone},
	{"the noise should stop", IntentNone},
	{"you could call it excellent", IntentNone},
	{"i would call it average", IntentNone},
	{"i don't call them often", IntentNone},
	{"they didn't call me back", IntentNone},
	{"i had to call back twice", IntentNone},
	{"please don't remove me from the list", IntentNone},
	{"i don't want to be removed", IntentNone},
	{"i removed the battery", IntentNone},
	{"take me to the store", IntentNone},
	{"yes i'm interested", IntentNone},
	{"i was really happy with the technician", IntentNone},
	{"the machine works fine now", IntentNone},
	{"i'd rather not say", IntentNone},
	{"i'd give it a nine", IntentNone},
	{"the technician was a real person who cared", IntentNone},
	{"we stopped by the store", IntentNone},
	{"i'm not busy", IntentNone},
	{"i never had any problems", IntentNone},
	{"sure go ahead", IntentNone},
	{"yes that's fine", IntentNone},
	{"i'll pass it on to my wife", IntentNone},
	{"the real estate agent was great", IntentNone},
	{"who knows", IntentNone},
	{"the problem did not go away", IntentNone},
	{"no time was wasted", IntentNone},
	{"like i said it was good", IntentNone},
	{"不是，没问题", IntentNone},
	{"没问题", IntentNone},
	{"特别满意", IntentNone},
	{"不用担心", IntentNone},
	{"我们的机器坏了", IntentNone},
	{"服务很好，很方便", IntentNone},
	{"他们打折了", IntentNone},
	{"我觉得还不错", IntentNone},
	{"没有什么问题", IntentNone},
	{"可以，你问吧", IntentNone},
	{"", IntentNone},
	{"   ", IntentNone},
	{"嗯 呃 那个", IntentNone},
}

func TestClassify(t *testing.T) {
	if len(intentCases) < 120 {
		t.Fatalf("table has %d cases, want at least 120", len(intentCases))
	}
	for _, c := range intentCases {
		if got := Classify(c.text); got != c.want {
			t.Errorf("Classify(%q) = %q, want %q (normalized %q)", c.text, got, c.want, Normalize(c.text))
		}
	}
}

func TestClassifyLangHintKeepsBothRuleSets(t *testing.T) {
	cases := []struct {
		text, lang string
		want       Intent
	}{
		{"别再打了", "en", IntentOptOut},
		{"stop calling me", "zh", IntentOptOut},
		{"ok 别再打了", "zh-TW", IntentOptOut},
		{"你是 AI 吗", "zh", IntentAskIfAI},
		{"call me back later", "", IntentCallback},
	}
	for _, c := range cases {
		if got := ClassifyLang(c.text, c.lang); got != c.want {
			t.Errorf("ClassifyLang(%q, %q) = %q, want %q", c.text, c.lang, got, c.want)
		}
	}
}

func TestClassifyPrecedence(t *testing.T) {
	cases := []struct {
		text string
		want Intent
	}{
		{"i'm not interested please take me off your list", IntentOptOut},
		{"who is this stop calling me", IntentOptOut},
		{"are you a robot i'm not interested", IntentRefusal},
		{"not now are you a robot", IntentCallback},
		{"who is this are you a robot", IntentAskIfAI},
		{"no call me back later", IntentCallback},
		{"不感兴趣，以后别打了", IntentOptOut},
		{"你是谁 你是机器人吗", IntentAskIfAI},
	}
	for _, c := range cases {
		if got := Classify(c.text); got != c.want {
			t.Errorf("Classify(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}
