-- The "new case" e-mail is now claimed in case_notifications (kind 'received')
-- so that, past a rate, the rest go out as one digest. Cases already received
-- had their mail one by one: they are marked as sent, so the first digest
-- never repeats them.
INSERT INTO case_notifications (agency_id, case_id, kind, sent_at)
SELECT agency_id, id, 'received', received_at FROM cases;
