-- The shared vision, written by coordinators: last writer wins.
CREATE TABLE p_vision (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    text      TEXT NOT NULL,
    wall      INTEGER NOT NULL,
    logical   INTEGER NOT NULL,
    replica   TEXT NOT NULL
);
