package guardrails

import "testing"

var benchCallee = map[string][]string{
	"en": {
		"yeah it was fine i guess", "no i haven't had any problems", "um can you uh stop calling this number",
		"who is this", "i'd give it a nine out of ten", "not now call me back after lunch", "are you a robot",
		"the technician was really nice and quick", "i'm not interested thanks", "yes",
	},
	"zh": {
		"挺好的，没什么问题", "别再打了", "我现在不方便，晚点再打", "你是机器人吗", "服务还可以吧", "你们是哪个公司",
		"不用了谢谢", "嗯，那个，师傅来得挺快的", "打九分吧", "我不想再接到你们的电话",
	},
}

var benchAgent = map[string][]string{
	"en": {
		"Thanks for taking my call today.", "On a scale of one to ten, how satisfied were you with the visit?",
		"I'm an AI assistant calling on behalf of Acme Energy.", "I can't guarantee anything, but I'll pass it on.",
		"Customers saved 12% on average last year.", "You will definitely save money with us.",
		"Got it, I'll make a note of that.", "Is there anything else you'd like to tell us about the technician?",
		"This offer expires today, so act now.", "I understand, we'll remove your number right away.",
	},
	"zh": {
		"您好，我是Acme能源的人工智能助手，本通话由AI合成。", "请问您对这次上门服务满意吗？", "好的，我记录下来了。",
		"这个产品保本无风险。", "我们是行业最佳。", "我马上为您转接。", "请问师傅是否准时到达？", "我不能保证，但我会转达。",
		"感谢您的耐心。", "客户平均节省了百分之十二。",
	},
}

func BenchmarkClassify(b *testing.B) {
	for _, lang := range []string{"en", "zh"} {
		texts := benchCallee[lang]
		b.Run(lang, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				_ = Classify(texts[i%len(texts)])
				i++
			}
		})
	}
}

func BenchmarkRailCheck(b *testing.B) {
	r := NewRail(testPolicy)
	for _, lang := range []string{"en", "zh"} {
		texts := benchAgent[lang]
		b.Run(lang, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				_ = r.Check(texts[i%len(texts)])
				i++
			}
		})
	}
}

func BenchmarkNormalize(b *testing.B) {
	b.ReportAllocs()
	texts := append(append([]string{}, benchCallee["en"]...), benchCallee["zh"]...)
	i := 0
	for b.Loop() {
		_ = Normalize(texts[i%len(texts)])
		i++
	}
}
