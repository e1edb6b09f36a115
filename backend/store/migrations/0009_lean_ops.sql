-- A leaner op-log row, so that an import is bound by what it must write.
--
-- The payload was stored twice: on its own and inside the line its id
-- covers. It is read from the line now (a generated column, so every query
-- reads `payload` as before) and stored on its own only where it differs
-- from the line's, which no op Cairn wrote does: nothing read changes.
--
-- Ops were found by id through a unique index on 64 hex digits, which each
-- insert updated at a random place: most of the cost of inserting a row.
-- op_keys now finds them: the first 8 bytes of the id and the op's row,
-- which each write transaction adds in one sorted run. (replica, seq) stays
-- unique, and an op's id covers both, so the log holds each op once as
-- before. pos is the row op_keys points to, explicit so VACUUM keeps it.
CREATE TABLE ops_new (
    pos      INTEGER PRIMARY KEY,
    id       TEXT NOT NULL,
    replica  TEXT NOT NULL,
    seq      INTEGER NOT NULL,
    author   TEXT NOT NULL,
    wall     INTEGER NOT NULL,
    logical  INTEGER NOT NULL,
    type     TEXT NOT NULL,
    version  INTEGER NOT NULL,
    line     TEXT NOT NULL,              -- the exact bytes its id and signature cover
    segment  TEXT,                       -- NULL: not sealed here (a local op not exported yet, or one imported)
    status   TEXT NOT NULL CHECK (status IN ('applied', 'rejected', 'waiting', 'unknown', 'ahead')),
    reason   TEXT NOT NULL DEFAULT '',
    changes_permissions INTEGER NOT NULL DEFAULT 0,
    payload_own TEXT,                    -- NULL: the payload is the line's
    -- The line's payload: what follows its first "payload": up to the
    -- closing brace, counted in bytes (store.linePayload says the same).
    line_payload TEXT GENERATED ALWAYS AS (CAST(substr(CAST(line AS BLOB),
        instr(CAST(line AS BLOB), CAST('"payload":' AS BLOB)) + 10,
        length(CAST(line AS BLOB)) - instr(CAST(line AS BLOB), CAST('"payload":' AS BLOB)) - 10) AS TEXT)) VIRTUAL,
    payload  TEXT GENERATED ALWAYS AS (coalesce(payload_own, line_payload)) VIRTUAL,
    UNIQUE (replica, seq)
);
INSERT INTO ops_new (pos, id, replica, seq, author, wall, logical, type, version, line, segment, status, reason, changes_permissions, payload_own)
    SELECT rowid, id, replica, seq, author, wall, logical, type, version, line, segment, status, reason, changes_permissions, payload FROM ops;
UPDATE ops_new SET payload_own = NULL WHERE payload_own = line_payload AND instr(CAST(line AS BLOB), CAST('"payload":' AS BLOB)) > 0;
DROP TABLE ops;
ALTER TABLE ops_new RENAME TO ops;
CREATE INDEX ops_replay ON ops (wall, logical, replica, seq);
CREATE INDEX ops_permissions ON ops (wall, logical, replica, seq) WHERE changes_permissions = 1;
CREATE INDEX ops_waiting ON ops (status) WHERE status = 'waiting';
CREATE INDEX ops_unexported ON ops (replica, seq) WHERE segment IS NULL;
CREATE INDEX ops_ahead ON ops (status) WHERE status = 'ahead';

-- An op's key: the first 16 hex digits of its id as 8 bytes (the id's own
-- bytes when it is not hex). Several ops may share a key; a lookup also
-- compares the id. store.opKey computes the same.
CREATE TABLE op_keys (
    key BLOB NOT NULL,
    op  INTEGER NOT NULL,
    PRIMARY KEY (key, op)
) WITHOUT ROWID;
INSERT INTO op_keys (key, op) SELECT coalesce(unhex(substr(id, 1, 16)), CAST(id AS BLOB)), pos FROM ops ORDER BY 1, 2;
CREATE TRIGGER ops_forget_key AFTER DELETE ON ops BEGIN
    DELETE FROM op_keys WHERE key = coalesce(unhex(substr(old.id, 1, 16)), CAST(old.id AS BLOB)) AND op = old.pos;
END;
