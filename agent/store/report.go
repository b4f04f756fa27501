package store

// MergeReport joins what the shared database knows of a campaign (shared:
// contacts, attempts, calls by outcome, skipped numbers, across every
// worker) with one worker's evidence records (local: answers, disclosure
// and abandonment, from which the rates are computed). Either may be empty.
func MergeReport(shared, local CampaignReport) CampaignReport {
	r := shared
	if r.Campaign == "" {
		r.Campaign = local.Campaign
	}
	if r.ByOutcome == nil {
		r.ByOutcome = map[string]int{}
	}
	if r.Skipped == nil {
		r.Skipped = map[string]int{}
	}
	if local.Calls > r.Calls {
		// Evidence records this worker holds whose attempts the shared
		// database has not settled (a worker that died mid-call).
		r.Calls, r.ByOutcome, r.OptOuts, r.Refusals = local.Calls, local.ByOutcome, local.OptOuts, local.Refusals
	}
	r.Answered, r.DisclosureComplete, r.Abandoned = local.Answered, local.DisclosureComplete, local.Abandoned
	r.OptOutRate, r.RefusalRate, r.DisclosureRate, r.AbandonmentRate = local.OptOutRate, local.RefusalRate, local.DisclosureRate, local.AbandonmentRate
	r.Answers = local.Answers
	if r.Answers == nil {
		r.Answers = []AnswerCount{}
	}
	return r
}
