package twilio

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// callRequest is one outbound call to create.
type callRequest struct {
	To, From       string
	StreamURL      string
	Params         map[string]string // <Parameter> of the stream
	StatusCallback string
	Timeout        int // ring seconds
	Machine        string
}

// twiml renders <Response><Connect><Stream url><Parameter/>...</Stream></Connect></Response>.
func (r callRequest) twiml() string {
	var b strings.Builder
	b.WriteString(`<Response><Connect><Stream url="`)
	xmlEscape(&b, r.StreamURL)
	b.WriteString(`">`)
	names := make([]string, 0, len(r.Params))
	for k := range r.Params {
		names = append(names, k)
	}
	sortStrings(names)
	for _, k := range names {
		b.WriteString(`<Parameter name="`)
		xmlEscape(&b, k)
		b.WriteString(`" value="`)
		xmlEscape(&b, r.Params[k])
		b.WriteString(`"/>`)
	}
	b.WriteString(`</Stream></Connect></Response>`)
	return b.String()
}

func xmlEscape(b *strings.Builder, s string) { _ = xml.EscapeText(b, []byte(s)) }

func (r callRequest) form() url.Values {
	f := url.Values{}
	f.Set("To", r.To)
	f.Set("From", r.From)
	f.Set("Twiml", r.twiml())
	f.Set("Timeout", strconv.Itoa(r.Timeout))
	if r.StatusCallback != "" {
		f.Set("StatusCallback", r.StatusCallback)
		f.Set("StatusCallbackMethod", "POST")
		for _, ev := range []string{"initiated", "ringing", "answered", "completed"} {
			f.Add("StatusCallbackEvent", ev)
		}
	}
	if r.Machine != "" {
		f.Set("MachineDetection", r.Machine)
	}
	return f
}

// apiError is the REST API's error body.
type apiError struct {
	Code     int    `json:"code"`
	Message  string `json:"message"`
	MoreInfo string `json:"more_info"`
	Status   int    `json:"status"`
}

// createCall posts to the Calls API and returns the call SID.
func (d *Dialer) createCall(ctx context.Context, r callRequest) (string, error) {
	u := d.cfg.APIBase + "/2010-04-01/Accounts/" + url.PathEscape(d.cfg.AccountSID) + "/Calls.json"
	var out struct {
		SID    string `json:"sid"`
		Status string `json:"status"`
	}
	if err := d.post(ctx, u, r.form(), &out); err != nil {
		return "", err
	}
	if out.SID == "" {
		return "", fmt.Errorf("%w: create call: no sid in the response", ErrAPI)
	}
	return out.SID, nil
}

// updateCall changes a call's status ("canceled" before answer, "completed" after).
func (d *Dialer) updateCall(ctx context.Context, sid, status string) error {
	u := d.cfg.APIBase + "/2010-04-01/Accounts/" + url.PathEscape(d.cfg.AccountSID) + "/Calls/" + url.PathEscape(sid) + ".json"
	return d.post(ctx, u, url.Values{"Status": {status}}, nil)
}

func (d *Dialer) post(ctx context.Context, u string, form url.Values, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, strings.NewReader(form.Encode()))
	if err != nil {
		return fmt.Errorf("%w: %v", ErrAPI, err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	req.SetBasicAuth(d.cfg.AccountSID, d.cfg.AuthToken)
	resp, err := d.cfg.HTTPClient.Do(req)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrAPI, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("%w: reading response: %v", ErrAPI, err)
	}
	if resp.StatusCode/100 != 2 {
		var ae apiError
		if json.Unmarshal(body, &ae) == nil && ae.Message != "" {
			return fmt.Errorf("%w: HTTP %d, code %d: %s", ErrAPI, resp.StatusCode, ae.Code, clip(ae.Message))
		}
		return fmt.Errorf("%w: HTTP %d", ErrAPI, resp.StatusCode)
	}
	if out != nil {
		if err := json.Unmarshal(body, out); err != nil {
			return fmt.Errorf("%w: response: %v", ErrAPI, err)
		}
	}
	return nil
}
