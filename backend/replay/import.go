package replay

import (
	"context"
	"slices"
	"sort"
	"time"

	"github.com/cairn-community/cairn/backend/oplog"
	"github.com/cairn-community/cairn/backend/store"
)

// Import applies verified segments in one transaction: each must continue
// its replica's chain; one whose earlier segment has not arrived is held
// and examined again on the next import; refusals are kept aside. An op
// stamped too far past now is stored as ahead (see settle). Segments already imported change nothing. It
// returns what became of each segment and the newest stamp applied.
func Import(ctx context.Context, db *store.DB, workspaceID string, segments []*oplog.Segment, refused []store.Refusal, now time.Time) ([]store.Outcome, oplog.Stamp, error) {
	var outcomes []store.Outcome
	var newest oplog.Stamp
	err := db.Write(ctx, func(tx *store.Tx) error {
		var err error
		outcomes, newest, err = importSegments(ctx, tx, workspaceID, segments, refused, now)
		return err
	})
	if err != nil {
		return nil, oplog.Stamp{}, err
	}
	return outcomes, newest, nil
}

// link is where a segment says it goes: after prev in replica's chain.
type link struct{ replica, prev string }

func importSegments(ctx context.Context, tx *store.Tx, workspaceID string, segments []*oplog.Segment, refused []store.Refusal, now time.Time) ([]store.Outcome, oplog.Stamp, error) {
	seen := now.UTC().Format(time.RFC3339)
	var outcomes []store.Outcome
	var newest oplog.Stamp
	setAside := func(name, kind, reason string, raw []byte) error {
		outcomes = append(outcomes, store.Outcome{Name: name, Kind: kind, Reason: reason})
		return tx.SetAside(ctx, name, kind, reason, raw, seen)
	}
	for _, r := range refused {
		if err := setAside(r.Name, "refused", r.Reason, r.Raw); err != nil {
			return nil, newest, err
		}
	}
	// Ops whose time has come apply; ops now too far ahead (this
	// computer's clock was set back) are set aside, here as everywhere.
	if _, err := settle(ctx, tx, now); err != nil {
		return nil, newest, err
	}
	// Segments held by earlier imports get another look.
	held, err := tx.Held(ctx)
	if err != nil {
		return nil, newest, err
	}
	pending := append(held, segments...)
	// Within one import, segments are examined in name order, so two
	// replicas given the same files decide the same way.
	sort.Slice(pending, func(i, j int) bool { return pending[i].Name < pending[j].Name })

	// Index what is new by the segment each one says it follows.
	next := map[link][]*oplog.Segment{}
	var replicas []string
	given := map[string]bool{}
	for _, seg := range pending {
		if given[seg.Name] {
			outcomes = append(outcomes, store.Outcome{Name: seg.Name, Kind: "duplicate", Reason: "given twice"})
			continue
		}
		given[seg.Name] = true
		dup, err := tx.SegmentKnown(ctx, seg.Name)
		if err != nil {
			return nil, newest, err
		}
		if dup {
			outcomes = append(outcomes, store.Outcome{Name: seg.Name, Kind: "duplicate", Reason: "already imported"})
			continue
		}
		if seg.Workspace != workspaceID {
			if err := setAside(seg.Name, "refused", "it belongs to another workspace", seg.Raw); err != nil {
				return nil, newest, err
			}
			continue
		}
		k := link{seg.Replica, seg.Prev}
		if _, ok := next[k]; !ok && !slices.Contains(replicas, seg.Replica) {
			replicas = append(replicas, seg.Replica)
		}
		next[k] = append(next[k], seg)
	}
	sort.Strings(replicas)

	// Follow each replica's chain from its head, so a thousand segments
	// take one pass whatever order they came in. A release, or an op one
	// named, has everything judged again once all is stored.
	heads := map[string]store.Head{}
	for _, replica := range replicas {
		h, err := tx.HeadOf(ctx, replica)
		if err != nil {
			return nil, newest, err
		}
		heads[replica] = h
	}
	decoder := newDecoder(chainOrder(replicas, heads, next))
	defer decoder.close()
	rejudge := false
	for _, replica := range replicas {
		h := heads[replica]
		for {
			k := link{replica, h.Segment}
			candidates := next[k]
			if len(candidates) == 0 {
				break
			}
			seg := candidates[0]
			next[k] = candidates[1:]
			if seg.FirstSeq() != h.LastSeq+1 {
				if err := setAside(seg.Name, "refused", "its sequence numbers do not continue its replica's chain", seg.Raw); err != nil {
					return nil, newest, err
				}
				continue
			}
			// What a replica had seen only grows along its chain: a
			// segment that goes back on it is not honest about it.
			if before, err := tx.SeenBy(ctx, h.Segment); err != nil {
				return nil, newest, err
			} else if replica := oplog.GoesBack(before, seg.Seen); replica != "" {
				if err := setAside(seg.Name, "refused", "it says it had seen less of another computer's work than the segment before it did", seg.Raw); err != nil {
					return nil, newest, err
				}
				continue
			}
			if err := tx.RecordSegment(ctx, seg); err != nil {
				return nil, newest, err
			}
			if evicted, err := tx.EvictSquatters(ctx, seg); err != nil {
				return nil, newest, err
			} else if evicted {
				rejudge = true
			}
			// A change made under a clock that ran ahead is kept aside on
			// its own: the chain goes on, and so does the work after it.
			ops, decoded, projected := decoder.get(seg)
			present, presentDecoded, ahead, err := splitAhead(ctx, tx, ops, decoded, now)
			if err != nil {
				return nil, newest, err
			}
			if len(present) != len(ops) {
				projected = nil // worked out for them all
			}
			verdicts, err := ingest(ctx, tx, present, presentDecoded, projected, now)
			if err != nil {
				return nil, newest, err
			}
			var notDone []store.StoredOp
			for _, op := range present {
				if v, judged := verdicts[op.ID]; judged && (v.Status == oplog.Rejected || v.Status == oplog.Waiting) {
					notDone = append(notDone, store.StoredOp{Op: op, Status: v.Status, Reason: v.Reason})
				}
				if op.Stamp.Compare(newest) > 0 {
					newest = op.Stamp
				}
			}
			notDone = append(notDone, ahead...)
			if again, err := noteReleases(ctx, tx, ops); err != nil {
				return nil, newest, err
			} else if again {
				rejudge = true
			}
			if err := tx.Unset(ctx, seg.Name); err != nil {
				return nil, newest, err
			}
			outcomes = append(outcomes, store.Outcome{Name: seg.Name, Kind: "applied", Ops: len(seg.Ops), NotDone: notDone})
			h = store.Head{Segment: seg.Name, LastSeq: seg.LastSeq()}
		}
	}

	decoder.close()
	if rejudge {
		if err := rejudgeAll(ctx, tx, now); err != nil {
			return nil, newest, err
		}
	}

	// What is left either forks a chain (it claims a place already taken)
	// or waits for a predecessor that has not arrived.
	var left []*oplog.Segment
	for _, list := range next {
		left = append(left, list...)
	}
	sort.Slice(left, func(i, j int) bool { return left[i].Name < left[j].Name })
	for _, seg := range left {
		taken, err := tx.PlaceTaken(ctx, seg)
		if err != nil {
			return nil, newest, err
		}
		kind, reason := "held", "it follows a segment of the same replica that has not arrived yet"
		if taken {
			kind, reason = "refused", "it breaks its replica's chain: another segment already follows the one it names"
		}
		if err := setAside(seg.Name, kind, reason, seg.Raw); err != nil {
			return nil, newest, err
		}
	}
	return outcomes, newest, nil
}

// chainOrder is the order the import is expected to apply segments in:
// each replica's chain from its head, taking the first segment that says
// it follows. Decoding goes ahead in that order.
func chainOrder(replicas []string, heads map[string]store.Head, next map[link][]*oplog.Segment) []*oplog.Segment {
	var order []*oplog.Segment
	for _, replica := range replicas {
		seen := map[string]bool{}
		for h := heads[replica].Segment; !seen[h]; {
			seen[h] = true
			candidates := next[link{replica, h}]
			if len(candidates) == 0 {
				break
			}
			order = append(order, candidates[0])
			h = candidates[0].Name
		}
	}
	return order
}
