package contributions

import (
	"slices"
	"strings"

	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/oplog"
)

// LookupKind finds a kind by its key, ignoring case.
func LookupKind(key string) (Kind, error) {
	for _, list := range [][]Kind{AllContributors, CRediTRoles} {
		for _, k := range list {
			if strings.EqualFold(k.Key, strings.TrimSpace(key)) {
				return k, nil
			}
		}
	}
	return Kind{}, errs.OnField("type", "%q is not a contribution type. Use an all-contributors type such as code, content, research or translation, or a CRediT role such as methodology or writing-original-draft.", key)
}

// Status is where an entry stands in review.
type Status string

const (
	Submitted Status = "submitted"
	Accepted  Status = "accepted"
	Returned  Status = "returned"
)

// Entry is one logged contribution.
type Entry struct {
	ID     string
	Member string // the contributor's member key
	Kind   string
	Part   string
	Step   string
	Note   string
	Status Status
}

// MaxNoteBytes bounds a note: a paragraph, not a report.
const MaxNoteBytes = oplog.MaxNoteBytes

// CheckNote refuses an empty or oversized note.
func CheckNote(note string) error {
	if strings.TrimSpace(note) == "" {
		return errs.OnField("note", "Say in a few words what you did.")
	}
	if len(note) > MaxNoteBytes {
		return errs.OnField("note", "The note is %d bytes long. Keep it under %d; link to longer work instead.", len(note), MaxNoteBytes)
	}
	return nil
}

// Review is a validator's answer to a submitted entry, stored as the
// entry's "review" field: the latest review stands.
type Review struct {
	Accept bool   `json:"accept"`
	Note   string `json:"note,omitempty"`
	By     string `json:"by"` // the reviewer's key
	// For is the key the review says wrote the entry (version 2); a
	// review naming someone else than the entry's author counts for
	// nothing.
	For string `json:"for,omitempty"`
}

// CheckReview says whether an entry in status from can get this review: only
// submitted entries are reviewed, and returning one needs a reason.
func CheckReview(from Status, r Review) error {
	if from != Submitted {
		return errs.New(errs.Conflict, "This contribution was already %s; only a submitted one can be reviewed.", from)
	}
	if !r.Accept && strings.TrimSpace(r.Note) == "" {
		return errs.OnField("note", "Say why you return it, so its author knows what to change.")
	}
	return nil
}

// Credit is what one member is credited for.
type Credit struct {
	Member string
	Kinds  []string // keys, all-contributors types first, then CRediT roles, each sorted
}

// Credits adds up the accepted entries, member by member, in member order.
func Credits(entries []Entry) []Credit {
	kinds := map[string]map[string]bool{}
	for _, e := range entries {
		if e.Status != Accepted {
			continue
		}
		if kinds[e.Member] == nil {
			kinds[e.Member] = map[string]bool{}
		}
		kinds[e.Member][e.Kind] = true
	}
	members := make([]string, 0, len(kinds))
	for m := range kinds {
		members = append(members, m)
	}
	slices.Sort(members)
	credits := make([]Credit, 0, len(members))
	for _, m := range members {
		var list []string
		for _, group := range [][]Kind{AllContributors, CRediTRoles} {
			for _, k := range group {
				if kinds[m][k.Key] {
					list = append(list, k.Key)
				}
			}
		}
		credits = append(credits, Credit{Member: m, Kinds: list})
	}
	return credits
}
