package workspace_test

import (
	"context"
	"fmt"
	"os"

	"github.com/cairn-community/cairn/backend/deliverable"
	"github.com/cairn-community/cairn/backend/members"
	"github.com/cairn-community/cairn/backend/workspace"
)

// Two members write on their own computers and exchange segments: the whole
// life of an operation, from Write to another replica's projections. A sync
// through git (issue 6) only has to carry Export's bytes to Import.
func Example() {
	var cleanup []func()
	ctx := context.Background()
	folder := func() *workspace.Dir {
		path, _ := os.MkdirTemp("", "cairn-example-")
		dir, err := workspace.Claim(path)
		if err != nil {
			panic(err)
		}
		cleanup = append(cleanup, func() { dir.Release(); os.RemoveAll(path) })
		return dir
	}
	defer func() {
		for _, done := range cleanup {
			done()
		}
	}()

	// Ana founds the workspace; Bo joins it from the invitation.
	ana, _ := folder().Create(ctx, "Field Guide to Rivers", "Ana")
	bo, _ := folder().Join(ctx, ana.Invitation(), "Bo")
	defer ana.Close()
	defer bo.Close()

	// Bo writes before anyone let him in: his change waits.
	bo.Write(ctx, deliverable.PartAdd, deliverable.PartAddPayload{Part: "sampling", Title: "How we sample", Position: "V"})

	// Ana approves Bo and adds a part of her own, ahead of his.
	ana.Write(ctx, members.MemberApprove, members.ApprovePayload{Member: bo.Author(), Name: "Bo"})
	ana.Write(ctx, deliverable.PartAdd, deliverable.PartAddPayload{Part: "why", Title: "Why rivers", Position: "F"})
	ana.Write(ctx, deliverable.PartRevise, deliverable.PartRevisePayload{Part: "why", Text: "Rivers carry the story of a valley.\n"})

	// Each exports what is new and imports the other's segments.
	share := func(from, to *workspace.Workspace) {
		segments, err := from.Export(ctx)
		if err != nil {
			panic(err)
		}
		files := make([][]byte, len(segments))
		for i, s := range segments {
			files[i] = s.Raw
		}
		report, err := to.Import(ctx, files)
		if err != nil {
			panic(err)
		}
		fmt.Printf("%d segment(s) applied\n", report.Count("applied"))
	}
	share(bo, ana)
	share(ana, bo)

	// Both now show the same thing, whatever order the segments came in.
	for _, w := range []*workspace.Workspace{ana, bo} {
		text, _, conflicted, _ := w.PartText(ctx, "why")
		fmt.Printf("%q conflicted=%v\n", text, conflicted)
	}
	a, _ := ana.Dump(ctx)
	b, _ := bo.Dump(ctx)
	fmt.Println("same state:", a == b)

	// Output:
	// 1 segment(s) applied
	// 1 segment(s) applied
	// "Rivers carry the story of a valley.\n" conflicted=false
	// "Rivers carry the story of a valley.\n" conflicted=false
	// same state: true
}
