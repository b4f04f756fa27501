package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"candor/agent/store"
)

// adminData is the admin page's model: accounts, API tokens and the audit
// log. NewToken is a token just created, shown this once.
type adminData struct {
	Users    []store.User
	Tokens   []store.APIToken
	Audit    []store.AuditEntry
	Roles    []store.Role
	NewToken string
	NewFor   string
	Notice   string
	Error    string
}

// adminAuditRows is how much of the audit log the admin page shows.
const adminAuditRows = 100

func (s *Server) adminPage(w http.ResponseWriter, r *http.Request) {
	s.renderAdmin(w, r, http.StatusOK, adminData{Notice: r.URL.Query().Get("done")})
}

// renderAdmin fills d's lists and shows the admin page.
func (s *Server) renderAdmin(w http.ResponseWriter, r *http.Request, status int, d adminData) {
	ctx := r.Context()
	var err error
	if d.Users, err = s.cfg.Store.ListUsers(ctx); err != nil {
		s.serverError(w, r, err)
		return
	}
	if d.Tokens, err = s.cfg.Store.ListAPITokens(ctx); err != nil {
		s.serverError(w, r, err)
		return
	}
	if d.Audit, err = s.cfg.Store.AuditLog(ctx, adminAuditRows); err != nil {
		s.serverError(w, r, err)
		return
	}
	d.Roles = []store.Role{store.RoleReviewer, store.RoleDesigner, store.RoleAdmin}
	s.render(w, r, status, "admin", "Admin", d)
}

// adminDone audits an admin action and goes back to the admin page.
func (s *Server) adminDone(w http.ResponseWriter, r *http.Request, action, subject, detail, notice string) {
	if err := s.cfg.Store.Audit(r.Context(), store.AuditEntry{Actor: who(r).User.Name, Action: action, Subject: subject, Detail: detail}); err != nil {
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin?done="+url.QueryEscape(notice), http.StatusSeeOther)
}

// adminFail shows the admin page with an error (the action was not taken).
func (s *Server) adminFail(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := http.StatusBadRequest, err.Error()
	detail := func(sentinel error) string { return strings.TrimPrefix(msg, sentinel.Error()+": ") }
	switch {
	case errors.Is(err, store.ErrNotFound):
		status, msg = http.StatusNotFound, "not found: "+detail(store.ErrNotFound)
	case errors.Is(err, store.ErrExists):
		status, msg = http.StatusConflict, detail(store.ErrExists)+" already exists"
	case errors.Is(err, store.ErrInvalid):
		msg = detail(store.ErrInvalid)
	case errors.Is(err, ErrUserName), errors.Is(err, ErrWeakPassword):
	default:
		s.serverError(w, r, err)
		return
	}
	s.renderAdmin(w, r, status, adminData{Error: msg})
}

func (s *Server) adminAddUser(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimSpace(r.PostFormValue("name"))
	role := store.Role(r.PostFormValue("role"))
	if !role.Valid() {
		s.adminFail(w, r, fmt.Errorf("%w: pick a role", store.ErrInvalid))
		return
	}
	if !store.ValidUserName(name) {
		s.adminFail(w, r, ErrUserName)
		return
	}
	hash, err := HashPassword(r.PostFormValue("password"))
	if err != nil {
		s.adminFail(w, r, err)
		return
	}
	if _, err := s.cfg.Store.AddUser(r.Context(), name, role, hash); err != nil {
		s.adminFail(w, r, err)
		return
	}
	s.adminDone(w, r, "user_add", name, "role "+string(role), "added "+name)
}

// adminUser changes an account: its role, or disables or enables it. An
// admin cannot disable or demote their own account (someone else must).
func (s *Server) adminUser(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	name := r.PathValue("name")
	self := strings.EqualFold(name, who(r).User.Name)
	switch op := r.PostFormValue("op"); op {
	case "disable", "enable":
		if self && op == "disable" {
			s.adminFail(w, r, fmt.Errorf("%w: you cannot disable your own account", store.ErrInvalid))
			return
		}
		if err := s.cfg.Store.SetUserDisabled(ctx, name, op == "disable"); err != nil {
			s.adminFail(w, r, err)
			return
		}
		s.adminDone(w, r, "user_"+op, name, "", op+"d "+name)
	case "role":
		role := store.Role(r.PostFormValue("role"))
		if self && role != store.RoleAdmin {
			s.adminFail(w, r, fmt.Errorf("%w: you cannot take the admin role from yourself", store.ErrInvalid))
			return
		}
		if err := s.cfg.Store.SetUserRole(ctx, name, role); err != nil {
			s.adminFail(w, r, err)
			return
		}
		s.adminDone(w, r, "user_role", name, "role "+string(role), name+" is now "+string(role))
	default:
		s.adminFail(w, r, fmt.Errorf("%w: unknown change %q", store.ErrInvalid, op))
	}
}

// adminCreateToken creates an API token and shows it once: only its hash
// is stored.
func (s *Server) adminCreateToken(w http.ResponseWriter, r *http.Request) {
	name := r.PostFormValue("user")
	label := strings.TrimSpace(r.PostFormValue("label"))
	if len(label) > 200 {
		s.adminFail(w, r, fmt.Errorf("%w: a label of at most 200 bytes", store.ErrInvalid))
		return
	}
	tok, hash := NewToken()
	if err := s.cfg.Store.AddAPIToken(r.Context(), name, hash, label); err != nil {
		s.adminFail(w, r, err)
		return
	}
	if err := s.cfg.Store.Audit(r.Context(), store.AuditEntry{Actor: who(r).User.Name, Action: "token_create", Subject: name, Detail: label}); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.renderAdmin(w, r, http.StatusOK, adminData{NewToken: tok, NewFor: name})
}

func (s *Server) adminRevokeToken(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.fail(w, r, http.StatusNotFound, "no such token")
		return
	}
	t, err := s.cfg.Store.RevokeAPIToken(r.Context(), id)
	if err != nil {
		s.adminFail(w, r, err)
		return
	}
	s.adminDone(w, r, "token_revoke", t.User, fmt.Sprintf("token %d %s", t.ID, t.Label), fmt.Sprintf("revoked token %d of %s", t.ID, t.User))
}
