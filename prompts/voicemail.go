package prompts

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"candor/guardrails"
)

// VoicemailActions are the valid voicemail.action values.
var VoicemailActions = []VoicemailAction{VoicemailLeave, VoicemailHangUp}

// optOutHowEN and optOutHowZH are phrasings that tell the listener how to opt out.
var (
	optOutHowEN = []string{
		"opt out", "opt-out", "stop calling", "stop these calls", "don't call", "do not call",
		"don't want these calls", "do not want these calls", "remove your number", "unsubscribe",
		"press 9", "press nine",
	}
	optOutHowZH = []string{"不要再打", "不希望再接到", "不再接到", "拒绝来电", "退订", "按9", "按 9", "按九"}
)

// HasOptOutInstruction reports whether text tells the listener how to opt
// out ("say stop calling or press 9", 请说“不要再打了”或按9).
func HasOptOutInstruction(text, lang string) bool {
	low := strings.ToLower(strings.Join(strings.Fields(text), " "))
	low = strings.NewReplacer("’", "'", "‘", "'").Replace(low)
	list := optOutHowEN
	if lang == "zh" {
		list = slices.Concat(optOutHowZH, optOutHowEN)
	}
	for _, p := range list {
		if strings.Contains(low, p) {
			return true
		}
	}
	return false
}

// voicemail checks the answering-machine policy and applies its default
// (hang up) when the campaign has none. A message, when given, must carry
// what the disclosure carries (business, callback number, AI notice or the
// Chinese label) and how to opt out, whatever the action.
func (d *decoder) voicemail(c *Campaign, langOK bool) {
	vm := &c.Voicemail
	_, present := d.pos["voicemail"]
	if !present || isNull(resolve(d.pos["voicemail"])) && vm.Action == "" {
		vm.Action = VoicemailHangUp
		return
	}
	if d.bad["voicemail"] {
		return
	}
	if d.require("voicemail.action", string(vm.Action)) {
		switch vm.Action {
		case VoicemailLeave, VoicemailHangUp:
		default:
			names := []string{string(VoicemailLeave), string(VoicemailHangUp)}
			msg := fmt.Sprintf("unknown voicemail action %q", vm.Action)
			if s := closest(string(vm.Action), names); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			} else {
				msg += "; want leave or hang_up"
			}
			d.problem("voicemail.action", msg, nil)
		}
	}
	if vm.Action == VoicemailLeave && !d.require("voicemail.message", vm.Message) {
		return
	}
	if vm.Message == "" {
		return
	}
	d.spoken("voicemail.message", vm.Message)
	lang := c.Language
	if !langOK {
		lang = "en"
	}
	err := guardrails.ValidateDisclosure(vm.Message, lang, c.Business.DisplayName, c.Business.CallbackNumber)
	for _, e := range flatten(err) {
		if errors.Is(e, guardrails.ErrDisclosureNoBusiness) && c.Business.DisplayName == "" {
			continue // reported as a missing field
		}
		d.problem("voicemail.message", strings.TrimPrefix(e.Error(), "disclosure "), e)
	}
	if !HasOptOutInstruction(vm.Message, lang) {
		d.problem("voicemail.message", ErrVoicemailNoOptOut.Error()+` (e.g. "say stop calling or press 9 when we call")`, ErrVoicemailNoOptOut)
	}
}
