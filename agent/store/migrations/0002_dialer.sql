-- 0002: reserved for the dialer (calling windows, caps, attempts, skipped numbers).
SELECT 1;
