package gitsync

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
)

// Committed reports which of a replica's segment paths its own ref holds.
func (r *Repo) Committed(replica string, paths []string) (map[string]bool, error) {
	held := map[string]bool{}
	head := r.ref(replicaRefs + replica)
	if head.IsZero() {
		return held, nil
	}
	c, err := r.git.CommitObject(head)
	if err != nil {
		return nil, err
	}
	tree, err := c.Tree()
	if err != nil {
		return nil, err
	}
	for _, p := range paths {
		if _, err := tree.FindEntry(p); err == nil {
			held[p] = true
		}
	}
	return held, nil
}

// Append commits files onto this replica's own ref: one commit per sync,
// only additions, so the push that follows is a fast-forward. Call it
// when OwnChecked holds; otherwise Restore.
func (r *Repo) Append(replica string, files []File, when time.Time) error {
	if len(files) == 0 {
		return nil
	}
	name := plumbing.ReferenceName(replicaRefs + replica)
	parent := r.ref(string(name))
	tree := plumbing.ZeroHash
	if !parent.IsZero() {
		c, err := r.git.CommitObject(parent)
		if err != nil {
			return err
		}
		tree = c.TreeHash
	}
	for _, f := range files {
		blob, err := r.writeBlob(f.Data)
		if err != nil {
			return err
		}
		if tree, err = r.insert(tree, strings.Split(f.Path, "/"), blob); err != nil {
			return err
		}
	}
	last := files[len(files)-1].Path
	commit, err := r.commit(tree, parent, fmt.Sprintf("%d segment(s) from replica %s\n\n%s%s\n", len(files), replica, lastTrailer, last), when)
	if err != nil {
		return err
	}
	var old *plumbing.Reference
	if !parent.IsZero() {
		old = plumbing.NewHashReference(name, parent)
	}
	if err := r.git.Storer.CheckAndSetReference(plumbing.NewHashReference(name, commit), old); err != nil {
		return err
	}
	// The new commit is this replica's own (see OwnChecked). A kill before
	// this line only costs the next sync a look at the whole tree.
	return r.git.Storer.SetReference(plumbing.NewHashReference(plumbing.ReferenceName(checkedRefs+replica), commit))
}

const lastTrailer = "Cairn-Last: "

// LastCommitted is the path of the newest file on this replica's own ref,
// as its head commit records it, or "" when unknown: a sync then looks
// only at segments after it.
func (r *Repo) LastCommitted(replica string) string {
	head := r.ref(replicaRefs + replica)
	if head.IsZero() {
		return ""
	}
	c, err := r.git.CommitObject(head)
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(c.Message, "\n") {
		if path, ok := strings.CutPrefix(line, lastTrailer); ok {
			return path
		}
	}
	return ""
}

// Fetched lists the replica refs the last fetch brought, by replica, with
// their heads. A ref whose name is not a replica id is refused, except
// Cairn's own temporary names (see cairnTemporary), which are skipped.
func (r *Repo) Fetched() (map[string]string, []Refusal, error) {
	refs, err := r.git.Storer.IterReferences()
	if err != nil {
		return nil, nil, err
	}
	heads := map[string]string{}
	refused := append([]Refusal(nil), r.fetchRefused...)
	err = refs.ForEach(func(ref *plumbing.Reference) error {
		replica, ok := strings.CutPrefix(ref.Name().String(), fetchedRefs)
		if !ok || cairnTemporary(replica) {
			return nil
		}
		if !replicaName.MatchString(replica) {
			refused = append(refused, Refusal{Replica: printable(replica), Head: ref.Hash().String(), Reason: "its ref name is not a replica id (only a-z, 0-9, - and _ are allowed); it was not read"})
			return nil
		}
		if ref.Type() == plumbing.HashReference {
			heads[replica] = ref.Hash().String()
		}
		return nil
	})
	return heads, refused, err
}

// Incoming returns the segment files a replica's fetched ref holds that
// were not there at the commit last read ("" for none), in sequence order,
// with the ref's tip. Anything else on the ref is left out; Read says what.
func (r *Repo) Incoming(replica, since string) ([]File, string, error) {
	in, err := r.Read(replica, since)
	return in.Files, in.Head, err
}

// Arrival is what a replica's fetched ref brought since the commit read
// last.
type Arrival struct {
	// Head is what to remember as read, whatever came of it, and give
	// back as since: the ref's tip, so that an unchanged tip is never
	// read, or reported, again (marked when nothing of it could be read).
	Head string
	// Files are the segment files to import, in sequence order. A file
	// that changed is among them: its content is judged by the import.
	Files []File
	// Damage says, in one report, what was left aside, removed or
	// rewritten; nil when there was nothing to say.
	Damage *Refusal
}

// Read takes what a replica's fetched ref holds beyond the tree of the
// commit read last (since; "" for none), by comparing the two trees: the
// cost follows what changed, not the history. Every segment file in the
// replica's own folder, plain and under the size limit, is taken; anything
// else (other files, links, files in another replica's folder, oversized
// files, removed segments) is reported once in Damage and the rest goes
// on. A history that no longer continues since is compared against since
// all the same (or read whole when since is not here) and the rewrite
// reported. An unchanged tip returns at once.
func (r *Repo) Read(replica, since string) (Arrival, error) {
	head := r.ref(fetchedRefs + replica)
	read, unread := strings.CutPrefix(since, unreadMark)
	if head.IsZero() || head.String() == read {
		return Arrival{Head: since}, nil
	}
	in := Arrival{Head: head.String()}
	whole := func(format string, args ...any) (Arrival, error) {
		in.Files, in.Damage = nil, &Refusal{Replica: replica, Head: in.Head, Reason: fmt.Sprintf(format, args...)}
		in.Head = unreadMark + in.Head
		return in, nil
	}
	c, err := r.git.CommitObject(head)
	if err != nil {
		return whole("its newest commit cannot be read (%v); nothing of it was taken", err)
	}
	if _, ok := r.treeEntries(c.TreeHash); !ok {
		return whole("its newest commit's files cannot be read; nothing of it was taken")
	}
	var notes damage
	old := plumbing.ZeroHash
	if read != "" {
		sinceHash := plumbing.NewHash(read)
		if !r.descends(head, sinceHash) {
			notes.rewritten = true
		}
		if sc, err := r.git.CommitObject(sinceHash); err == nil && !unread {
			old = sc.TreeHash
		}
	}
	diff := r.diffTrees(old, c.TreeHash)
	for _, path := range diff.deep {
		notes.aside = append(notes.aside, printable(path)+" (folders nested deeper than anything of Cairn's)")
	}
	for _, path := range diff.unreadable {
		notes.aside = append(notes.aside, printable(path)+" (a folder that cannot be read)")
	}
	for _, ch := range diff.changes {
		if ch.To == nil {
			if r.genuine(ch.From.Path, ch.From.Mode, ch.From.Hash) {
				notes.removed = append(notes.removed, printable(ch.From.Path))
			}
			continue
		}
		if file, why := r.take(replica, ch.To.Path, ch.To.Mode, ch.To.Hash); why != "" {
			notes.aside = append(notes.aside, why)
		} else {
			in.Files = append(in.Files, file)
		}
	}
	sort.Slice(in.Files, func(i, j int) bool { return in.Files[i].Path < in.Files[j].Path })
	if reason := notes.String(); reason != "" {
		in.Damage = &Refusal{Replica: replica, Head: in.Head, Reason: reason}
	}
	if len(diff.unreadable) > 0 {
		// What could not be read is not skipped as read: the next tip is
		// read whole (what was taken already is a duplicate, and silent).
		in.Head = unreadMark + in.Head
	}
	return in, nil
}

// unreadMark marks a tip remembered though not all of it could be read: it
// is not read again, and the next tip is read whole, not compared with it.
const unreadMark = "unread:"

// take reads one new or changed file of a replica's ref, or says in a few
// words why it is left aside.
func (r *Repo) take(replica, path string, mode filemode.FileMode, hash plumbing.Hash) (File, string) {
	shown := printable(path)
	if !safePath(path) {
		return File{}, shown + " (an unsafe name: an absolute path, .., or control characters)"
	}
	switch mode {
	case filemode.Regular, filemode.Deprecated:
	case filemode.Symlink:
		return File{}, shown + " (a symbolic link; only segment files are allowed)"
	case filemode.Submodule:
		return File{}, shown + " (a submodule; only segment files are allowed)"
	default:
		return File{}, fmt.Sprintf("%s (file mode %s; only plain segment files are allowed)", shown, mode)
	}
	m := segmentPath.FindStringSubmatch(path)
	if m == nil {
		return File{}, shown + " (not a segment file name)"
	}
	if m[1] != replica {
		return File{}, fmt.Sprintf("%s (in %s's folder; a replica writes only its own)", shown, m[1])
	}
	data, err := r.readBlob(hash)
	if err != nil {
		return File{}, fmt.Sprintf("%s (%v)", shown, err)
	}
	return File{Path: path, Data: data}, ""
}

// readBlob reads a file of at most MaxFileBytes, asking its size first so
// that an oversized one is never read.
func (r *Repo) readBlob(hash plumbing.Hash) ([]byte, error) {
	if sizer, ok := r.git.Storer.(interface {
		EncodedObjectSize(plumbing.Hash) (int64, error)
	}); ok {
		size, err := sizer.EncodedObjectSize(hash)
		if err != nil {
			return nil, fmt.Errorf("it cannot be read: %v", err)
		}
		if size > MaxFileBytes {
			return nil, fmt.Errorf("%d bytes; a segment file is at most %d", size, MaxFileBytes)
		}
	}
	r.blobReads++
	blob, err := r.git.BlobObject(hash)
	if err != nil {
		return nil, fmt.Errorf("it cannot be read: %v", err)
	}
	if blob.Size > MaxFileBytes {
		return nil, fmt.Errorf("%d bytes; a segment file is at most %d", blob.Size, MaxFileBytes)
	}
	reader, err := blob.Reader()
	if err != nil {
		return nil, fmt.Errorf("it cannot be read: %v", err)
	}
	defer reader.Close()
	data, err := io.ReadAll(io.LimitReader(reader, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("it cannot be read: %v", err)
	}
	return data, nil
}

// genuine reports whether a file is a segment file named by its content:
// one whose removal is worth telling (garbage that goes is not).
func (r *Repo) genuine(path string, mode filemode.FileMode, hash plumbing.Hash) bool {
	m := segmentName.FindStringSubmatch(path)
	if m == nil || (mode != filemode.Regular && mode != filemode.Deprecated) {
		return false
	}
	data, err := r.readBlob(hash)
	if err != nil {
		return false
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]) == m[1]
}

var segmentName = regexp.MustCompile(`^[a-z0-9_-]{1,64}/[0-9]{4}/[0-9]{2}/[0-9]{2}/[0-9]{12}-([0-9a-f]{64})\.seg$`)

// damage is what one read of a ref found wrong, said once.
type damage struct {
	rewritten bool
	aside     []string
	removed   []string
}

func (d damage) String() string {
	var out []string
	if d.rewritten {
		out = append(out, "its history on the remote was rewritten (it no longer continues what was read before): everything in it was read again, and nothing already here was lost")
	}
	if len(d.aside) > 0 {
		out = append(out, fmt.Sprintf("%s on it %s not Cairn's to take and %s left aside: %s; everything else on it was read",
			count(len(d.aside), "file"), plural(len(d.aside), "is", "are"), plural(len(d.aside), "was", "were"), list(d.aside)))
	}
	if len(d.removed) > 0 {
		out = append(out, fmt.Sprintf("%s %s removed from it on the remote (%s); what was read of %s before is kept",
			count(len(d.removed), "file"), plural(len(d.removed), "was", "were"), list(d.removed), plural(len(d.removed), "it", "them")))
	}
	return strings.Join(out, ". ")
}

// list names at most five things, then says how many more.
func list(items []string) string {
	const shown = 5
	if len(items) <= shown {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:shown], ", ") + fmt.Sprintf(" and %d more", len(items)-shown)
}

func count(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// safePath accepts relative slash paths of plain names.
func safePath(p string) bool {
	if p == "" || strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\") {
		return false
	}
	for _, part := range strings.Split(p, "/") {
		if part == "" || part == "." || part == ".." {
			return false
		}
	}
	return !strings.ContainsFunc(p, unicode.IsControl)
}

// printable shows a hostile name without its control characters.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return '?'
		}
		return r
	}, s)
}
