// Package guardio speaks the guardrail contract's line protocol (the one
// `candor guard classify` exposes): JSON lines in, one verdict line out per
// input line, in order, with the id echoed.
package guardio
