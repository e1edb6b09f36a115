package workspace

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/cairn-community/cairn/backend/canvas"
	"github.com/cairn-community/cairn/backend/contributions"
	"github.com/cairn-community/cairn/backend/decisions"
	"github.com/cairn-community/cairn/backend/deliverable"
	"github.com/cairn-community/cairn/backend/members"
	"github.com/cairn-community/cairn/backend/oplog"
	"github.com/cairn-community/cairn/backend/roadmap"
	"github.com/cairn-community/cairn/backend/roles"
)

// replicaSet is a founder and the members who joined, each a real replica
// with its own data folder and database, sharing one fake wall clock.
type replicaSet struct {
	t        failer
	now      time.Time
	replicas []*Workspace
	pool     [][]byte // every segment exported so far
	cleanup  []func()
	skew     []time.Duration // how far each replica's clock runs ahead
}

// failer is what both *testing.T and *rapid.T offer.
type failer interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
}

// newReplicaSet makes n replicas; close removes them. Each property check
// closes its own, so hundreds of checks never hold hundreds of databases.
func newReplicaSet(t failer, n int) *replicaSet {
	return newReplicaSetAt(t, n, time.UnixMilli(1_800_000_000_000))
}

// newReplicaSetAt is newReplicaSet with the shared clock starting at start.
func newReplicaSetAt(t failer, n int, start time.Time) *replicaSet {
	s := &replicaSet{t: t, now: start, skew: make([]time.Duration, n)}
	for i := 0; i < n; i++ {
		clock := func() time.Time { return s.now.Add(s.skew[i]) }
		path, err := os.MkdirTemp("", "cairn-replica-")
		if err != nil {
			t.Fatal(err)
		}
		s.cleanup = append(s.cleanup, func() { os.RemoveAll(path) })
		d, err := Claim(path)
		if err != nil {
			t.Fatal(err)
		}
		s.cleanup = append(s.cleanup, func() { d.Release() })
		d.Now = clock
		var w *Workspace
		if i == 0 {
			w, err = d.Create(context.Background(), "Guide", "Founder")
		} else {
			w, err = d.Join(context.Background(), s.replicas[0].Invitation(), fmt.Sprintf("Member %d", i))
		}
		if err != nil {
			t.Fatal(err)
		}
		s.cleanup = append(s.cleanup, func() { w.Close() })
		s.replicas = append(s.replicas, w)
	}
	return s
}

func (s *replicaSet) close() {
	for i := len(s.cleanup) - 1; i >= 0; i-- {
		s.cleanup[i]()
	}
}

func (s *replicaSet) export(i int) {
	segs, err := s.replicas[i].Export(context.Background())
	if err != nil {
		s.t.Fatal(err)
	}
	for _, seg := range segs {
		s.pool = append(s.pool, seg.Raw)
	}
}

// copyReplica copies replica i's closed data folder, as a person copies it
// to a new computer, and opens both: the copy goes on as another computer
// of the same member.
func (s *replicaSet) copyReplica(i int) {
	ctx := context.Background()
	w := s.replicas[i]
	w.Close()
	path, err := os.MkdirTemp("", "cairn-copy-")
	if err != nil {
		s.t.Fatal(err)
	}
	s.cleanup = append(s.cleanup, func() { os.RemoveAll(path) })
	if err := os.RemoveAll(path); err != nil {
		s.t.Fatal(err)
	}
	if err := os.CopyFS(path, os.DirFS(w.dir.Path())); err != nil {
		s.t.Fatal(err)
	}
	if s.replicas[i], err = w.dir.Open(ctx); err != nil {
		s.t.Fatal(err)
	}
	s.cleanup = append(s.cleanup, func() { s.replicas[i].Close() })
	d, err := Claim(path)
	if err != nil {
		s.t.Fatal(err)
	}
	s.cleanup = append(s.cleanup, func() { d.Release() })
	n := len(s.replicas)
	s.skew = append(s.skew, s.skew[i])
	d.Now = func() time.Time { return s.now.Add(s.skew[n]) }
	copied, err := d.Open(ctx)
	if err != nil {
		s.t.Fatal(err)
	}
	s.cleanup = append(s.cleanup, func() { copied.Close() })
	s.replicas = append(s.replicas, copied)
}

func (s *replicaSet) deliver(i int, files [][]byte) {
	if _, err := s.replicas[i].Import(context.Background(), files); err != nil {
		s.t.Fatal(err)
	}
}

// converge shares everything with everyone and checks that every replica
// shows the same state, and that a rebuild from the log alone changes
// nothing.
func (s *replicaSet) converge(t *rapid.T, order func(n int) []int) {
	ctx := context.Background()
	for i := range s.replicas {
		s.export(i)
	}
	var first string
	var firstState, firstView []byte
	for i, w := range s.replicas {
		files := make([][]byte, 0, len(s.pool))
		for _, k := range order(len(s.pool)) {
			files = append(files, s.pool[k])
		}
		s.deliver(i, files)
		dump, err := w.Dump(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Rebuild(ctx); err != nil {
			t.Fatal(err)
		}
		rebuilt, err := w.Dump(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if rebuilt != dump {
			t.Fatalf("replica %d: rebuild differs from the incremental state\n%s", i, lineDiff("incremental", dump, "rebuilt", rebuilt))
		}
		snapshot, err := w.Snapshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		view, _ := json.Marshal(snapshot)
		if i == 0 {
			first = dump
			firstState, _ = ReadState(ctx, w.dir.Path())
			firstView = view
		} else if string(view) != string(firstView) {
			t.Fatalf("replica %d: the areas read differently from replica 0\n%s\n%s\n%s", i, view, firstView, lineDiff("replica 0", first, "this replica", dump))
		} else if state, _ := ReadState(ctx, w.dir.Path()); string(state) != string(firstState) {
			t.Fatalf("replica %d: cairn state differs from replica 0; the dumps differ in\n%s", i, lineDiff("replica 0", first, "this", dump))
		} else if dump != first {
			t.Fatalf("replica %d differs from replica 0\n%s", i, lineDiff("replica 0", first, "this replica", dump))
		}
	}
}

var (
	partIDs     = []string{"intro", "methods", "outcome"}
	decisionIDs = []string{"scope", "venue"}
	stepIDs     = []string{"survey", "analyse", "publish"}
	roleIDs     = []string{"editors", "stewards"}
	lines       = []string{"We map the rivers.", "Volunteers sample weekly.", "Data goes to the commons.", "Photos need consent.", ""}
)

// randomWrite makes replica i attempt one random change of any type.
func (s *replicaSet) randomWrite(t *rapid.T, i int) {
	w := s.replicas[i]
	ctx := context.Background()
	keys := make([]string, len(s.replicas))
	for k, r := range s.replicas {
		keys[k] = r.Author()
	}
	member := rapid.SampledFrom(keys).Draw(t, "member")
	part := rapid.SampledFrom(partIDs).Draw(t, "part")
	var typ string
	var payload any
	switch kind := rapid.IntRange(0, 32).Draw(t, "kind"); kind {
	case 0:
		typ, payload = members.WorkspaceRename, members.NamePayload{Name: rapid.SampledFrom([]string{"Guide", "River Guide", "Atlas"}).Draw(t, "name")}
	case 1:
		typ, payload = members.MemberApprove, members.ApprovePayload{Member: member, Name: "Approved"}
	case 2:
		typ, payload = members.MemberRemove, members.MemberPayload{Member: member}
	case 3, 4:
		p := rapid.SampledFrom([]oplog.Permission{oplog.Contribute, oplog.Validate, oplog.Coordinate}).Draw(t, "permission")
		typ = roles.RoleGrant
		if kind == 4 {
			typ = roles.RoleRevoke
		}
		payload = roles.GrantPayload{Member: member, Permission: p}
	case 5:
		typ, payload = deliverable.PartAdd, deliverable.PartAddPayload{Part: part, Title: "Part " + part, Position: rapid.SampledFrom([]string{"V", "k", "V", "c"}).Draw(t, "position")}
	case 6:
		typ, payload = deliverable.PartMove, deliverable.PartMovePayload{Part: part, Position: rapid.SampledFrom([]string{"F", "V", "x"}).Draw(t, "position")}
	case 7:
		typ, payload = deliverable.PartRetitle, deliverable.PartRetitlePayload{Part: part, Title: rapid.SampledFrom([]string{"A", "B", "C"}).Draw(t, "title")}
	case 8:
		typ, payload = deliverable.PartDelete, deliverable.PartPayload{Part: part}
	case 9, 10:
		text, heads, _, err := w.PartText(ctx, part)
		if err != nil {
			t.Fatal(err)
		}
		edited := text + rapid.SampledFrom(lines).Draw(t, "line") + "\n"
		if rapid.Bool().Draw(t, "rewrite") {
			edited = rapid.SampledFrom(lines).Draw(t, "first") + "\n" + text
		}
		typ, payload = deliverable.PartRevise, deliverable.PartRevisePayload{Part: part, Parents: heads, Text: edited}
	case 11:
		typ, payload = deliverable.CommentAdd, deliverable.CommentPayload{Target: part, Body: rapid.SampledFrom(lines[:4]).Draw(t, "body")}
	case 13:
		typ, payload = canvas.VisionSet, canvas.VisionPayload{Text: rapid.SampledFrom(lines[:4]).Draw(t, "vision")}
	case 14:
		typ, payload = canvas.CanvasAnswer, canvas.AnswerPayload{Question: rapid.SampledFrom([]string{"content", "exchange"}).Draw(t, "question"), Text: rapid.SampledFrom(lines[:4]).Draw(t, "answer")}
	case 15:
		typ, payload = canvas.ExchangeAdd, canvas.ExchangePayload{Side: rapid.SampledFrom([]string{"offer", "need"}).Draw(t, "side"), Text: rapid.SampledFrom(lines[:4]).Draw(t, "item text")}
	case 16:
		// Take up an item this replica can see; concurrent takers race,
		// and the earliest in replay order must win everywhere.
		_, items, err := readBoard(ctx, w.db)
		if err != nil {
			t.Fatal(err)
		}
		if len(items) == 0 {
			return
		}
		typ, payload = canvas.ExchangeMatch, canvas.ItemPayload{Item: rapid.SampledFrom(items).Draw(t, "item").Item}
	case 17:
		typ, payload = roles.RoleAdd, roles.RolePayload{Role: rapid.SampledFrom(roleIDs).Draw(t, "role"), Name: "Role",
			Can: rapid.SliceOfNDistinct(rapid.SampledFrom([]oplog.Permission{oplog.Coordinate, oplog.Validate, oplog.Contribute, oplog.Observe}), 1, 3, func(p oplog.Permission) oplog.Permission { return p }).Draw(t, "can")}
	case 18, 19:
		typ = roles.RoleAssign
		if kind == 19 {
			typ = roles.RoleUnassign
		}
		payload = roles.RoleMemberPayload{Role: rapid.SampledFrom(roleIDs).Draw(t, "role"), Member: member}
	case 20:
		typ, payload = roadmap.StepAdd, roadmap.StepAddPayload{Step: rapid.SampledFrom(stepIDs).Draw(t, "step"), Title: "Step",
			After: rapid.SliceOfNDistinct(rapid.SampledFrom(stepIDs), 0, 2, rapid.ID[string]).Draw(t, "after")}
	case 21:
		// Dependencies set apart can close a loop together (or even here:
		// the op layer does not check); the read model must break it the
		// same way everywhere.
		after := rapid.SliceOfNDistinct(rapid.SampledFrom(stepIDs), 0, 3, rapid.ID[string]).Draw(t, "after")
		status := rapid.SampledFrom([]string{"active", "done", "validated"}).Draw(t, "status")
		typ, payload = roadmap.StepSet, roadmap.StepSetPayload{Step: rapid.SampledFrom(stepIDs).Draw(t, "step"), After: &after, Status: &status}
	case 22:
		mode := rapid.SampledFrom([]string{"cooperation", "collaboration"}).Draw(t, "mode")
		writers := rapid.SliceOfNDistinct(rapid.SampledFrom(keys), 0, 2, rapid.ID[string]).Draw(t, "writers")
		typ, payload = deliverable.PartSet, deliverable.PartSetPayload{Part: part, Mode: &mode, Owner: &member, Writers: &writers}
	case 23:
		_, heads, _, err := w.PartText(ctx, part)
		if err != nil {
			t.Fatal(err)
		}
		typ, payload = deliverable.PartSuggest, deliverable.SuggestPayload{Part: part, Parents: heads, Text: rapid.SampledFrom(lines).Draw(t, "suggested") + "\n"}
	case 24:
		suggestions, err := w.db.Entities(ctx, "suggestion")
		if err != nil {
			t.Fatal(err)
		}
		if len(suggestions) == 0 {
			return
		}
		sg := rapid.SampledFrom(suggestions).Draw(t, "suggestion")
		var target string
		sg.Field("part", &target)
		if rapid.Bool().Draw(t, "accept") {
			var text string
			sg.Field("text", &text)
			_, heads, _, _ := w.PartText(ctx, target)
			typ, payload = deliverable.PartRevise, deliverable.PartRevisePayload{Part: target, Parents: heads, Text: text, Suggestion: sg.ID}
		} else {
			typ, payload = deliverable.PartDecline, deliverable.DeclinePayload{Part: target, Suggestion: sg.ID}
		}
	case 25:
		typ, payload = contributions.ContribLog, contributions.ContribPayload{Type: rapid.SampledFrom([]string{"content", "research", "methodology"}).Draw(t, "type"), Part: part, Note: "Did it"}
	case 26:
		typ, payload = contributions.ContribReview, contributions.ReviewPayload{Contrib: s.pickEntity(t, w, "contrib", nil), Accept: rapid.Bool().Draw(t, "accept"), Note: "Seen"}
	case 27:
		typ, payload = decisions.DecisionPropose, decisions.ProposePayload{Title: "Venue", Method: rapid.SampledFrom([]string{"consent", "poll"}).Draw(t, "method"), Options: []string{"yes", "no"}}
	case 28:
		typ, payload = decisions.DecisionClose, decisions.ClosePayload{Decision: s.pickEntity(t, w, "decision", nil), Outcome: "Agreed",
			ValidatesStep: rapid.SampledFrom(append([]string{""}, stepIDs...)).Draw(t, "validates")}
	case 29:
		typ, payload = members.DeviceRequest, members.DeviceRequestPayload{Member: member, Name: "Device"}
	case 30:
		typ, payload = members.DeviceApprove, members.DeviceApprovePayload{Device: member}
	default:
		typ, payload = decisions.VoteCast, decisions.VotePayload{Decision: s.pickEntity(t, w, "decision", decisionIDs), Choice: rapid.SampledFrom([]string{"yes", "no"}).Draw(t, "choice")}
	}
	// A write the author may not make is refused locally: that is a
	// legitimate outcome of a random step, not a failure.
	w.Write(ctx, typ, payload)
}

// pickEntity picks an entity of a kind this replica sees, or one of the
// fallback ids (ids that name nothing are legitimate random input too).
func (s *replicaSet) pickEntity(t *rapid.T, w *Workspace, kind string, fallback []string) string {
	entities, err := w.db.Entities(context.Background(), kind)
	if err != nil {
		t.Fatal(err)
	}
	ids := append([]string{}, fallback...)
	for _, e := range entities {
		ids = append(ids, e.ID)
	}
	if len(ids) == 0 {
		return strings.Repeat("0", 64)
	}
	return rapid.SampledFrom(ids).Draw(t, kind)
}

// TestConvergence: whatever replicas write, and in whatever order, with
// duplicates and partitions, segments arrive, every replica ends in the
// same state, equal to a rebuild from its log.
func TestConvergence(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := newReplicaSet(t, rapid.IntRange(3, 5).Draw(t, "replicas"))
		defer s.close()
		// The founder lets everyone in at once half of the time; otherwise
		// approvals come through random steps, late or never.
		if rapid.Bool().Draw(t, "approve early") {
			for _, r := range s.replicas[1:] {
				s.replicas[0].Write(context.Background(), members.MemberApprove, members.ApprovePayload{Member: r.Author(), Name: "Member"})
			}
		}
		steps := rapid.IntRange(1, 40).Draw(t, "steps")
		for step := 0; step < steps; step++ {
			s.now = s.now.Add(time.Duration(rapid.IntRange(0, 3).Draw(t, "ms")) * time.Millisecond)
			i := rapid.IntRange(0, len(s.replicas)-1).Draw(t, "replica")
			if rapid.IntRange(0, 4).Draw(t, "sync?") == 0 {
				// A partial sync: export, then deliver a random part of
				// everything exported so far, in random order, with repeats.
				s.export(i)
				if len(s.pool) > 0 {
					picks := rapid.SliceOfN(rapid.IntRange(0, len(s.pool)-1), 0, 2*len(s.pool)).Draw(t, "delivery")
					files := make([][]byte, len(picks))
					for k, p := range picks {
						files[k] = s.pool[p]
					}
					s.deliver(rapid.IntRange(0, len(s.replicas)-1).Draw(t, "to"), files)
				}
				continue
			}
			switch rapid.IntRange(0, 29).Draw(t, "mishap?") {
			case 0:
				// A clock set wrong, or set right again; set back, it
				// backdates what its member writes, to dodge a removal or
				// slip a ballot in before a close.
				s.skew[i] = rapid.SampledFrom([]time.Duration{0, 0, 10 * time.Minute, time.Hour, -2 * time.Second, -time.Hour}).Draw(t, "skew")
			case 3:
				// A coordinator accepts what a member did after their
				// removal, before they knew.
				held, _ := s.replicas[i].db.OpsWithStatus(context.Background(), nil, oplog.Waiting)
				for _, op := range held {
					if op.Reason == oplog.ReasonBeyondCut {
						s.replicas[i].Accept(context.Background(), []string{op.ID})
						break
					}
				}
			case 1:
				// Someone sends on a change made while a clock ran ahead:
				// refused unless it is theirs or they coordinate.
				if ahead, _ := s.replicas[i].db.OpsWithStatus(context.Background(), nil, oplog.Ahead); len(ahead) > 0 {
					op := rapid.SampledFrom(ahead).Draw(t, "release")
					s.replicas[i].Write(context.Background(), oplog.Release, oplog.ReleasePayload{Author: op.Author, Ops: []string{op.ID}})
				}
			case 2:
				// A data folder copied to another computer: both go on.
				if len(s.replicas) < 7 {
					s.copyReplica(i)
				}
			}
			s.randomWrite(t, i)
		}
		// Every clock is set right: the replicas agree while some changes
		// still wait for their time, and again once it has come.
		clear(s.skew)
		for _, later := range []time.Duration{0, 2 * time.Hour} {
			s.now = s.now.Add(later)
			s.converge(t, func(n int) []int {
				return rapid.Permutation(indexes(n)).Draw(t, "final order")
			})
			checkCuts(t, s.replicas[0])
			checkClosedTallies(t, s.replicas[0])
		}
	})
}

// checkCuts: no op is in force beyond its author's cut, whatever its
// stamp, unless a coordinator accepted it or its author was let in again
// after the removal. Read from the log alone, apart from replay.
func checkCuts(t *rapid.T, w *Workspace) {
	ctx := context.Background()
	applied, err := w.db.OpsWithStatus(ctx, nil, oplog.Applied)
	if err != nil {
		t.Fatal(err)
	}
	devices, err := w.db.DeviceKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	memberOf := func(key string) string {
		if m := devices[key]; m != "" {
			return m
		}
		return key
	}
	accepted := map[string]bool{}
	for _, op := range applied {
		if op.Type == oplog.Accept {
			var p oplog.AcceptPayload
			json.Unmarshal(op.Payload, &p)
			for _, id := range p.Ops {
				accepted[id] = true
			}
		}
	}
	for _, removal := range applied {
		if removal.Type != members.MemberRemove || removal.Version < 2 {
			continue
		}
		var p members.MemberPayload
		json.Unmarshal(removal.Payload, &p)
		if memberOf(p.Member) != p.Member {
			continue // a computer's key removed as if a member: its member stays
		}
		readmitted := false
		for _, op := range applied {
			var a members.ApprovePayload
			if op.Type == members.MemberApprove && json.Unmarshal(op.Payload, &a) == nil && memberOf(a.Member) == memberOf(p.Member) && op.Stamp.Compare(removal.Stamp) > 0 {
				readmitted = true
			}
		}
		for _, op := range applied {
			def, _ := oplog.Lookup(op.Type, op.Version)
			parsed, _ := def.Parse(op.Payload)
			if def.Needs(parsed) == oplog.Anyone {
				continue // a request to join, which anyone may make
			}
			if memberOf(op.Author) == p.Member && op.Seq > p.Cut[op.Replica] && !accepted[op.ID] && !readmitted {
				t.Fatalf("%s (seq %d, stamp %v, replica %s, author %.8s, payload %s) is in force beyond its author's cut %v (removal of %.8s stamped %v, by %.8s)", op.Type, op.Seq, op.Stamp, op.Replica, op.Author, op.Payload, p.Cut, p.Member, removal.Stamp, removal.Author)
			}
		}
	}
}

// checkClosedTallies: a decision closed by a close that named its ballots
// shows exactly the voters of those ballots held here: a late ballot
// neither adds a voter nor erases one.
func checkClosedTallies(t *rapid.T, w *Workspace) {
	ctx := context.Background()
	snap, err := w.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	seen := w.db.Seen(ctx)
	for _, d := range snap.Decisions {
		if d.Closed == nil || d.Closed.Counted == nil {
			continue
		}
		want := map[string]bool{}
		for _, ballot := range d.Closed.Counted {
			if author := seen.AuthorOf(ballot); author != "" {
				want[snap.MemberOf(author)] = true
			}
		}
		got := map[string]bool{}
		for _, v := range d.Votes {
			got[v.Member] = true
		}
		if len(got) != len(want) {
			t.Fatalf("decision %s: the close counted the ballots of %v, the tally shows %v", d.ID, want, got)
		}
		for m := range want {
			if !got[m] {
				t.Fatalf("decision %s: the close counted the ballots of %v, the tally shows %v", d.ID, want, got)
			}
		}
	}
}

func indexes(n int) []int {
	list := make([]int, n)
	for i := range list {
		list[i] = i
	}
	return list
}

// lineDiff lists the lines only one side has, under its table's heading.
func lineDiff(nameA, a, nameB, b string) string {
	count := func(text string) map[string]int {
		m := map[string]int{}
		table := ""
		for _, line := range strings.Split(text, "\n") {
			if strings.HasPrefix(line, "# ") {
				table = line
				continue
			}
			m[table+" "+line]++
		}
		return m
	}
	ca, cb := count(a), count(b)
	var out strings.Builder
	for line, n := range ca {
		if cb[line] < n {
			fmt.Fprintf(&out, "only in %s: %s\n", nameA, line)
		}
	}
	for line, n := range cb {
		if ca[line] < n {
			fmt.Fprintf(&out, "only in %s: %s\n", nameB, line)
		}
	}
	return out.String()
}
