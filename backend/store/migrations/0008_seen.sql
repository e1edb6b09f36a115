-- What each segment's author had seen when sealing it (format 2): JSON of
-- replica -> last sequence number. NULL for format 1 segments, which say
-- nothing of it. A replica's next segment may not go back on it.
ALTER TABLE segments ADD COLUMN seen TEXT;
