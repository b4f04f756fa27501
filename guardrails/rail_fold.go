package guardrails

import "strings"

// railFold maps the traditional characters the output rail's Chinese rules
// read, beyond those Normalize already folds, to simplified. It runs on
// Normalize's output for the rail only (the intent classifier's input is
// unchanged) and is idempotent: no simplified result is itself folded.
func railFold(norm string) string {
	if !hasHan(norm) {
		return norm
	}
	need := false
	for _, c := range norm {
		if _, ok := railTrad[c]; ok {
			need = true
			break
		}
	}
	if !need {
		return norm
	}
	var b strings.Builder
	b.Grow(len(norm))
	for _, c := range norm {
		if s, ok := railTrad[c]; ok {
			c = s
		}
		b.WriteRune(c)
	}
	return b.String()
}

// railTrad is the rail's own traditional/simplified table.
var railTrad = func() map[rune]rune {
	m := make(map[rune]rune)
	r := []rune(railTradPairs)
	for i := 0; i+1 < len(r); i += 2 {
		if _, done := tradToSimp[r[i]]; !done {
			m[r[i]] = r[i+1]
		}
	}
	return m
}()

const railTradPairs = "" +
	"諾诺詐诈凍冻結结徵征滯滞納纳註注暫暂顯显環环臨临評评託托夥伙餓饿睏困衛卫郵邮寶宝組组織织當当審审猶犹積积" +
	"屬属並并雖虽語语親亲預预師师維维換换裝装滿满節节減减獨独遞递啟启藥药漲涨廠厂鬆松貨货際际頻频簡简細细" +
	"蓋盖絲丝歲岁齡龄壞坏糾纠紛纷討讨債债繳缴檔档則则況况傷伤獻献極极盤盘賴赖譽誉榮荣輸输鎖锁餘余兌兑" +
	"慮虑證证險险額额勁劲偉伟夠够麗丽戰战護护濕湿潔洁淨净純纯藝艺術术療疗癒愈衛卫韌韧牆墙廳厅館馆蘭兰" +
	"歐欧橋桥樓楼園园場场層层邏逻輯辑範范圍围標标準准殺杀懷怀麼么罷罢豐丰擁拥濫滥詳详諮咨詢询遠远週周" +
	"鐘钟幣币紗纱綫线銳锐鋒锋憑凭嚴严厲厉罰罚懲惩駐驻點点壇坛漢汉靈灵顧顾腳脚膽胆隊队陸陆雙双雞鸡鳳凤"
