-- Every sync lists the changes not in force (waiting, refused or ahead)
-- twice; waiting and ahead had an index, refused did not, so each sync
-- read the whole log.
CREATE INDEX ops_rejected ON ops (status) WHERE status = 'rejected';
