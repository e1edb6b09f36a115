package workspace

import (
	"context"

	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/export"
	"github.com/cairn-community/cairn/backend/gitsync"
	"github.com/cairn-community/cairn/backend/roles"
)

// Publish syncs, then writes a readable snapshot of the converged state to
// the remote's main branch, so a plain git clone shows the deliverable:
// README.md, deliverable.md and .html, roadmap.md, roles.md, CREDITS.md.
// Coordinators only. When someone published first, it takes in what came
// and regenerates; it never merges text.
func (w *Workspace) Publish(ctx context.Context, opts SyncOptions) (SyncSummary, error) {
	s, err := w.SnapshotOf(ctx, NeedAll)
	if err != nil {
		return SyncSummary{}, err
	}
	if !s.holds(w.Author(), roles.Coordinate) {
		return SyncSummary{}, errs.New(errs.Unauthorized, "Only a coordinator publishes the workspace. Ask one to publish, or for the coordinate permission.")
	}
	summary, err := w.Sync(ctx, opts)
	if err != nil {
		return summary, err
	}
	settings, err := w.Remote()
	if err != nil {
		return summary, err
	}
	w.syncing.Lock()
	defer w.syncing.Unlock()
	r, err := w.syncRepo()
	if err != nil {
		return summary, err
	}
	build := func() ([]gitsync.File, error) {
		// What the fetch before each attempt brought is taken in first.
		if err := w.importFetched(ctx, r, &summary, func(string) {}); err != nil {
			return nil, err
		}
		s, err := w.SnapshotOf(ctx, NeedAll)
		if err != nil {
			return nil, err
		}
		return s.publication(), nil
	}
	if err := r.Publish(ctx, settings.auth(opts.Secret), w.dir.Now(), build); err != nil {
		return summary, syncError(err)
	}
	return summary, nil
}

// publication is the snapshot's files.
func (s *Snapshot) publication() []gitsync.File {
	s.needs(NeedAll)
	overview := export.Overview{Title: s.Name, Vision: s.Vision, Parts: len(s.Parts), Steps: map[string]int{}}
	for _, st := range s.Steps {
		overview.Steps[st.Status]++
		if st.Milestone {
			overview.Milestones = append(overview.Milestones, export.Milestone{Title: st.Title, Status: st.Status, Due: st.Due, Finished: st.Finished, Total: st.Total})
		}
	}
	var published []export.Role
	for _, r := range s.Roles {
		published = append(published, export.Role{Name: r.Name, Who: r.Who, When: r.When, How: r.How, Can: r.Can, Members: r.Names})
	}
	doc := s.document()
	return []gitsync.File{
		{Path: "README.md", Data: export.ReadMe(overview)},
		{Path: "deliverable.md", Data: export.Markdown(doc)},
		{Path: "deliverable.html", Data: export.HTML(doc)},
		{Path: "roadmap.md", Data: export.RoadmapPage(s.Name, s.exportSteps())},
		{Path: "roles.md", Data: export.RolesPage(s.Name, published)},
		{Path: "CREDITS.md", Data: export.Credits(s.Name, s.exportCredits())},
	}
}
