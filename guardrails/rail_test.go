package guardrails

import (
	"strings"
	"testing"
)

var testPolicy = Policy{
	Business: "Acme Energy",
	ApprovedFacts: []string{
		"Acme Energy customers saved 12% on average in 2024.",
		"Acme Energy was rated number one in customer service by the Springfield Chamber of Commerce in 2023.",
		"Acme Energy has 5000 customers in Springfield.",
		"Acme能源的客户平均节省了百分之十二。",
	},
	BannedPhrases: []string{"green certified", "零碳认证"},
}

var railCases = []struct {
	sentence string
	want     Category // CategoryNone means allow
}{
	// claims_human
	{"I'm a real person.", CategoryClaimsHuman},
	{"I am human.", CategoryClaimsHuman},
	{"This isn't a recording, I'm a person.", CategoryClaimsHuman},
	{"I'm a real person, I promise.", CategoryClaimsHuman},
	{"No, I'm not a robot.", CategoryClaimsHuman},
	{"You're speaking with a live person.", CategoryClaimsHuman},
	{"Don't worry, I'm really a human being.", CategoryClaimsHuman},
	{"我是真人。", CategoryClaimsHuman},
	{"我不是机器人，请放心。", CategoryClaimsHuman},
	{"我不是機器人", CategoryClaimsHuman},
	{"As a human, I understand.", CategoryClaimsHuman},
	{"I'm not a real person, I'm an AI assistant.", CategoryNone},
	{"I am an AI assistant calling for Acme Energy.", CategoryNone},
	{"A real person from our team will call you back.", CategoryNone},
	{"我是人工智能助手。", CategoryNone},
	{"我不是真人，我是Acme能源的AI助手。", CategoryNone},
	// guaranteed_outcome
	{"You'll get guaranteed savings.", CategoryGuaranteedOutcome},
	{"We guarantee you will save money.", CategoryGuaranteedOutcome},
	{"You will definitely save on your bill.", CategoryGuaranteedOutcome},
	{"It's 100% risk free.", CategoryGuaranteedOutcome},
	{"There's no risk at all.", CategoryGuaranteedOutcome},
	{"You can't lose.", CategoryGuaranteedOutcome},
	{"I promise your bill will be lower.", CategoryGuaranteedOutcome},
	{"这个产品保本。", CategoryGuaranteedOutcome},
	{"完全无风险。", CategoryGuaranteedOutcome},
	{"保收益，稳赚不赔。", CategoryGuaranteedOutcome},
	{"I can't promise anything, but I'll pass it on.", CategoryNone},
	{"I can't guarantee anything.", CategoryNone},
	{"Savings are not guaranteed.", CategoryNone},
	{"There is no guarantee of savings.", CategoryNone},
	{"Nothing is guaranteed.", CategoryNone},
	{"I can't say there's no risk.", CategoryNone},
	{"我不能保证。", CategoryNone},
	{"我们无法保证收益。", CategoryNone},
	{"这不是保本产品。", CategoryNone},
	// impersonation
	{"I'm calling from the IRS.", CategoryImpersonation},
	{"This is the police department.", CategoryImpersonation},
	{"We work with the government on this program.", CategoryImpersonation},
	{"I'm calling on behalf of your bank.", CategoryImpersonation},
	{"This program is approved by the government.", CategoryImpersonation},
	{"我们是公安局的。", CategoryImpersonation},
	{"我是税务局工作人员。", CategoryImpersonation},
	{"这是国家级产品。", CategoryImpersonation},
	{"We are not the bank.", CategoryNone},
	{"We're not affiliated with the government.", CategoryNone},
	{"You may want to contact your bank about that.", CategoryNone},
	{"我们不是银行。", CategoryNone},
	// false_urgency
	{"Act now!", CategoryFalseUrgency},
	{"This offer expires today.", CategoryFalseUrgency},
	{"It's your last chance.", CategoryFalseUrgency},
	{"Hurry, only a few spots left.", CategoryFalseUrgency},
	{"请马上办理。", CategoryFalseUrgency},
	{"今天截止。", CategoryFalseUrgency},
	{"There's no need to act now.", CategoryNone},
	{"You don't have to decide today.", CategoryNone},
	{"No hurry at all.", CategoryNone},
	{"我马上为您转接。", CategoryNone},
	{"不用马上决定。", CategoryNone},
	// prize
	{"Congratulations, you've won!", CategoryPrize},
	{"You'll receive a free gift.", CategoryPrize},
	{"恭喜您中奖了！", CategoryPrize},
	{"您可以领取奖品。", CategoryPrize},
	{"This is not a sweepstakes.", CategoryNone},
	// threat
	{"You will be arrested.", CategoryThreat},
	{"We will take legal action.", CategoryThreat},
	{"We will sue you.", CategoryThreat},
	{"后果自负。", CategoryThreat},
	{"否则我们将起诉您。", CategoryThreat},
	{"There are no consequences if you skip a question.", CategoryNone},
	{"We will not take any legal action.", CategoryNone},
	// unapproved_claim
	{"We're the best in the country.", CategoryUnapprovedClaim},
	{"Our rates are the lowest around.", CategoryUnapprovedClaim},
	{"We're number one in the state.", CategoryUnapprovedClaim},
	{"Customers save 40% with us.", CategoryUnapprovedClaim},
	{"We are three times cheaper, 3 times cheaper than others.", CategoryUnapprovedClaim},
	{"Our service is green certified.", CategoryUnapprovedClaim},
	{"我们是行业最佳。", CategoryUnapprovedClaim},
	{"最高级的服务。", CategoryUnapprovedClaim},
	{"客户平均节省百分之三十。", CategoryUnapprovedClaim},
	{"我们获得了零碳认证。", CategoryUnapprovedClaim},
	{"今天办理可以打八折。", CategoryUnapprovedClaim},
	{"Customers saved 12% on average last year.", CategoryNone},
	{"We were rated number one in customer service.", CategoryNone},
	{"We have 5000 customers in Springfield.", CategoryNone},
	{"客户平均节省了百分之十二。", CategoryNone},
	{"What's the best time to call you back?", CategoryNone},
	{"We'll do our best to fix it.", CategoryNone},
	{"Question number one: how satisfied were you?", CategoryNone},
	{"On a scale of 1 to 10, how would you rate us?", CategoryNone},
	{"第一个问题，您对服务满意吗？", CategoryNone},
	// ordinary speech
	{"Hi, this is the Acme Energy assistant, an AI, calling about your recent service visit.", CategoryNone},
	{"Thank you for your time, have a great day.", CategoryNone},
	{"Could you tell me how the technician did?", CategoryNone},
	{"I understand, I'll make a note of that.", CategoryNone},
	{"您好，我是Acme能源的人工智能助手，本通话由AI合成。", CategoryNone},
	{"请问您对这次服务满意吗？", CategoryNone},
	{"好的，我会记录下来。", CategoryNone},
	{"", CategoryNone},
}

func TestRailCheck(t *testing.T) {
	r := NewRail(testPolicy)
	for _, c := range railCases {
		d := r.Check(c.sentence)
		wantVerdict := Allow
		if c.want != CategoryNone {
			wantVerdict = Block
		}
		if d.Verdict != wantVerdict || d.Category != c.want {
			t.Errorf("Check(%q) = %s/%s (rule %q), want %s/%s", c.sentence, d.Verdict, d.Category, d.Rule, wantVerdict, c.want)
		}
		if d.Verdict == Block && d.Rule == "" {
			t.Errorf("Check(%q) blocked without a rule name", c.sentence)
		}
	}
}

func TestRailBusinessIsNotImpersonation(t *testing.T) {
	bank := NewRail(Policy{Business: "First City Bank"})
	if d := bank.Check("I'm calling from First City Bank."); d.Verdict != Allow {
		t.Errorf("bank business: got %s/%s (%s), want allow", d.Verdict, d.Category, d.Rule)
	}
	other := NewRail(Policy{Business: "Acme Energy"})
	if d := other.Check("I'm calling from First City Bank."); d.Category != CategoryImpersonation {
		t.Errorf("energy business: got %s/%s, want block/impersonation", d.Verdict, d.Category)
	}
	zh := NewRail(Policy{Business: "招商银行"})
	if d := zh.Check("我是招商银行的客服。"); d.Verdict != Allow {
		t.Errorf("zh bank business: got %s/%s (%s), want allow", d.Verdict, d.Category, d.Rule)
	}
}

func TestRailApprovedFactsAreCampaignSpecific(t *testing.T) {
	sentence := "Customers saved 12% on average last year."
	if d := NewRail(Policy{Business: "Acme Energy"}).Check(sentence); d.Category != CategoryUnapprovedClaim {
		t.Errorf("without facts: got %s/%s, want block/unapproved_claim", d.Verdict, d.Category)
	}
	if d := NewRail(testPolicy).Check(sentence); d.Verdict != Allow {
		t.Errorf("with facts: got %s/%s (%s), want allow", d.Verdict, d.Category, d.Rule)
	}
}

func TestRailSeverityOrder(t *testing.T) {
	r := NewRail(testPolicy)
	d := r.Check("I'm a real person and this offer expires today, guaranteed savings.")
	if d.Category != CategoryClaimsHuman {
		t.Errorf("got %s, want %s (claims_human outranks the rest)", d.Category, CategoryClaimsHuman)
	}
	d = r.Check("Act now or we will sue you.")
	if d.Category != CategoryThreat {
		t.Errorf("got %s, want %s (threat outranks urgency)", d.Category, CategoryThreat)
	}
}

func TestRailBannedPhraseNormalized(t *testing.T) {
	r := NewRail(Policy{BannedPhrases: []string{"Limited-Edition Plan", "", "  "}})
	for _, s := range []string{"Try our limited edition plan.", "TRY OUR LIMITED-EDITION PLAN!"} {
		d := r.Check(s)
		if d.Category != CategoryUnapprovedClaim || !strings.Contains(d.Rule, "limited edition plan") {
			t.Errorf("Check(%q) = %s/%s (%q), want unapproved_claim on the banned phrase", s, d.Verdict, d.Category, d.Rule)
		}
	}
	// Part of the phrase is not the phrase (other rules may still judge it).
	if d := r.Check("Our plan is limited to residents."); strings.Contains(d.Rule, "limited edition plan") {
		t.Errorf("partial phrase: got %s/%s (%q), want no banned-phrase block", d.Verdict, d.Category, d.Rule)
	}
}
