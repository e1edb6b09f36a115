-- Changes made under a clock that ran ahead are kept with the status
-- 'ahead' (stored, passed on, not applied) instead of holding their whole
-- segment, so the work their computer does next is not stranded behind
-- them. SQLite cannot change a CHECK in place: the table is copied.
CREATE TABLE ops_new (
    id       TEXT PRIMARY KEY,
    replica  TEXT NOT NULL,
    seq      INTEGER NOT NULL,
    author   TEXT NOT NULL,
    wall     INTEGER NOT NULL,
    logical  INTEGER NOT NULL,
    type     TEXT NOT NULL,
    version  INTEGER NOT NULL,
    payload  TEXT NOT NULL,
    line     TEXT NOT NULL,
    segment  TEXT,
    status   TEXT NOT NULL CHECK (status IN ('applied', 'rejected', 'waiting', 'unknown', 'ahead')),
    reason   TEXT NOT NULL DEFAULT '',
    changes_permissions INTEGER NOT NULL DEFAULT 0,
    UNIQUE (replica, seq)
);
INSERT INTO ops_new SELECT id, replica, seq, author, wall, logical, type, version, payload, line, segment, status, reason, changes_permissions FROM ops;
DROP TABLE ops;
ALTER TABLE ops_new RENAME TO ops;
CREATE INDEX ops_replay ON ops (wall, logical, replica, seq);
CREATE INDEX ops_permissions ON ops (wall, logical, replica, seq) WHERE changes_permissions = 1;
CREATE INDEX ops_waiting ON ops (status) WHERE status = 'waiting';
CREATE INDEX ops_unexported ON ops (replica, seq) WHERE segment IS NULL;
CREATE INDEX ops_ahead ON ops (status) WHERE status = 'ahead';

-- Every change.release's claim on an op: the op takes the earliest stamp
-- among the claims whose release is in force and earlier than its own (see
-- store.Tx.ApplyClaims). Kept whatever the release's verdict, since a late
-- permission change can bring a release into force or out of it.
CREATE TABLE release_claims (
    op      TEXT NOT NULL,
    release TEXT NOT NULL,
    author  TEXT NOT NULL,
    wall    INTEGER NOT NULL,
    logical INTEGER NOT NULL,
    PRIMARY KEY (op, release)
) WITHOUT ROWID;

-- Who signed each segment: a replica belongs to the key of its first
-- segment, whatever other ops name it (a change.carry can name any).
ALTER TABLE segments ADD COLUMN author TEXT NOT NULL DEFAULT '';
UPDATE segments SET author = coalesce((SELECT o.author FROM ops o WHERE o.replica = segments.replica AND o.seq = segments.first_seq), '');
