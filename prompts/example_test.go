package prompts_test

import (
	"fmt"
	"os"
	"strings"

	"candor/prompts"
)

// The embedded example campaigns can be named instead of a path; each call
// returns a fresh, validated copy.
func ExampleExample() {
	c, err := prompts.Example("service-followup-en")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Name, c.Language, c.Source)
	fmt.Println(c.Business.DisplayName)
	// Output:
	// service-followup-en en embedded:service-followup-en
	// Brightwater Plumbing
}

// prompts opens no files: the caller hands it a file system (here the
// package's own examples folder), a reader or bytes.
func ExampleLoadFS() {
	c, err := prompts.LoadFS(os.DirFS("examples"), "service-followup-zh.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Name, c.Language, c.Source)
	// Output:
	// service-followup-zh zh service-followup-zh.yaml
}

// A file that cannot be decoded is reported with its position, as
// file:line:col: message.
func ExampleParse() {
	data := []byte("language: en\npurpose: a survey\x07\n")
	_, err := prompts.Parse("spring.yaml", data)
	fmt.Println(err)
	// Output:
	// spring.yaml:2:18: control character U+0007 is not allowed in YAML
}

// An argument that is neither an embedded example nor a file names the
// examples there are.
func ExampleResolveFS() {
	_, err := prompts.ResolveFS(os.DirFS("."), "spring-survey")
	fmt.Println(strings.Contains(err.Error(), "service-followup-en"))
	// Output:
	// true
}

// The disclosure is a template: placeholders take the campaign's values,
// so what is spoken is what was validated.
func ExampleCampaign_DisclosureText() {
	c := &prompts.Campaign{
		Business:          prompts.Business{DisplayName: "Acme Heating", CallbackNumber: "+1 212 555 0199"},
		Purpose:           "a follow-up on your recent repair",
		OptOutInstruction: "Say stop to opt out.",
		Disclosure:        "This is an automated assistant for {{business}} about {{purpose}}. {{opt_out_instruction}} Call back at {{callback_number}}.",
	}
	fmt.Println(c.DisclosureText())
	// Output:
	// This is an automated assistant for Acme Heating about a follow-up on your recent repair. Say stop to opt out. Call back at +1 212 555 0199.
}
