-- Sync through git. This replica's own segments keep their bytes, so a sync
-- interrupted between sealing and pushing sends the very same files next
-- time (a segment sealed twice from other ops would fork the chain).
ALTER TABLE segments ADD COLUMN raw BLOB;

-- The last commit imported from each replica's ref on the remote: a sync
-- reads only what follows it, and a ref that no longer descends from it was
-- rewritten.
CREATE TABLE sync_imported (
    ref         TEXT PRIMARY KEY,
    commit_hash TEXT NOT NULL
);

-- Each sync's outcome, newest last, for "last sync" in the app.
CREATE TABLE sync_runs (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    summary TEXT NOT NULL
);

-- A key approved as another device of a member acts as that member.
ALTER TABLE p_access ADD COLUMN device_of TEXT NOT NULL DEFAULT '';
ALTER TABLE p_access ADD COLUMN asks_device_of TEXT NOT NULL DEFAULT '';
-- A sync reads this replica's segments after the last it committed.
CREATE INDEX segments_replica_seq ON segments (replica, first_seq);
