-- The areas: roles, roadmap steps, parts' settings and suggestions,
-- contributions and decisions. Each thing is an entity ("step:<id>") whose
-- fields are last-writer-wins registers, so the areas need no table each
-- and every field converges the same way.

-- Who added each entity, and when. When two ops add one id, the earliest
-- stamp stands, whatever the arrival order.
CREATE TABLE p_entities (
    entity  TEXT PRIMARY KEY,
    kind    TEXT NOT NULL,
    author  TEXT NOT NULL,
    wall    INTEGER NOT NULL,
    logical INTEGER NOT NULL,
    replica TEXT NOT NULL
);
CREATE INDEX p_entities_kind ON p_entities (kind, wall, logical, entity);

-- One field of one entity; value is JSON.
CREATE TABLE p_fields (
    entity  TEXT NOT NULL,
    field   TEXT NOT NULL,
    value   TEXT NOT NULL,
    wall    INTEGER NOT NULL,
    logical INTEGER NOT NULL,
    replica TEXT NOT NULL,
    PRIMARY KEY (entity, field)
) WITHOUT ROWID;

-- Votes are fields of their decision now ("vote:<member>"), with reasons.
DROP TABLE p_votes;

-- Named roles held, from the permission history.
ALTER TABLE p_access ADD COLUMN roles TEXT NOT NULL DEFAULT '';

-- A part's owner and mode decide who may write it: part.add now changes
-- permissions, so a late one makes the part's revisions be judged again.
UPDATE ops SET changes_permissions = 1 WHERE type = 'part.add';

-- Each member's devices: the replicas their applied changes came from.
CREATE TABLE p_devices (
    member  TEXT NOT NULL,
    replica TEXT NOT NULL,
    PRIMARY KEY (member, replica)
) WITHOUT ROWID;
