package sip

import (
	"context"
	"log/slog"

	sipmsg "github.com/emiago/sipgo/sip"
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

// sipgo also logs through a package-level logger where none is passed in
// (unhandled requests, whose text names the callee, among others): it gets
// the same redaction over whatever slog's default logger is at the time.
func init() { sipmsg.SetDefaultLogger(slog.New(redacted{slogDefault{}})) }

// slogDefault hands records to slog.Default()'s handler as it is when they
// are logged.
type slogDefault struct{}

func (slogDefault) Enabled(ctx context.Context, l slog.Level) bool {
	return slog.Default().Handler().Enabled(ctx, l)
}
func (slogDefault) Handle(ctx context.Context, r slog.Record) error {
	return slog.Default().Handler().Handle(ctx, r)
}
func (slogDefault) WithAttrs(as []slog.Attr) slog.Handler {
	return slog.Default().Handler().WithAttrs(as)
}
func (slogDefault) WithGroup(name string) slog.Handler {
	return slog.Default().Handler().WithGroup(name)
}
