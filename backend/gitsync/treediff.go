package gitsync

import (
	"sort"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
)

// maxTreeDepth bounds how deep a comparison descends: a segment lies five
// folders down, and nothing deeper is Cairn's.
const maxTreeDepth = 16

// entry is one file (not folder) of a tree, by its path from the root.
type entry struct {
	Path string
	Mode filemode.FileMode
	Hash plumbing.Hash
}

// change is one path whose file differs between two trees: From is nil
// for a file added, To nil for one removed.
type change struct {
	From, To *entry
}

// treeDiff is what differs between two trees.
type treeDiff struct {
	changes []change
	// unreadable lists folders of the new tree that cannot be read, and
	// oldUnreadable those of the old tree (taken as empty); deep, folders
	// of the new tree nested deeper than anything of Cairn's, not entered.
	unreadable, oldUnreadable, deep []string
}

// diffTrees lists the files that differ between two trees (zero: empty),
// descending only into folders whose hashes differ, so the cost follows
// what changed. Unlike go-git's DiffTree it never gives up on the whole,
// nor skips silently what it cannot read: a folder that cannot be read,
// or lies too deep, is listed and the rest goes on.
func (r *Repo) diffTrees(from, to plumbing.Hash) treeDiff {
	var d treeDiff
	var walk func(from, to plumbing.Hash, prefix string, depth int)
	walk = func(from, to plumbing.Hash, prefix string, depth int) {
		if from == to {
			return
		}
		if depth > maxTreeDepth {
			if to != emptyTree {
				d.deep = append(d.deep, prefix)
			}
			return
		}
		newEntries, ok := r.treeEntries(to)
		if !ok {
			d.unreadable = append(d.unreadable, prefix)
			return
		}
		oldEntries, ok := r.treeEntries(from)
		if !ok {
			d.oldUnreadable = append(d.oldUnreadable, prefix)
		}
		names := map[string]bool{}
		for name := range oldEntries {
			names[name] = true
		}
		for name := range newEntries {
			names[name] = true
		}
		sorted := make([]string, 0, len(names))
		for name := range names {
			sorted = append(sorted, name)
		}
		sort.Strings(sorted)
		for _, name := range sorted {
			path := name
			if prefix != "" {
				path = prefix + "/" + name
			}
			a, inOld := oldEntries[name]
			b, inNew := newEntries[name]
			if inOld && inNew && a.Mode == b.Mode && a.Hash == b.Hash {
				continue
			}
			var subFrom, subTo plumbing.Hash
			var fileFrom, fileTo *entry
			if inOld {
				if a.Mode == filemode.Dir {
					subFrom = a.Hash
				} else {
					fileFrom = &entry{Path: path, Mode: a.Mode, Hash: a.Hash}
				}
			}
			if inNew {
				if b.Mode == filemode.Dir {
					subTo = b.Hash
				} else {
					fileTo = &entry{Path: path, Mode: b.Mode, Hash: b.Hash}
				}
			}
			if fileFrom != nil || fileTo != nil {
				d.changes = append(d.changes, change{From: fileFrom, To: fileTo})
			}
			if !subFrom.IsZero() || !subTo.IsZero() {
				if subTo.IsZero() {
					// A folder removed: what it held is listed as removed.
					subTo = emptyTree
				}
				walk(subFrom, subTo, path, depth+1)
			}
		}
	}
	if to.IsZero() {
		to = emptyTree
	}
	walk(from, to, "", 0)
	return d
}

// emptyTree is the hash of the tree with no entries.
var emptyTree = plumbing.ComputeHash(plumbing.TreeObject, nil)

// treeEntries reads a tree's entries by name; the empty tree and the zero
// hash have none.
func (r *Repo) treeEntries(hash plumbing.Hash) (map[string]plumbingEntry, bool) {
	entries := map[string]plumbingEntry{}
	if hash.IsZero() || hash == emptyTree {
		return entries, true
	}
	tree, err := r.git.TreeObject(hash)
	if err != nil {
		return entries, false
	}
	for _, e := range tree.Entries {
		entries[e.Name] = plumbingEntry{Mode: e.Mode, Hash: e.Hash}
	}
	return entries, true
}

type plumbingEntry struct {
	Mode filemode.FileMode
	Hash plumbing.Hash
}
