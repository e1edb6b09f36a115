package workspace

import (
	"context"

	"github.com/cairn-community/cairn/backend/gitsync"
	"github.com/cairn-community/cairn/backend/oplog"
)

// What a member reads when someone else changed, or removed, their copy on
// the remote and this sync put it back. Words for members: no git terms.
const (
	repairedChanged = "Someone else changed your shared copy on the remote; Cairn put your work back. Nothing of yours was lost."
	repairedRemoved = "Someone removed your shared copy from the remote; Cairn put your work back. Nothing of yours was lost."
)

// restoreOwnRef makes this replica's ref hold exactly its sealed segments
// when it cannot simply be continued (see gitsync.OwnChecked): someone else
// wrote there, or a crash lost the local ref. It reads every sealed
// segment, so it runs only then. One commit on top of the remote's tip at
// most, never a force push. It returns how many segments the remote lacked.
func (w *Workspace) restoreOwnRef(ctx context.Context, r *gitsync.Repo) (int, error) {
	me := w.me.ReplicaID
	own, err := w.db.OwnSegments(ctx, me, "")
	if err != nil {
		return 0, err
	}
	files := make([]gitsync.File, len(own))
	for i, s := range own {
		files[i] = gitsync.File{Path: gitsync.SegmentPath(me, s.FirstSeq, s.Name), Data: s.Raw}
	}
	return r.Restore(me, files, w.dir.Now(), func(f gitsync.File) (bool, error) {
		return w.keepOwnFile(ctx, f)
	})
}

// keepOwnFile judges a file in this replica's folder on the remote that is
// not among the segments it keeps the bytes of. One of its own segments,
// in its place, whose operations are all here is kept (sealed before Cairn
// kept segment bytes). One signed with this replica's key whose
// operations are not here was written by another computer using this
// replica: Cairn stops rather than overwrite it. Anything else is
// someone's garbage and goes.
func (w *Workspace) keepOwnFile(ctx context.Context, f gitsync.File) (bool, error) {
	seg, err := oplog.Open(f.Data)
	if err != nil || seg.Replica != w.me.ReplicaID || seg.Author != w.Author() || seg.Workspace != w.workspace.ID {
		return false, nil
	}
	if gitsync.SegmentPath(seg.Replica, seg.FirstSeq(), seg.Name) != f.Path {
		return false, nil
	}
	for _, op := range seg.Ops {
		has, err := w.db.HasOp(ctx, op.ID)
		if err != nil {
			return false, err
		}
		if !has {
			return false, &gitsync.Refusal{Replica: w.me.ReplicaID, Reason: gitsync.ForeignHistory}
		}
	}
	return true, nil
}
