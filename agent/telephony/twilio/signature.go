package twilio

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"net/url"
	"sort"
	"strings"
)

// Signature computes Twilio's X-Twilio-Signature of a request: base64 of the
// HMAC-SHA1, keyed by the auth token, of the full URL followed by every POST
// parameter, sorted by name, as name then value.
func Signature(authToken, fullURL string, params url.Values) string {
	var b strings.Builder
	b.WriteString(fullURL)
	names := make([]string, 0, len(params))
	for k := range params {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		vs := append([]string(nil), params[k]...)
		sort.Strings(vs)
		for _, v := range vs {
			b.WriteString(k)
			b.WriteString(v)
		}
	}
	m := hmac.New(sha1.New, []byte(authToken))
	m.Write([]byte(b.String()))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// ValidSignature reports whether sig is the signature of the request; the
// comparison takes constant time.
func ValidSignature(authToken, fullURL string, params url.Values, sig string) bool {
	if sig == "" || authToken == "" {
		return false
	}
	want := Signature(authToken, fullURL, params)
	return hmac.Equal([]byte(want), []byte(sig))
}
