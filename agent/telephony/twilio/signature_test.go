package twilio

import (
	"net/url"
	"testing"
)

func TestSignature(t *testing.T) {
	// Expected values computed with openssl:
	// printf '%s' 'URL+name+value...' | openssl dgst -sha1 -hmac TOKEN -binary | base64
	status := url.Values{"CallSid": {"CA42"}, "CallStatus": {"in-progress"}, "AnsweredBy": {"human"}, "To": {"+15551230000"}}
	const statusURL = "https://example.com/twilio/status?call=abc123"
	tests := []struct {
		name   string
		token  string
		url    string
		params url.Values
		sig    string
		valid  bool
	}{
		{"known vector", "secret-token", statusURL, status, "xYcYzyAl1avh3pXp0z+Eb7SE6rk=", true},
		{"repeated parameter", "secret-token", "https://example.com/hook", url.Values{"B": {"x"}, "A": {"multi2", "multi1"}}, "JMdu8l0gOOP/eOLOqQT9OGFWpDE=", true},
		{"wrong token", "other-token", statusURL, status, "xYcYzyAl1avh3pXp0z+Eb7SE6rk=", false},
		{"other URL", "secret-token", statusURL + "x", status, "xYcYzyAl1avh3pXp0z+Eb7SE6rk=", false},
		{"changed parameter", "secret-token", statusURL, url.Values{"CallSid": {"CA42"}, "CallStatus": {"completed"}, "AnsweredBy": {"human"}, "To": {"+15551230000"}}, "xYcYzyAl1avh3pXp0z+Eb7SE6rk=", false},
		{"missing signature", "secret-token", statusURL, status, "", false},
		{"empty token", "", statusURL, status, "xYcYzyAl1avh3pXp0z+Eb7SE6rk=", false},
	}
	for _, tc := range tests {
		if got := ValidSignature(tc.token, tc.url, tc.params, tc.sig); got != tc.valid {
			t.Errorf("%s: ValidSignature = %v, want %v", tc.name, got, tc.valid)
		}
	}
	if got, want := Signature("secret-token", statusURL, status), "xYcYzyAl1avh3pXp0z+Eb7SE6rk="; got != want {
		t.Errorf("Signature = %q, want %q", got, want)
	}
}
