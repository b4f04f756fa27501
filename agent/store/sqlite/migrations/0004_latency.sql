-- 0004: per-turn latency by stage and barge-in count, for the voice path.
ALTER TABLE calls ADD COLUMN latency_detail TEXT NOT NULL DEFAULT 'null'; -- JSON array of agent.TurnLatency
ALTER TABLE calls ADD COLUMN barge_ins INTEGER NOT NULL DEFAULT 0;
