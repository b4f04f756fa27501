package sip

import (
	"context"
	"log/slog"
)

// redacted wraps the logger handed to sipgo: its messages can carry whole
// SIP messages, whose From and To hold phone numbers, so attributes holding
// message text are dropped and only sipgo's warnings and errors pass.
type redacted struct{ h slog.Handler }

// sipSecretKeys are sipgo log attributes that may hold message text.
var sipSecretKeys = map[string]bool{"data": true, "msg": true, "req": true, "res": true, "request": true, "response": true}

func (r redacted) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= slog.LevelWarn && r.h.Enabled(ctx, l)
}

func (r redacted) Handle(ctx context.Context, rec slog.Record) error {
	out := slog.NewRecord(rec.Time, rec.Level, rec.Message, rec.PC)
	rec.Attrs(func(a slog.Attr) bool {
		if !sipSecretKeys[a.Key] {
			out.AddAttrs(a)
		}
		return true
	})
	return r.h.Handle(ctx, out)
}

func (r redacted) WithAttrs(as []slog.Attr) slog.Handler {
	kept := make([]slog.Attr, 0, len(as))
	for _, a := range as {
		if !sipSecretKeys[a.Key] {
			kept = append(kept, a)
		}
	}
	return redacted{r.h.WithAttrs(kept)}
}

func (r redacted) WithGroup(name string) slog.Handler { return redacted{r.h.WithGroup(name)} }
