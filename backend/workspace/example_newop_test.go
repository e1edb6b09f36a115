package workspace_test

import (
	"context"
	"fmt"
	"os"

	"github.com/cairn-community/cairn/backend/members"
	"github.com/cairn-community/cairn/backend/oplog"
	"github.com/cairn-community/cairn/backend/workspace"
)

// How to add an operation type. A new kind of change lives in one area
// file: its name, its payload, and one oplog.Define with the payload's
// rules, the permission it needs, any rule of its own, what it changes in
// the projections, and its words for Activity. Then it gets a use case in
// backend/workspace, a command in cmd/cairn, a place on a screen, and a row
// in docs/format.md. Nothing else in Cairn learns about it: the kernel,
// replay, the store and sync carry it as they carry every other type.
//
// This one thanks another member for something they did.

// KudosGive is the new type's name, as it travels in segments.
const KudosGive = "kudos.give"

// KudosPayload is what a kudos says.
type KudosPayload struct {
	To  string `json:"to"`  // the member thanked, by key
	For string `json:"for"` // what for, in a line
}

func init() {
	oplog.Define(oplog.Spec[KudosPayload]{
		Type: KudosGive, Area: "contributions", Permission: oplog.Contribute,
		// Every replica refuses the same malformed payloads.
		Valid: func(p KudosPayload) error {
			return oplog.FirstError(oplog.CheckKey(p.To), oplog.CheckName("for", p.For, oplog.MaxTitleChars))
		},
		// A rule of its own, judged in replay at the op's place: nobody
		// thanks themself, from any of their computers.
		Authorize: func(a *oplog.Authority, op oplog.Op, p KudosPayload) oplog.Verdict {
			if a.Member(op.Author) == a.Member(p.To) {
				return oplog.Refused("kudos go to someone else")
			}
			return oplog.Stands
		},
		// What it changes: a new entity with two fields. Every write
		// commutes, so replicas agree whatever order ops arrive in.
		Project: func(w oplog.Projection, op oplog.Op, p KudosPayload) {
			kudos := w.Created("kudos", op.ID)
			w.Field(kudos, "to", p.To)
			w.Field(kudos, "for", p.For)
		},
		// Its words in Activity, after the author's name.
		Describe: func(n oplog.Names, _ oplog.Op, p KudosPayload) (string, string) {
			return "thanked " + n.Name(p.To) + " for " + p.For, p.To
		},
	})
}

// Ana thanks Bo on her computer; Bo's computer receives it, projects it,
// and says it in words. Thanking herself is refused by the type's own rule.
func Example_newOperationType() {
	ctx := context.Background()
	var cleanup []func()
	defer func() {
		for _, done := range cleanup {
			done()
		}
	}()
	folder := func() *workspace.Dir {
		path, _ := os.MkdirTemp("", "cairn-example-")
		dir, err := workspace.Claim(path)
		if err != nil {
			panic(err)
		}
		cleanup = append(cleanup, func() { dir.Release(); os.RemoveAll(path) })
		return dir
	}
	share := func(from, to *workspace.Workspace) {
		segments, _ := from.Export(ctx)
		files := make([][]byte, len(segments))
		for i, s := range segments {
			files[i] = s.Raw
		}
		if _, err := to.Import(ctx, files); err != nil {
			panic(err)
		}
	}

	ana, _ := folder().Create(ctx, "Field Guide to Rivers", "Ana")
	bo, _ := folder().Join(ctx, ana.Invitation(), "Bo")
	defer ana.Close()
	defer bo.Close()
	share(bo, ana)
	ana.Write(ctx, members.MemberApprove, members.ApprovePayload{Member: bo.Author(), Name: "Bo"})

	// The use case a new type gets is a Write of its payload.
	if _, err := ana.Write(ctx, KudosGive, KudosPayload{To: bo.Author(), For: "the sampling map"}); err != nil {
		panic(err)
	}
	_, err := ana.Write(ctx, KudosGive, KudosPayload{To: ana.Author(), For: "my own work"})
	fmt.Println("thanking herself:", err)

	share(ana, bo)
	kudos, _ := bo.Entities(ctx, "kudos")
	var to, what string
	kudos[0].Field("to", &to)
	kudos[0].Field("for", &what)
	fmt.Printf("Bo's computer holds %d kudos, for %q, to Bo: %v\n", len(kudos), what, to == bo.Author())
	activity, _ := bo.Activity(ctx, workspace.ActivityFilter{Area: "contributions"})
	fmt.Println(activity[0].Text)

	// Output:
	// thanking herself: Cairn did not make this change: kudos go to someone else.
	// Bo's computer holds 1 kudos, for "the sampling map", to Bo: true
	// Ana thanked Bo for the sampling map
}
