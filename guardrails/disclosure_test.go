package guardrails

import (
	"errors"
	"testing"
)

func TestValidateDisclosure(t *testing.T) {
	cases := []struct {
		name, text, lang, business, callback string
		want                                 []error
	}{
		{"complete en", "Hi, this is an AI assistant calling for Acme Energy. Call us back on 555-0100.", "en", "Acme Energy", "555 0100", nil},
		{"no AI", "Hi, this is Sam calling for Acme Energy at 5550100.", "en", "Acme Energy", "5550100", []error{ErrDisclosureNoAI}},
		{"wrong business", "This automated call is from Beta Corp.", "en", "Acme Energy", "", []error{ErrDisclosureNoBusiness}},
		{"empty business", "This automated call is from Beta Corp.", "en", "", "", []error{ErrDisclosureNoBusiness}},
		{"no callback", "This automated call is from Acme Energy.", "en", "Acme Energy", "5550100", []error{ErrDisclosureNoCallback}},
		{"complete zh", "您好，我是Acme能源的人工智能助手，回拨电话5550100。", "zh", "Acme能源", "5550100", nil},
		{"zh AI plus 合成", "您好，本语音由AI合成，来自Acme能源。", "zh", "Acme能源", "", nil},
		{"zh no label", "您好，我是Acme能源的客服。", "zh", "Acme能源", "", []error{ErrDisclosureNoZhLabel}},
		{"everything missing", "Hello there.", "en", "Acme", "123", []error{ErrDisclosureNoBusiness, ErrDisclosureNoCallback, ErrDisclosureNoAI}},
	}
	for _, c := range cases {
		err := ValidateDisclosure(c.text, c.lang, c.business, c.callback)
		if len(c.want) == 0 && err != nil {
			t.Errorf("%s: got %v, want nil", c.name, err)
		}
		for _, w := range c.want {
			if !errors.Is(err, w) {
				t.Errorf("%s: got %v, want it to wrap %v", c.name, err, w)
			}
		}
	}
}
