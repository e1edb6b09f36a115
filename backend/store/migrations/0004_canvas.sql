-- The board's answers (one per member and question, last writer wins), the
-- offers and needs (add-only, named by the op that added them), and who took
-- each up (add-only; the earliest match by someone other than the item's
-- author stands, decided when read so arrival order never matters).
CREATE TABLE p_answers (
    question TEXT NOT NULL,
    member   TEXT NOT NULL,
    text     TEXT NOT NULL,
    wall     INTEGER NOT NULL,
    logical  INTEGER NOT NULL,
    replica  TEXT NOT NULL,
    PRIMARY KEY (question, member)
);

CREATE TABLE p_exchange (
    item    TEXT PRIMARY KEY,
    side    TEXT NOT NULL,
    member  TEXT NOT NULL,
    text    TEXT NOT NULL,
    part    TEXT NOT NULL,
    step    TEXT NOT NULL,
    wall    INTEGER NOT NULL,
    logical INTEGER NOT NULL
);

CREATE TABLE p_exchange_matches (
    item    TEXT NOT NULL,
    member  TEXT NOT NULL,
    wall    INTEGER NOT NULL,
    logical INTEGER NOT NULL,
    replica TEXT NOT NULL,
    PRIMARY KEY (item, member, wall, logical, replica)
) WITHOUT ROWID;
