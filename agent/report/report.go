// Package report turns call records and the store's counts into the figures
// people read: a demo run's summary, a campaign's report, a dial run's
// progress and the do-not-call export, as tables, CSV or JSON, and the
// lines a sandbox call shows for guardrail events.
package report
