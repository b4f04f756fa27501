package prompts

import "gopkg.in/yaml.v3"

// LLMMode says how much of the call a language model may write.
type LLMMode string

// LLM modes. Guided is the default: the model only chooses the next move
// and writes at most a short acknowledgement; free lets it write sentences,
// each checked by the output rail.
const (
	LLMGuided LLMMode = "guided"
	LLMFree   LLMMode = "free"
)

// LLM is the campaign's `llm:` block.
type LLM struct {
	// Mode is guided (default when absent) or free.
	Mode LLMMode `yaml:"mode"`
}

// llm decodes the `llm:` block into l, defaulting the mode to guided.
func (d *decoder) llm(l *LLM) func(string, *yaml.Node) {
	return func(p string, n *yaml.Node) {
		var mode string
		if !d.mapping(p, n, []field{{"mode", d.str(&mode)}}) {
			return
		}
		switch LLMMode(mode) {
		case "", LLMGuided:
			l.Mode = LLMGuided
		case LLMFree:
			l.Mode = LLMFree
		default:
			d.problem(p+".mode", "want guided or free, got "+mode, nil)
		}
	}
}

// Guided reports whether the model is confined to choosing moves; true
// unless the campaign chose free (an absent block is guided).
func (l LLM) Guided() bool { return l.Mode != LLMFree }
