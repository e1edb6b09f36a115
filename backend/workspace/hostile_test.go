package workspace

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/cairn-community/cairn/backend/deliverable"
	"github.com/cairn-community/cairn/backend/members"
	"github.com/cairn-community/cairn/backend/oplog"
	"github.com/cairn-community/cairn/backend/store"
)

// forge seals ops written by hand as replica w, continuing its chain, so a
// test can send what Cairn itself would refuse to write.
type forge struct {
	t    *testing.T
	w    *Workspace
	seq  uint64
	prev string
}

func newForge(t *testing.T, w *Workspace) *forge {
	return &forge{t: t, w: w, seq: w.log.nextSeq, prev: w.log.lastSeg}
}

func (f *forge) op(stamp oplog.Stamp, typ string, payload any) oplog.Op {
	op, err := oplog.NewOp(f.w.workspace.ID, f.w.Author(), f.w.me.ReplicaID, f.seq, stamp, typ, 1, payload)
	if err != nil {
		f.t.Fatal(err)
	}
	f.seq++
	return op
}

func (f *forge) seal(ops ...oplog.Op) *oplog.Segment {
	seg, err := oplog.Seal(ops, f.prev, f.w.key)
	if err != nil {
		f.t.Fatal(err)
	}
	f.prev = seg.Name
	return seg
}

// notDoneOf lists the changes of an applied segment that are not in force.
func notDoneOf(r ImportReport, name string) []store.StoredOp {
	for _, o := range r.Outcomes {
		if o.Name == name && o.Kind == "applied" {
			return o.NotDone
		}
	}
	return nil
}

func outcomeOf(r ImportReport, name string) (kind, reason string) {
	for _, o := range r.Outcomes {
		if o.Name == name && o.Kind != "duplicate" {
			return o.Kind, o.Reason
		}
	}
	return "", ""
}

func TestHostileSegmentsAreRefusedAndTheRestApplies(t *testing.T) {
	ctx := context.Background()
	s := newReplicaSet(t, 3) // founder, member, outsider
	defer s.close()
	founder, member, outsider := s.replicas[0], s.replicas[1], s.replicas[2]
	if _, err := founder.Write(ctx, members.MemberApprove, members.ApprovePayload{Member: member.Author(), Name: "Member"}); err != nil {
		t.Fatal(err)
	}
	s.export(0)
	s.export(1)
	s.export(2)
	s.deliver(0, s.pool)

	at := func(ms int64) oplog.Stamp { return oplog.Stamp{Wall: s.now.UnixMilli() + ms} }
	m := newForge(t, member)
	good := m.seal(m.op(at(1), deliverable.PartAdd, deliverable.PartAddPayload{Part: "intro", Title: "Intro", Position: "V"}))
	noRight := m.seal(m.op(at(2), deliverable.PartDelete, deliverable.PartPayload{Part: "intro"}))
	newer := m.seal(m.op(at(3), "poll.teleport", map[string]string{"to": "moon"}))
	future := m.seal(m.op(at(oplog.MaxClockLead.Milliseconds()+60_000), deliverable.PartRetitle, deliverable.PartRetitlePayload{Part: "intro", Title: "From the future"}))
	afterFuture := m.seal(m.op(at(oplog.MaxClockLead.Milliseconds()+60_001), deliverable.CommentAdd, deliverable.CommentPayload{Target: "intro", Body: "next"}))

	// A fork: a second segment claiming to follow `good`.
	fork := newForge(t, member)
	fork.prev, fork.seq = good.Name, good.LastSeq()+1
	forked := fork.seal(fork.op(at(4), deliverable.CommentAdd, deliverable.CommentPayload{Target: "intro", Body: "fork"}))

	o := newForge(t, outsider)
	stranger := o.seal(o.op(at(5), deliverable.CommentAdd, deliverable.CommentPayload{Target: "intro", Body: "let me in"}))

	body := good.Raw[:bytes.LastIndex(good.Raw[:len(good.Raw)-1], []byte("\n"))+1]
	_, otherKey, _ := ed25519.GenerateKey(nil)
	forged := append(append([]byte{}, body...), []byte("signature: "+b64(ed25519.Sign(otherKey, body))+"\n")...)
	truncated := good.Raw[:len(good.Raw)-10] // inside the signature line
	malformed := bytes.Replace(forged, []byte(`"payload":{`), []byte(`"payload":{{`), 1)
	oversized := append([]byte("cairn-segment/1\n"), bytes.Repeat([]byte("x"), oplog.MaxSegmentBytes)...)

	files := [][]byte{forged, truncated, malformed, oversized, stranger.Raw, afterFuture.Raw, future.Raw, newer.Raw, noRight.Raw, good.Raw, good.Raw}
	report, err := founder.Import(ctx, files)
	if err != nil {
		t.Fatal(err)
	}
	expect := []struct {
		name, kind, reason string
	}{
		{oplog.SegmentName(forged), "refused", "signature does not match"},
		{oplog.SegmentName(truncated), "refused", "cut short"},
		{oplog.SegmentName(malformed), "refused", "signature does not match"},
		{oplog.SegmentName(oversized), "refused", "over the limit"},
		{good.Name, "applied", ""},
		{noRight.Name, "applied", ""},
		{newer.Name, "applied", ""},
		{stranger.Name, "applied", ""},
		// Stamped past this computer's time: the segments continue the
		// chain, and their changes wait aside for their time.
		{future.Name, "applied", ""},
		{afterFuture.Name, "applied", ""},
	}
	for _, e := range expect {
		kind, reason := outcomeOf(report, e.name)
		if kind != e.kind || !strings.Contains(reason, e.reason) {
			t.Errorf("segment %.12s: %s %q, want %s containing %q", e.name, kind, reason, e.kind, e.reason)
		}
	}
	for _, name := range []string{future.Name, afterFuture.Name} {
		if notDone := notDoneOf(report, name); len(notDone) != 1 || notDone[0].Status != oplog.Ahead || !strings.Contains(notDone[0].Reason, "clock set ahead") {
			t.Errorf("segment %.12s: its change is not kept aside for its clock: %+v", name, notDone)
		}
	}
	if report.Count("duplicate") != 1 {
		t.Errorf("the repeated segment was not reported as a duplicate: %+v", report.Outcomes)
	}
	// A second segment claiming the place of one already applied forks the
	// chain: refused, and kept aside to be shown.
	report, err = founder.Import(ctx, [][]byte{forked.Raw})
	if err != nil {
		t.Fatal(err)
	}
	if kind, reason := outcomeOf(report, forked.Name); kind != "refused" || !strings.Contains(reason, "breaks its replica's chain") {
		t.Errorf("fork: %s %q", kind, reason)
	}

	dump, _ := founder.Dump(ctx)
	for _, want := range []string{
		`"Intro"`, // the good segment applied
		"needs the coordinate permission",
		"a newer Cairn wrote this poll.teleport change",
		"not an approved member",
	} {
		if !strings.Contains(dump, want) {
			t.Errorf("state lacks %q:\n%s", want, dump)
		}
	}
	if strings.Contains(dump, "From the future") || strings.Contains(dump, `"fork"`) {
		t.Errorf("held or refused data was applied:\n%s", dump)
	}

	// Time passes: the changes kept aside apply on the next import.
	s.now = s.now.Add(oplog.MaxClockLead + 2*time.Minute)
	if _, err := founder.Import(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if dump, _ := founder.Dump(ctx); !strings.Contains(dump, "From the future") || !strings.Contains(dump, `"next"`) {
		t.Errorf("the changes kept aside did not apply once time caught up:\n%s", dump)
	}

	// The outsider's change waits; approval lets it in.
	if _, err := founder.Write(ctx, members.MemberApprove, members.ApprovePayload{Member: outsider.Author(), Name: "Outsider"}); err != nil {
		t.Fatal(err)
	}
	if dump, _ := founder.Dump(ctx); !strings.Contains(dump, "let me in") {
		t.Errorf("approval did not apply the newcomer's waiting change:\n%s", dump)
	}
}

func b64(b []byte) string {
	return strings.TrimSpace(base64Encode(b))
}

var _ = hex.EncodeToString
