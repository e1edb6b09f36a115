package oplog

import (
	"fmt"
	"time"
)

// Release is the operation that brings changes made under a clock that ran
// ahead back to the present: each change it names, by the author it names,
// that carries a later time than the release itself, takes the release's
// time instead, on every computer. Their author sends their own ("Send
// now"); a coordinator may send anyone's. Replay carries it out whenever
// it judges everything again (see store.Tx.ApplyClaims), so the outcome
// does not depend on the order things arrive in; it projects nothing.
const Release = "change.release"

// MaxReleased is how many changes one release names.
const MaxReleased = 1000

// ReleasePayload names the changes to bring to the present and their
// author's key.
type ReleasePayload struct {
	Author string   `json:"author"`
	Ops    []string `json:"ops"`
}

func init() {
	Define(Spec[ReleasePayload]{
		Type:       Release,
		Area:       "workspace",
		Permission: AnyMember,
		Valid: func(p ReleasePayload) error {
			if len(p.Ops) == 0 || len(p.Ops) > MaxReleased {
				return fmt.Errorf("a release names from 1 to %d changes", MaxReleased)
			}
			for _, id := range p.Ops {
				if len(id) != 64 || !isHex(id) {
					return fmt.Errorf("%q is not an operation id", id)
				}
			}
			return CheckKey(p.Author)
		},
		Authorize: func(a *Authority, op Op, p ReleasePayload) Verdict {
			if a.Member(op.Author) == a.Member(p.Author) || a.HoldsFor(op, Coordinate) {
				return Stands
			}
			return Forbidden("only their author or a coordinator may send on changes made while a clock ran ahead")
		},
		Describe: func(n Names, op Op, p ReleasePayload) (string, string) {
			what := fmt.Sprintf("%d changes", len(p.Ops))
			if len(p.Ops) == 1 {
				what = "a change"
			}
			if op.Author == p.Author {
				return "sent on " + what + " made while their clock ran ahead", ""
			}
			return fmt.Sprintf("sent on %s %s made while their clock ran ahead", n.Name(p.Author)+"'s", what), ""
		},
	})
}

// MayRelease reports whether releaser may send on author's changes at
// stamp at: their own (from any of their devices), or anyone's as a
// coordinator.
func (a *Authority) MayRelease(releaser, author string, at Stamp) bool {
	return a.Member(releaser) == a.Member(author) || a.Holds(releaser, Coordinate, at)
}

// AheadReason is the reason an op held for its clock is given: what
// happened and when it applies.
func AheadReason(s Stamp) string {
	return fmt.Sprintf("the computer it was made on had its clock set ahead, so it carries the time %s",
		time.UnixMilli(s.Wall).UTC().Format("2 January 2006, 15:04 UTC"))
}
