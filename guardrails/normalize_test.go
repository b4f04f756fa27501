package guardrails

import "testing"

func TestNormalize(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Please, STOP calling me!", "please stop calling me"},
		{"um uh stop stop calling", "stop calling"},
		{"i i don't want this", "i do not want this"},
		{"I don’t know", "i do not know"},
		{"i dont i dont want it", "i do not want it"},
		{"like i said it's fine", "i said it is fine"},
		{"i would like that", "i would like that"},
		{"um like whatever", "whatever"},
		{"It costs $1,000 or 2.5%.", "it costs $1000 or 2.5%"},
		{"ＳＴＯＰ　ＣＡＬＬＩＮＧ", "stop calling"},
		{"別再打電話了", "别再打电话了"},
		{"不 要 再 打 了", "不要再打了"},
		{"嗯，那个，我我我不需要", "我不需要"},
		{"不要不要再打了", "不要再打了"},
		{"谢谢谢谢", "谢谢"},
		{"你是AI吗？", "你是 ai 吗"},
		{"不要 um 再打", "不要再打"},
		{"嗯 呃", ""},
		{"", ""},
	}
	for _, c := range cases {
		if got := Normalize(c.in); got != c.want {
			t.Errorf("Normalize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestNormalizeIdempotent(t *testing.T) {
	for _, c := range intentCases {
		once := Normalize(c.text)
		if twice := Normalize(once); twice != once {
			t.Errorf("Normalize(Normalize(%q)) = %q, want %q", c.text, twice, once)
		}
	}
	for _, c := range railCases {
		once := Normalize(c.sentence)
		if twice := Normalize(once); twice != once {
			t.Errorf("Normalize(Normalize(%q)) = %q, want %q", c.sentence, twice, once)
		}
	}
}
