-- The operation log, the segments that carried it, and the projections the
-- app reads. Projections are rebuilt from `ops` alone (store.Rebuild).

-- The key that created the workspace: it holds every permission from the
-- start, so every replica can judge the first operations the same way.
ALTER TABLE workspace ADD COLUMN founder_key TEXT NOT NULL DEFAULT '';

CREATE TABLE ops (
    id       TEXT PRIMARY KEY,
    replica  TEXT NOT NULL,
    seq      INTEGER NOT NULL,
    author   TEXT NOT NULL,
    wall     INTEGER NOT NULL,
    logical  INTEGER NOT NULL,
    type     TEXT NOT NULL,
    version  INTEGER NOT NULL,
    payload  TEXT NOT NULL,
    line     TEXT NOT NULL,              -- the exact bytes its id and signature cover
    segment  TEXT,                       -- NULL: a local op not exported yet
    status   TEXT NOT NULL CHECK (status IN ('applied', 'rejected', 'waiting', 'unknown')),
    reason   TEXT NOT NULL DEFAULT '',
    changes_permissions INTEGER NOT NULL DEFAULT 0,
    UNIQUE (replica, seq)
);
CREATE INDEX ops_replay ON ops (wall, logical, replica, seq);
CREATE INDEX ops_permissions ON ops (wall, logical, replica, seq) WHERE changes_permissions = 1;
CREATE INDEX ops_waiting ON ops (status) WHERE status = 'waiting';
CREATE INDEX ops_unexported ON ops (replica, seq) WHERE segment IS NULL;

CREATE TABLE segments (
    name      TEXT PRIMARY KEY,
    replica   TEXT NOT NULL,
    prev      TEXT NOT NULL,
    first_seq INTEGER NOT NULL,
    last_seq  INTEGER NOT NULL
);
CREATE UNIQUE INDEX segments_chain ON segments (replica, prev);

-- The newest segment of each replica: a sync imports only what follows.
CREATE TABLE replica_heads (
    replica  TEXT PRIMARY KEY,
    segment  TEXT NOT NULL,
    last_seq INTEGER NOT NULL
);

-- Segments not applied: held (a clock running ahead, or an earlier segment
-- missing: re-examined on every import) or refused (forged, malformed…:
-- kept to be shown, never applied).
CREATE TABLE set_aside (
    name    TEXT PRIMARY KEY,
    kind    TEXT NOT NULL CHECK (kind IN ('held', 'refused')),
    reason  TEXT NOT NULL,
    raw     BLOB NOT NULL,
    seen_at TEXT NOT NULL
);

-- Projections. Stamps are (wall, logical, replica): a last-writer-wins field
-- takes a write only when its stamp is newer, so arrival order never matters.
CREATE TABLE p_workspace (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    name      TEXT NOT NULL,
    wall      INTEGER NOT NULL,
    logical   INTEGER NOT NULL,
    replica   TEXT NOT NULL
);

CREATE TABLE p_members (
    key          TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    name_wall    INTEGER NOT NULL,
    name_logical INTEGER NOT NULL,
    name_replica TEXT NOT NULL
);

-- Written whole from the permission history whenever it changes.
CREATE TABLE p_access (
    key         TEXT PRIMARY KEY,
    approved    INTEGER NOT NULL,
    removed     INTEGER NOT NULL,
    permissions TEXT NOT NULL
);

CREATE TABLE p_parts (
    id            TEXT PRIMARY KEY,
    added         INTEGER NOT NULL DEFAULT 0,
    deleted       INTEGER NOT NULL DEFAULT 0,
    title         TEXT NOT NULL DEFAULT '',
    title_wall    INTEGER NOT NULL DEFAULT -1,
    title_logical INTEGER NOT NULL DEFAULT 0,
    title_replica TEXT NOT NULL DEFAULT '',
    position      TEXT NOT NULL DEFAULT '',
    pos_wall      INTEGER NOT NULL DEFAULT -1,
    pos_logical   INTEGER NOT NULL DEFAULT 0,
    pos_replica   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX p_parts_order ON p_parts (position, id);

CREATE TABLE p_revisions (
    id      TEXT PRIMARY KEY,
    part    TEXT NOT NULL,
    parents TEXT NOT NULL,
    text    TEXT NOT NULL,
    author  TEXT NOT NULL,
    wall    INTEGER NOT NULL,
    logical INTEGER NOT NULL
);
CREATE INDEX p_revisions_part ON p_revisions (part);

-- Who continues whom, and each part's heads (revisions nothing continues
-- yet), kept as revisions arrive so a part's text needs no graph walk
-- unless it has several heads.
CREATE TABLE p_revision_parents (
    parent TEXT NOT NULL,
    child  TEXT NOT NULL,
    PRIMARY KEY (parent, child)
) WITHOUT ROWID;

CREATE TABLE p_part_heads (
    part     TEXT NOT NULL,
    revision TEXT NOT NULL,
    PRIMARY KEY (part, revision)
) WITHOUT ROWID;

CREATE TABLE p_part_text (
    part       TEXT PRIMARY KEY,
    text       TEXT NOT NULL,
    heads      TEXT NOT NULL,
    conflicted INTEGER NOT NULL
);

CREATE TABLE p_comments (
    id      TEXT PRIMARY KEY,
    target  TEXT NOT NULL,
    author  TEXT NOT NULL,
    body    TEXT NOT NULL,
    wall    INTEGER NOT NULL,
    logical INTEGER NOT NULL
);
CREATE INDEX p_comments_target ON p_comments (target);

CREATE TABLE p_votes (
    decision TEXT NOT NULL,
    voter    TEXT NOT NULL,
    choice   TEXT NOT NULL,
    wall     INTEGER NOT NULL,
    logical  INTEGER NOT NULL,
    replica  TEXT NOT NULL,
    PRIMARY KEY (decision, voter)
);
