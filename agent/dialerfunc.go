package agent

import "context"

// DialerFunc adapts a function to Dialer.
type DialerFunc func(ctx context.Context, number string) (Line, error)

// Dial calls f.
func (f DialerFunc) Dial(ctx context.Context, number string) (Line, error) { return f(ctx, number) }
