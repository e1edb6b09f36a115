package oplog

import (
	"fmt"
	"maps"
	"slices"
)

// Accept is the operation by which a coordinator lets in changes a member
// made after being removed, before the removal reached them: removals
// name what their coordinator had seen, and keep what lies beyond it
// aside rather than losing it. It names the member and their changes.
const Accept = "change.accept"

// AcceptPayload names the changes to let in and their author's key.
type AcceptPayload struct {
	Author string   `json:"author"`
	Ops    []string `json:"ops"`
}

func init() {
	Define(Spec[AcceptPayload]{
		Type:               Accept,
		Area:               "workspace",
		Permission:         Coordinate,
		ChangesPermissions: true,
		Valid: func(p AcceptPayload) error {
			if len(p.Ops) == 0 || len(p.Ops) > MaxReleased {
				return fmt.Errorf("an acceptance names from 1 to %d changes", MaxReleased)
			}
			if err := CheckOpIDs(p.Ops); err != nil {
				return err
			}
			return CheckKey(p.Author)
		},
		Replay: func(a *Authority, _ Op, p AcceptPayload) Verdict {
			for _, id := range p.Ops {
				a.accepted[id] = a.Member(p.Author)
			}
			return Stands
		},
		Reaches: func(a *Authority, p AcceptPayload) ([]string, []string) {
			return a.KeysOf(p.Author), nil
		},
		Describe: func(n Names, _ Op, p AcceptPayload) (string, string) {
			what := fmt.Sprintf("%d changes", len(p.Ops))
			if len(p.Ops) == 1 {
				what = "a change"
			}
			return fmt.Sprintf("accepted %s %s made after their removal", n.Name(p.Author)+"'s", what), p.Author
		},
	})
}

// KeysOf lists the keys that act as key's member: the member's own and
// their devices', sorted.
func (a *Authority) KeysOf(key string) []string {
	member := a.Member(key)
	keys := []string{member}
	for _, device := range slices.Sorted(maps.Keys(a.devices)) {
		if a.devices[device] == member {
			keys = append(keys, device)
		}
	}
	return keys
}
