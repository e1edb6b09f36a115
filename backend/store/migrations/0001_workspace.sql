-- The workspace this database holds, and who this install speaks for.
-- One row each: a database is one member's replica of one workspace.
CREATE TABLE workspace (
    singleton  INTEGER PRIMARY KEY CHECK (singleton = 1),
    id         TEXT NOT NULL,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE local_identity (
    singleton   INTEGER PRIMARY KEY CHECK (singleton = 1),
    member_name TEXT NOT NULL,
    public_key  BLOB NOT NULL CHECK (length(public_key) = 32),
    replica_id  TEXT NOT NULL
);
