package prompts

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// Bounds of guard.judge.timeout_ms.
const (
	DefaultJudgeTimeoutMS = 1000
	MinJudgeTimeoutMS     = 50
	MaxJudgeTimeoutMS     = 5000
)

// Guard is the campaign's `guard:` block: additions to the always-on
// guardrails (which no campaign can turn off).
type Guard struct {
	// Judge, when set, asks a model for a second opinion on every generated
	// sentence the output rail allowed. It can only add blocks; a judge that
	// errs or does not answer within its timeout blocks the sentence.
	Judge *Judge `yaml:"judge"`
}

// Judge configures the second-opinion model. The API key comes from the
// environment (OPENAI_API_KEY), never from the campaign file.
type Judge struct {
	// Model is the judge's model name (required).
	Model string `yaml:"model"`
	// BaseURL is its OpenAI-compatible endpoint (default: the responder's).
	BaseURL string `yaml:"base_url"`
	// TimeoutMS bounds its answer on one sentence (default 1000).
	TimeoutMS int `yaml:"timeout_ms"`
}

// guard decodes the `guard:` block into g.
func (d *decoder) guard(g *Guard) func(string, *yaml.Node) {
	return func(p string, n *yaml.Node) {
		d.mapping(p, n, []field{
			{"judge", func(jp string, jn *yaml.Node) {
				j := &Judge{}
				var timeoutSet bool
				ok := d.mapping(jp, jn, []field{
					{"model", d.str(&j.Model)},
					{"base_url", d.str(&j.BaseURL)},
					{"timeout_ms", d.integer(&j.TimeoutMS, &timeoutSet)},
				})
				if !ok {
					return
				}
				d.require(jp+".model", j.Model)
				if j.BaseURL != "" {
					if !httpURL(j.BaseURL) {
						d.problem(jp+".base_url", "want an http or https URL with a host", nil)
					}
				}
				switch {
				case !timeoutSet:
					j.TimeoutMS = DefaultJudgeTimeoutMS
				case j.TimeoutMS < MinJudgeTimeoutMS || j.TimeoutMS > MaxJudgeTimeoutMS:
					d.problem(jp+".timeout_ms", fmt.Sprintf("%d is out of range (%d to %d)", j.TimeoutMS, MinJudgeTimeoutMS, MaxJudgeTimeoutMS), nil)
				}
				g.Judge = j
			}},
		})
	}
}

// httpURL reports whether s looks like an http or https URL with a host (the
// adapter parses it fully; prompts imports no network packages).
func httpURL(s string) bool {
	rest, ok := strings.CutPrefix(s, "https://")
	if !ok {
		rest, ok = strings.CutPrefix(s, "http://")
	}
	host, _, _ := strings.Cut(rest, "/")
	return ok && host != "" && !strings.ContainsAny(host, " \t")
}
