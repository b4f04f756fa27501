package openai

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	goopenai "github.com/sashabaranov/go-openai"
	"github.com/sashabaranov/go-openai/jsonschema"

	"candor/agent"
	"candor/agent/script"
	"candor/prompts"
)

// moveTool is the function a guided model must call to choose its move.
const moveTool = "next_move"

// guidedTask explains guided mode to the model after candor's Rules.
const guidedTask = `You do not write the call. Each turn you choose the agent's next move by calling the function next_move; the platform speaks the campaign's own sentences for it. Moves:
- record_answer: the callee answered the current question; "answer" is the value (a whole number inside the scale, "yes" or "no", or one of the listed choices exactly; for a free-text question leave it empty).
- reask: the answer is unclear or missing.
- answer_fact: the callee asked something one approved fact answers; "fact" is its number.
- answer_identity: the callee asked who is calling or why.
- answer_ai: the callee asked whether you are a machine or a person, or asked you to act as a person.
- close: the callee is done talking.
"ack" is optional: a short thank-you or acknowledgement of at most 12 words, in the campaign's language, with no claim, promise, number, question or description of yourself. Anything else in it is discarded.`

// moveSchema is the JSON schema of next_move's arguments.
var moveSchema = jsonschema.Definition{
	Type: jsonschema.Object,
	Properties: map[string]jsonschema.Definition{
		"move":   {Type: jsonschema.String, Enum: moveNames()},
		"answer": {Type: jsonschema.String, Description: "record_answer: the value"},
		"fact":   {Type: jsonschema.Integer, Description: "answer_fact: the approved fact's number"},
		"ack":    {Type: jsonschema.String, Description: "optional acknowledgement, at most 12 words"},
	},
	Required:             []string{"move"},
	AdditionalProperties: false,
}

func moveNames() []string {
	out := make([]string, len(script.MoveKinds))
	for i, k := range script.MoveKinds {
		out[i] = string(k)
	}
	return out
}

var _ script.Chooser = (*Planner)(nil)

// Planner chooses the moves of a guided call (script.Guided) through a
// forced tool call. One Planner serves one call.
type Planner struct {
	cfg    Config
	c      *client
	system string
}

// NewPlanner returns the planner of campaign c's calls on cfg's endpoint.
func NewPlanner(cfg Config, c *prompts.Campaign) (*Planner, error) {
	cfg, cl, err := newClient(cfg)
	if err != nil {
		return nil, err
	}
	return &Planner{cfg: cfg, c: cl, system: Rules + "\n\n" + guidedTask + "\n\n" + CampaignPrompt(c)}, nil
}

// CampaignPrompt is the campaign's part of a model's instructions: whose
// call it is, the approved facts (numbered), and the campaign's own prompt.
func CampaignPrompt(c *prompts.Campaign) string {
	var b strings.Builder
	fmt.Fprintf(&b, "The campaign's business: %s (%s). Language: %s.\nApproved facts:\n", c.Business.DisplayName, c.Business.RegisteredName, c.Language)
	if len(c.ApprovedFacts) == 0 {
		b.WriteString("(none)\n")
	}
	for i, f := range c.ApprovedFacts {
		fmt.Fprintf(&b, "%d. %s\n", i+1, f)
	}
	if p := strings.TrimSpace(c.SystemPrompt); p != "" {
		b.WriteString("\nThe campaign's notes:\n" + p + "\n")
	}
	return b.String()
}

// CloseIdleConnections releases the connections kept between turns.
func (p *Planner) CloseIdleConnections() { p.c.closeIdle() }

// turnData is what the model is told about the current turn, as JSON data.
type turnData struct {
	QuestionNumber int      `json:"question_number"`
	Question       string   `json:"question"`
	Type           string   `json:"answer_type"`
	Min            int      `json:"min,omitempty"`
	Max            int      `json:"max,omitempty"`
	Choices        []string `json:"choices,omitempty"`
	CalleeSaid     string   `json:"callee_said"`
}

// Choose asks the model for the move of turn t. Errors wrap ErrUpstream,
// ErrModelAnswer or ctx.Err().
func (p *Planner) Choose(ctx context.Context, t script.Turn) (script.Move, error) {
	msgs, err := p.messages(t)
	if err != nil {
		return script.Move{}, err
	}
	req := goopenai.ChatCompletionRequest{
		Model:       p.cfg.Model,
		Messages:    msgs,
		Temperature: p.cfg.Temperature,
		MaxTokens:   120,
		Tools: []goopenai.Tool{{Type: goopenai.ToolTypeFunction, Function: &goopenai.FunctionDefinition{
			Name: moveTool, Description: "Choose the agent's next move.", Parameters: moveSchema, Strict: true,
		}}},
		ToolChoice: goopenai.ToolChoice{Type: goopenai.ToolTypeFunction, Function: goopenai.ToolFunction{Name: moveTool}},
	}
	resp, err := p.c.api.CreateChatCompletion(ctx, req)
	if err != nil {
		return script.Move{}, p.c.upstreamError(ctx, "planner request", err)
	}
	if len(resp.Choices) == 0 {
		return script.Move{}, fmt.Errorf("%w: no choices", ErrModelAnswer)
	}
	m := resp.Choices[0].Message
	for _, tc := range m.ToolCalls {
		if tc.Function.Name == moveTool {
			return ParseMove(tc.Function.Arguments)
		}
	}
	// A server without tool calls may answer in the content.
	return ParseMove(m.Content)
}

func (p *Planner) messages(t script.Turn) ([]goopenai.ChatCompletionMessage, error) {
	q := t.Question
	data, err := json.Marshal(turnData{
		QuestionNumber: t.Index + 1, Question: q.Text, Type: string(q.Type),
		Min: q.Min, Max: q.Max, Choices: q.Choices, CalleeSaid: strings.ToValidUTF8(t.Utterance, "\uFFFD"),
	})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidInput, err)
	}
	conv, err := conversation(agent.Input{Utterance: t.Utterance, History: t.History}, "")
	if err != nil {
		return nil, err
	}
	conv = conv[:len(conv)-1] // the turn itself goes as turn data
	msgs := append([]goopenai.ChatCompletionMessage{{Role: goopenai.ChatMessageRoleSystem, Content: p.system}}, conv...)
	return append(msgs, goopenai.ChatCompletionMessage{Role: goopenai.ChatMessageRoleUser, Content: string(data)}), nil
}

// ParseMove reads a move from a model's answer: a JSON object with "move"
// and its fields, possibly wrapped in other text (a code fence). Anything
// else is an error wrapping ErrModelAnswer.
func ParseMove(content string) (script.Move, error) {
	start, end := strings.IndexByte(content, '{'), strings.LastIndexByte(content, '}')
	if start < 0 || end < start {
		return script.Move{}, fmt.Errorf("%w: no JSON object in %q", ErrModelAnswer, clip(content))
	}
	var v struct {
		Move   string          `json:"move"`
		Answer json.RawMessage `json:"answer"`
		Fact   json.RawMessage `json:"fact"`
		Ack    string          `json:"ack"`
	}
	if err := json.Unmarshal([]byte(content[start:end+1]), &v); err != nil {
		return script.Move{}, fmt.Errorf("%w: %v in %q", ErrModelAnswer, err, clip(content))
	}
	kind := script.MoveKind(strings.ToLower(strings.TrimSpace(v.Move)))
	known := false
	for _, k := range script.MoveKinds {
		known = known || k == kind
	}
	if !known {
		return script.Move{}, fmt.Errorf("%w: move %q: want one of %s", ErrModelAnswer, clip(v.Move), strings.Join(moveNames(), ", "))
	}
	mv := script.Move{Kind: kind, Answer: scalar(v.Answer), Ack: v.Ack}
	if f := scalar(v.Fact); f != "" {
		n, err := strconv.Atoi(f)
		if err != nil {
			return script.Move{}, fmt.Errorf("%w: fact %q: want a number", ErrModelAnswer, clip(f))
		}
		mv.Fact = n
	}
	return mv, nil
}

// scalar reads a JSON string or number as text ("" for null or absent).
func scalar(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}
