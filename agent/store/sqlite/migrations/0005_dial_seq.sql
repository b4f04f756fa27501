-- 0005: one commit-order sequence shared by dial attempts and a business's
-- do-not-call entries (registry entries, business '*', are left out: they
-- come in by the million). SQLite has one writer at a time and every
-- transaction is immediate, so seq orders these rows as they committed: an
-- attempt with a higher seq than the number's opt-out was claimed after the
-- opt-out committed, which ClaimDial must never allow.
CREATE TABLE dial_seq (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  INTEGER NOT NULL
);
INSERT INTO dial_seq (id, n) VALUES (1, 0);

ALTER TABLE attempts ADD COLUMN seq INTEGER;
ALTER TABLE dnc ADD COLUMN seq INTEGER;

CREATE TRIGGER attempts_seq AFTER INSERT ON attempts
BEGIN
    UPDATE dial_seq SET n = n + 1 WHERE id = 1;
    UPDATE attempts SET seq = (SELECT n FROM dial_seq WHERE id = 1) WHERE id = NEW.id;
END;

CREATE TRIGGER dnc_seq AFTER INSERT ON dnc WHEN NEW.business <> '*'
BEGIN
    UPDATE dial_seq SET n = n + 1 WHERE id = 1;
    UPDATE dnc SET seq = (SELECT n FROM dial_seq WHERE id = 1) WHERE id = NEW.id;
END;
