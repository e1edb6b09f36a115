package workspace

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/cairn-community/cairn/backend/contributions"
	"github.com/cairn-community/cairn/backend/decisions"
	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/members"
	"github.com/cairn-community/cairn/backend/oplog"
	"github.com/cairn-community/cairn/backend/roles"
)

// decisionOf reads one decision as replica w shows it.
func decisionOf(t *testing.T, w *Workspace, id string) Decision {
	t.Helper()
	snap, err := w.Snapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range snap.Decisions {
		if d.ID == id {
			return d
		}
	}
	t.Fatalf("no decision %s", id)
	return Decision{}
}

// A close counts what its closer had seen, and nothing changes it after:
// a ballot cast after the close, even stamped before it, is refused with
// its reason, and the voter's ballot that was counted stays counted.
func TestACloseFixesWhatItCounted(t *testing.T) {
	ctx := context.Background()
	s := approved(t, 3)
	defer s.close()
	founder, ana, bo := s.replicas[0], s.replicas[1], s.replicas[2]
	id, err := founder.Propose(ctx, ProposalInput{Title: "Venue", Method: "poll", Options: []string{"yes", "no"}})
	if err != nil {
		t.Fatal(err)
	}
	s.syncAll()
	if _, err := ana.Vote(ctx, id, "yes", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := bo.Vote(ctx, id, "no", ""); err != nil {
		t.Fatal(err)
	}
	s.syncAll()
	s.now = s.now.Add(time.Second)
	if err := founder.CloseDecision(ctx, id, CloseInput{Outcome: "Yes"}); err != nil {
		t.Fatal(err)
	}
	s.export(0)
	// Bo, offline, votes again after the close, his clock set back so the
	// ballot carries a time before it.
	s.now = s.now.Add(2 * time.Second)
	s.skew[2] = -1500 * time.Millisecond
	if _, err := bo.Write(ctx, decisions.VoteCast, decisions.VotePayload{Decision: id, Choice: "yes"}); err != nil {
		t.Fatal(err)
	}
	s.skew[2] = 0
	s.syncAll()
	s.syncAll()
	for i, w := range s.replicas {
		d := decisionOf(t, w, id)
		if d.Tally.Voters != 2 || d.Tally.Counts["yes"] != 1 || d.Tally.Counts["no"] != 1 || d.Closed == nil || len(d.Closed.Counted) != 2 {
			t.Fatalf("replica %d: the closed tally changed: %+v, counted %+v", i, d.Tally, d.Closed)
		}
	}
	mine, err := bo.MyChanges(ctx)
	if err != nil || len(mine) != 1 || mine[0].Reason != decisions.ReasonClosedFirst {
		t.Fatalf("Bo is not told his late ballot was refused: %+v, %v", mine, err)
	}
}

// Observe means observe: a member whose only role observes reads and
// comments, and changes nothing else; a second role that contributes
// lets them contribute again.
func TestObserversReadAndComment(t *testing.T) {
	ctx := context.Background()
	s := approved(t, 2)
	defer s.close()
	founder, ana := s.replicas[0], s.replicas[1]
	watchers, err := founder.AddRole(ctx, RoleInput{Name: "Watchers", Can: []roles.Permission{oplog.Observe}})
	if err != nil {
		t.Fatal(err)
	}
	part, err := founder.AddPart(ctx, PartInput{Title: "Intro"})
	if err != nil {
		t.Fatal(err)
	}
	if err := founder.AssignRole(ctx, watchers, ana.Author()); err != nil {
		t.Fatal(err)
	}
	s.syncAll()
	for i, w := range s.replicas {
		snap, err := w.Snapshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if may := snap.MayOf(ana.Author()); may.Contribute {
			t.Fatalf("replica %d offers an observer to contribute: %+v", i, may)
		}
	}
	if _, err := ana.AddPart(ctx, PartInput{Title: "Mine"}); errs.Code(err) != errs.Unauthorized || !strings.Contains(err.Error(), "observes") {
		t.Fatalf("an observer added a part: %v", err)
	}
	if err := ana.Comment(ctx, part, "Lovely"); err != nil {
		t.Fatalf("an observer may not comment: %v", err)
	}
	editors, err := founder.AddRole(ctx, RoleInput{Name: "Editors", Can: []roles.Permission{oplog.Contribute}})
	if err != nil {
		t.Fatal(err)
	}
	if err := founder.AssignRole(ctx, editors, ana.Author()); err != nil {
		t.Fatal(err)
	}
	s.syncAll()
	if snap, _ := ana.Snapshot(ctx); !snap.MayOf(ana.Author()).Contribute {
		t.Fatal("an observer who also edits is not offered to contribute")
	}
	if _, err := ana.AddPart(ctx, PartInput{Title: "Mine"}); err != nil {
		t.Fatalf("an observer who also edits may not add a part: %v", err)
	}
}

// Nobody reviews their own contribution, from any of their computers; a
// review that names the wrong author to get past the rule counts for
// nothing on any replica.
func TestNobodyReviewsTheirOwnWork(t *testing.T) {
	ctx := context.Background()
	s := approved(t, 2)
	defer s.close()
	founder, ana := s.replicas[0], s.replicas[1]
	own, err := founder.LogContribution(ctx, ContributionInput{Type: "content", Note: "Wrote the intro"})
	if err != nil {
		t.Fatal(err)
	}
	if err := founder.ReviewContribution(ctx, own, true, ""); errs.Code(err) != errs.Unauthorized || !strings.Contains(err.Error(), "own contribution") {
		t.Fatalf("a validator accepted their own contribution: %v", err)
	}
	if _, err := founder.Write(ctx, contributions.ContribReview, contributions.ReviewPayload{Contrib: own, Accept: true, Author: ana.Author()}); err != nil {
		t.Fatal(err)
	}
	s.syncAll()
	for i, w := range s.replicas {
		snap, err := w.Snapshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if snap.Contributions[0].Status != "submitted" {
			t.Fatalf("replica %d: a review naming the wrong author counts: %+v", i, snap.Contributions[0])
		}
	}
	if _, err := founder.Write(ctx, roles.RoleGrant, roles.GrantPayload{Member: ana.Author(), Permission: oplog.Validate}); err != nil {
		t.Fatal(err)
	}
	s.syncAll()
	if err := ana.ReviewContribution(ctx, own, true, ""); err != nil {
		t.Fatalf("another validator may not review it: %v", err)
	}
}

// Two coordinators who remove each other at once, each before seeing the
// other's removal, leave exactly one coordinator, the same everywhere,
// whatever their clocks say.
func TestCoordinatorsRemovingEachOtherLeaveOne(t *testing.T) {
	ctx := context.Background()
	for _, skew := range []time.Duration{0, -time.Minute, time.Minute} {
		s := approved(t, 3)
		founder, ana, bo := s.replicas[0], s.replicas[1], s.replicas[2]
		for _, w := range []*Workspace{ana, bo} {
			if _, err := founder.Write(ctx, roles.RoleGrant, roles.GrantPayload{Member: w.Author(), Permission: oplog.Coordinate}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := founder.Write(ctx, roles.RoleRevoke, roles.GrantPayload{Member: founder.Author(), Permission: oplog.Coordinate}); err != nil {
			t.Fatal(err)
		}
		s.syncAll()
		s.now = s.now.Add(time.Second)
		s.skew[2] = skew
		if _, err := ana.Write(ctx, members.MemberRemove, members.MemberPayload{Member: bo.Author()}); err != nil {
			t.Fatal(err)
		}
		if _, err := bo.Write(ctx, members.MemberRemove, members.MemberPayload{Member: ana.Author()}); err != nil {
			t.Fatal(err)
		}
		s.skew[2] = 0
		s.syncAll()
		s.syncAll()
		var coordinators []string
		for i, w := range s.replicas {
			snap, err := w.Snapshot(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var here []string
			for _, m := range snap.Members {
				if !m.Removed && strings.Contains(strings.Join(m.Permissions, ","), "coordinate") {
					here = append(here, m.Key)
				}
			}
			if len(here) != 1 || (i > 0 && here[0] != coordinators[0]) {
				t.Fatalf("skew %v, replica %d: coordinators %v (replica 0: %v)", skew, i, here, coordinators)
			}
			coordinators = here
		}
		s.close()
	}
}

// What a replica had seen is under its signature and only grows: a
// segment whose frontier goes back is refused, and a newer segment may
// not use an old version of a change to dodge its new rule.
func TestSegmentsAreHonestAboutWhatTheySaw(t *testing.T) {
	ctx := context.Background()
	s := approved(t, 2)
	defer s.close()
	founder, ana := s.replicas[0], s.replicas[1]
	if _, err := ana.AddExchange(ctx, "offer", "Maps", "", ""); err != nil {
		t.Fatal(err)
	}
	s.syncAll()
	forge := func(seq uint64, typ string, version int, payload any, seen oplog.Cut) []byte {
		op, err := oplog.NewOp(ana.workspace.ID, ana.Author(), ana.me.ReplicaID, seq, oplog.Stamp{Wall: s.now.UnixMilli() + int64(seq)}, typ, version, payload)
		if err != nil {
			t.Fatal(err)
		}
		seg, err := oplog.SealSeen([]oplog.Op{op}, ana.log.lastSeg, seen, ana.key)
		if err != nil {
			t.Fatal(err)
		}
		return seg.Raw
	}
	next := ana.log.nextSeq
	last, err := ana.db.SeenBy(ctx, ana.log.lastSeg)
	if err != nil || len(last) == 0 {
		t.Fatalf("Ana's last segment recorded nothing seen: %v, %v", last, err)
	}
	report, err := founder.Import(ctx, [][]byte{forge(next, members.WorkspaceRename, 1, members.NamePayload{Name: "X"}, oplog.Cut{})})
	if err != nil || report.Count("refused") != 1 || !strings.Contains(report.Outcomes[0].Reason, "seen less") {
		t.Fatalf("a frontier going back was taken: %+v, %v", report, err)
	}
	if _, err := founder.Import(ctx, [][]byte{forge(next, members.MemberRemove, 1, members.MemberPayload{Member: founder.Author()}, last)}); err != nil {
		t.Fatal(err)
	}
	aside, err := founder.db.SetAside(ctx)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, o := range aside {
		found = found || strings.Contains(o.Reason, "may not use version 1 of member.remove")
	}
	if !found {
		t.Fatalf("a format 2 segment used an old version of a removal: %+v", aside)
	}
}
