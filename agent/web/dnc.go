package web

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"time"

	"candor/agent/store"
)

// dncEntry is one exported do-not-call entry.
type dncEntry struct {
	Number   string    `json:"number"`
	Business string    `json:"business"`
	Campaign string    `json:"campaign,omitempty"`
	Reason   string    `json:"reason"`
	CallID   string    `json:"call_id,omitempty"`
	At       time.Time `json:"at"`
}

// dncEntries lists the active do-not-call list (optionally one business)
// and audits the export of its raw numbers. ?business= may give the
// business's id, display name or registered name in any case, or * for the
// registry's scope; a business none of the known campaigns has is refused
// (400) listing the known ones, rather than exported as an empty list.
func (s *Server) dncEntries(w http.ResponseWriter, r *http.Request, format string) ([]dncEntry, bool) {
	business := r.URL.Query().Get("business")
	if strings.TrimSpace(business) != "" {
		id, err := store.ResolveBusiness(s.cfg.Campaigns, business)
		if err != nil {
			s.fail(w, r, http.StatusBadRequest, "business: "+err.Error())
			return nil, false
		}
		business = id
	}
	list, err := s.cfg.Store.ListDNC(r.Context(), business)
	if err != nil {
		s.serverError(w, r, err)
		return nil, false
	}
	scope := business
	if scope == "" {
		scope = "all"
	}
	if err := s.cfg.Store.Audit(r.Context(), store.AuditEntry{Actor: who(r).User.Name, Action: "export_dnc",
		Subject: scope, Detail: format + ", " + strconv.Itoa(len(list)) + " entries"}); err != nil {
		s.serverError(w, r, err)
		return nil, false
	}
	out := make([]dncEntry, 0, len(list))
	for _, o := range list {
		// Utterances stay out: the list is numbers, scopes and reasons.
		out = append(out, dncEntry{o.Number, o.Business, o.Campaign, o.Reason, o.CallID, o.At.UTC()})
	}
	return out, true
}

func (s *Server) dncJSON(w http.ResponseWriter, r *http.Request) {
	list, ok := s.dncEntries(w, r, "json")
	if !ok {
		return
	}
	w.Header().Set("Content-Disposition", `attachment; filename="do-not-call.json"`)
	writeJSON(w, http.StatusOK, list)
}

func (s *Server) dncCSV(w http.ResponseWriter, r *http.Request) {
	list, ok := s.dncEntries(w, r, "csv")
	if !ok {
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="do-not-call.csv"`)
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"number", "business", "campaign", "reason", "call_id", "added_at"})
	for _, e := range list {
		_ = cw.Write([]string{csvSafe(e.Number), csvSafe(e.Business), csvSafe(e.Campaign), csvSafe(e.Reason), csvSafe(e.CallID), e.At.Format(time.RFC3339)})
	}
	cw.Flush()
}

// csvSafe defuses spreadsheet formulas: a cell starting with = + - @ (other
// than an E.164 number) gets a leading apostrophe.
func csvSafe(v string) string {
	if v == "" {
		return v
	}
	switch v[0] {
	case '=', '-', '@', '\t', '\r':
		return "'" + v
	case '+':
		for _, c := range v[1:] {
			if c < '0' || c > '9' {
				return "'" + v
			}
		}
	}
	return v
}
