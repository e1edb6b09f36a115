// Package textmerge merges the Markdown text of a part that members edited
// concurrently and offline, so that every replica shows the same text and
// nothing anyone wrote is silently dropped. Merge is a line-based three-way
// merge that gives what `git merge-file` gives when the edits do not collide
// and keeps both texts as a conflict when they do, and Resolve turns any set
// of a part's revisions into the one text to show. It imports nothing of
// Cairn's, only the Go standard library: its line diff is an O(ND) Myers
// diff written here.
//
// # Merging three texts
//
// A text is cut into lines after each "\n". A line keeps its terminator, so
// "x" (a last line without one), "x\n" and "x\r\n" are three different
// lines, and merged text reproduces the inputs byte for byte.
//
// Each side is diffed against base with a shortest line diff. Where several
// diffs are equally short, the one git's xdiff picks is used (same search
// order and split point, and changes slid through equal lines as xdiff
// slides them), because where a change is said to sit decides whether it
// touches another. Changes of the two sides that overlap or touch (one
// starts at the base line where the other ends, or both insert at the same
// place), also through a chain of other changes, form one region:
//
//   - changed by one side only: that side's lines are taken; deleting lines
//     the other side left alone is such a change;
//   - changed by both into the same lines: they are taken once;
//   - otherwise it is a Conflict. Lines both sides begin or end the region
//     with are left out of the conflict and kept once (as in git's zdiff3
//     style); Conflict.Base is the whole region of base.
//
// On every clean merge this gives the text of
// `git merge-file -p ours base theirs` (git 2.39, default settings). The
// tests check that on generated edits, including texts made of few distinct
// lines (blank lines, repeated headings), where equally short diffs abound;
// they also check that conflicts are the ones `git merge-file --zdiff3`
// shows. Two known differences: git's default output splits a conflict
// further at lines both sides share, and joins conflicts separated by three
// lines or fewer, or only by lines without a letter or digit; this package
// does neither (a conflict here can be larger or smaller than there, and
// nothing is lost either way). And when an edit script gets
// very long (costs past 256 lines, such as two members rewriting most of a
// long text at once) git switches to approximate diffs, while this package
// stays exact, so conflicts can then be cut differently.
//
// # Conflict markers
//
// Result.Text shows each conflict as git's default style does:
//
//	<<<<<<< Labels.Ours
//	lines of ours
//	=======
//	lines of theirs
//	>>>>>>> Labels.Theirs
//
// An empty label leaves its marker bare. A side whose last line has no
// terminator gets one there, so that the next marker starts a line. Markers
// end in "\r\n" where git would use it: when the line before the conflict in
// ours, the line before it in theirs and the first line of base all end in
// "\r\n" (a text too short to tell does not object); otherwise in "\n".
// Texts may already hold lines that look like markers; Result.Chunks and
// Result.Conflicts, not Text, tell conflicts apart from such lines.
//
// # Resolving a revision graph
//
// Resolve computes a View from a set of revisions by this rule, which uses
// nothing but the set:
//
//  1. Every revision has a non-empty id (else ErrEmptyID) that no other
//     revision has (else ErrDuplicateID). Parent ids that are not in the set
//     have not arrived: they are ignored. A parent named twice counts once.
//     Revisions that are, through present parents, their own ancestor are
//     ErrCycle.
//  2. The heads are the revisions no revision of the set names as a parent,
//     sorted by id (byte-wise, as Go compares strings). An empty set gives
//     an empty View.
//  3. The ancestors of a revision are itself and the ancestors of its
//     present parents.
//  4. The text is a fold over the heads H1 < H2 < ... < Hn. Start with
//     T = text of H1 and A = ancestors of H1. For each next head Hi: let C
//     be the revisions in both A and the ancestors of Hi; the best common
//     ancestors are the members of C that are not an ancestor of another
//     member of C; the base is the best common ancestor with the smallest
//     id, its text, or the empty text when C is empty. Then
//     R = MergeLabeled(base text, T, text of Hi, Labels{Ours: the ids
//     H1..Hi-1 joined by "+", Base: the base id or "", Theirs: Hi}),
//     T = R.Text, R.Conflicts are appended to View.Conflicts, and A gains
//     the ancestors of Hi. View.Text is the final T.
//
// A member resolves a conflict by writing a new revision whose parents are
// all the current heads: it is then the only head, and its text is shown
// as it is. Another implementation computes the same View if it follows
// this rule and merges exactly as Merge does.
package textmerge
