package export

import (
	"strings"

	"github.com/cairn-community/cairn/backend/contributions"
)

// Credit is what one member is credited for.
type Credit struct {
	Name  string   // member's display name
	Kinds []string // contribution keys, as contributions.LookupKind accepts
}

// Credits renders a Markdown credits page: a table of the all-contributors
// types each member has (emoji and label, in the taxonomy's order), then a
// CRediT statement naming each member's CRediT roles. Members appear in the
// given order and only in the groups where they have a kind; unknown keys
// are ignored. Names and labels are escaped, so a name can neither break the
// table nor inject HTML.
func Credits(workspace string, credits []Credit) []byte {
	var table, statement []string
	for _, c := range credits {
		rawName := orDefault(c.Name, "Anonymous")
		name := escapeInline(rawName)
		var badges, roles []string
		for _, k := range knownKinds(c.Kinds) {
			if k.CRediT {
				roles = append(roles, escapeInline(k.Label))
			} else {
				badges = append(badges, escapeInline(k.Emoji+" "+k.Label))
			}
		}
		if len(badges) > 0 {
			table = append(table, "| "+name+" | "+strings.Join(badges, ", ")+" |")
		}
		if len(roles) > 0 {
			if len(statement) == 0 {
				// The statement is one paragraph: only its first name begins a
				// line, where "1." or "- " would start a list.
				name = escapeLineStart(rawName)
			}
			statement = append(statement, name+": "+strings.Join(roles, ", ")+".")
		}
	}

	var b strings.Builder
	b.WriteString("# Credits\n\n")
	if ws := strings.TrimSpace(workspace); ws != "" {
		b.WriteString("Accepted contributions to " + escapeInline(ws) + ".\n\n")
	}
	if len(table) == 0 && len(statement) == 0 {
		b.WriteString("No accepted contributions yet.\n")
		return []byte(b.String())
	}
	var sections []string
	if len(table) > 0 {
		sections = append(sections, "## Contributors\n\n| Contributor | Contributions |\n| --- | --- |\n"+strings.Join(table, "\n")+"\n")
	}
	if len(statement) > 0 {
		sections = append(sections, "## CRediT statement\n\n"+strings.Join(statement, " ")+"\n")
	}
	b.WriteString(strings.Join(sections, "\n"))
	return []byte(b.String())
}

// knownKinds looks up keys, keeping each known kind once, all-contributors
// types first, each group in its taxonomy's order, so that the output does
// not depend on how the caller ordered or repeated them.
func knownKinds(keys []string) []contributions.Kind {
	has := map[string]bool{}
	for _, key := range keys {
		if k, err := contributions.LookupKind(key); err == nil {
			has[k.Key] = true
		}
	}
	var kinds []contributions.Kind
	for _, group := range [][]contributions.Kind{contributions.AllContributors, contributions.CRediTRoles} {
		for _, k := range group {
			if has[k.Key] {
				kinds = append(kinds, k)
			}
		}
	}
	return kinds
}
