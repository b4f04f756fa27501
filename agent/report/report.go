// Package report turns call records and the store's facts into the figures
// people read. Compute is the one place a campaign's figures (outcomes,
// rates with their definitions, skips by reason, answers per question,
// latency) are worked out, for the web dashboard, `candor report` and
// /metrics alike; the package also prints a demo run's summary, a dial
// run's progress, the do-not-call export and the lines a sandbox call shows
// for guardrail events.
package report
