package gitsync

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/transport"
)

// The refs Cairn reads and writes.
const (
	replicaRefs = "refs/cairn/replicas/"
	fetchedRefs = "refs/cairn/fetched/"
	fetchedMain = "refs/cairn/heads/main"
	publishRef  = "refs/cairn/publish"
	remoteName  = "origin"
)

// ForeignHistory is why a push stops when the remote holds, for this
// computer's replica, work this computer did not write: its data folder was
// copied (before Cairn noticed copies, or in a way it cannot see) and the
// copy sent work too. Words for members.
const ForeignHistory = "another computer is sending work under this computer's name, so this data folder was probably copied from it. Cairn never overwrites that work, so your changes wait here, safe: nothing is lost. Ask your coordinator for help"

// Limits on what a remote may hand us.
const (
	MaxFileBytes    = 9 << 20 // a segment is at most 8 MiB, plus its header
	MaxPublishFiles = 100
)

// Repo is the local git repository that mirrors the remote: a bare
// repository in the data folder.
type Repo struct {
	git          *git.Repository
	dir          string
	fetchRefused []Refusal // refs the last fetch could not bring
	// before is each replica's fetched tip as it stood before the last
	// fetch, and gone the replicas whose ref that fetch found removed.
	before    map[string]plumbing.Hash
	gone      map[string]bool
	repaired  map[string]string // what Restore put back this sync, by replica
	blobReads int               // files read in full, for tests
}

// Open opens the local repository at dir, creating it when missing.
func Open(dir string) (*Repo, error) {
	r, err := openGit(dir)
	if errors.Is(err, git.ErrRepositoryNotExists) {
		if _, err = git.PlainInit(dir, true); err == nil {
			r, err = openGit(dir)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("the local git repository in %s cannot be opened: %w", dir, err)
	}
	return &Repo{git: r, dir: dir}, nil
}

// Close lets go of the files the repository holds open.
func (r *Repo) Close() { closeGit(r.git) }

// Renew readies a repository kept open for another sync: what the last
// one fetched, refused and put back is forgotten, and the pack indexes
// already read are kept (reading them is a large part of a sync over a
// long history).
func (r *Repo) Renew() {
	r.fetchRefused, r.before, r.gone, r.repaired, r.blobReads = nil, nil, nil, nil, 0
}

// SetRemote points the repository at url: a path or file:// URL, ssh://,
// user@host:path, or https://. A local path with no repository yet gets an
// empty bare one, so a USB stick or shared folder works at once.
func (r *Repo) SetRemote(url string) error {
	url = strings.TrimSpace(url)
	ep, err := transport.NewEndpoint(url)
	if err != nil || url == "" {
		return &Refusal{Reason: fmt.Sprintf("%q is not a remote Cairn can use: give a folder path, file://, ssh://, user@host:path or https:// URL", url)}
	}
	if ep.Protocol == "file" {
		if err := ensureBareRepo(ep.Path); err != nil {
			return err
		}
	}
	if previous := r.RemoteURL(); previous != "" && previous != url {
		// What was fetched from another remote says nothing of this one:
		// forget it, so that its refs do not look removed.
		if err := r.dropFetched(); err != nil {
			return err
		}
	}
	_ = r.git.DeleteRemote(remoteName)
	_, err = r.git.CreateRemote(&config.RemoteConfig{Name: remoteName, URLs: []string{url}})
	return err
}

func (r *Repo) dropFetched() error {
	refs, err := r.git.Storer.IterReferences()
	if err != nil {
		return err
	}
	var names []plumbing.ReferenceName
	refs.ForEach(func(ref *plumbing.Reference) error {
		if strings.HasPrefix(ref.Name().String(), fetchedRefs) {
			names = append(names, ref.Name())
		}
		return nil
	})
	for _, name := range names {
		if err := r.git.Storer.RemoveReference(name); err != nil {
			return err
		}
	}
	return nil
}

// RemoteURL is the remote's URL, or "" when none is set.
func (r *Repo) RemoteURL() string {
	remote, err := r.git.Remote(remoteName)
	if err != nil || len(remote.Config().URLs) == 0 {
		return ""
	}
	return remote.Config().URLs[0]
}

func ensureBareRepo(path string) error {
	if _, err := git.PlainOpen(path); err == nil {
		return nil
	}
	entries, err := os.ReadDir(path)
	if err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("the remote folder %s cannot be read: %w", path, err)
	}
	if len(entries) > 0 {
		return &Refusal{Reason: fmt.Sprintf("%s is a folder with files in it but not a git repository; give an empty folder or a git repository", path)}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	// HEAD names main, where snapshots are published, so a plain git clone
	// of the folder checks the deliverable out.
	_, err = git.PlainInitWithOptions(path, &git.PlainInitOptions{Bare: true, InitOptions: git.InitOptions{DefaultBranch: plumbing.Main}})
	return err
}

// Refusal is data from the remote that Cairn will not take, with the
// reason in words for people.
type Refusal struct {
	Replica string
	Reason  string
	// Head is the ref's tip this is about, when known: the same refusal of
	// the same tip needs saying only once.
	Head string
}

func (r *Refusal) Error() string {
	if r.Replica != "" {
		return "replica " + r.Replica + ": " + r.Reason
	}
	return r.Reason
}

// File is one file of a commit: its path in the tree and its bytes.
type File struct {
	Path string
	Data []byte
}

var replicaName = regexp.MustCompile(`^[a-z0-9_-]{1,64}$`)

// cairnTemporary reports a ref name that is one of Cairn's own temporary
// files (".<replica>.<n>.tmp", which older versions wrote beside a folder
// remote's refs and a killed sync could leave): nobody's data, never
// reported. Its owner removes it at its next push.
func cairnTemporary(name string) bool {
	return strings.HasPrefix(name, ".") && strings.HasSuffix(name, ".tmp") && !strings.Contains(name, "/")
}

// SegmentPath is where a replica's segment lives in its tree: folders of
// at most a hundred entries, three levels deep by sequence number, so the
// trees a push rewrites stay small however long the history grows.
func SegmentPath(replica string, firstSeq uint64, name string) string {
	return fmt.Sprintf("%s/%04d/%02d/%02d/%012d-%s.seg", replica, firstSeq/1_000_000, firstSeq/10_000%100, firstSeq/100%100, firstSeq, name)
}

var segmentPath = regexp.MustCompile(`^([a-z0-9_-]{1,64})/[0-9]{4}/[0-9]{2}/[0-9]{2}/[0-9]{12}-[0-9a-f]{64}\.seg$`)

// writeTree stores a tree with the given entries, sorted as git sorts them.
func (r *Repo) writeTree(entries []object.TreeEntry) (plumbing.Hash, error) {
	sort.Slice(entries, func(i, j int) bool { return treeKey(entries[i]) < treeKey(entries[j]) })
	tree := &object.Tree{Entries: entries}
	obj := r.git.Storer.NewEncodedObject()
	if err := tree.Encode(obj); err != nil {
		return plumbing.ZeroHash, err
	}
	return r.git.Storer.SetEncodedObject(obj)
}

func treeKey(e object.TreeEntry) string {
	if e.Mode == filemode.Dir {
		return e.Name + "/"
	}
	return e.Name
}

func (r *Repo) writeBlob(data []byte) (plumbing.Hash, error) {
	obj := r.git.Storer.NewEncodedObject()
	obj.SetType(plumbing.BlobObject)
	w, err := obj.Writer()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if _, err := w.Write(data); err != nil {
		return plumbing.ZeroHash, err
	}
	if err := w.Close(); err != nil {
		return plumbing.ZeroHash, err
	}
	return r.git.Storer.SetEncodedObject(obj)
}

// insert returns the tree base (zero: empty) with a blob added at path.
func (r *Repo) insert(base plumbing.Hash, path []string, blob plumbing.Hash) (plumbing.Hash, error) {
	var entries []object.TreeEntry
	if !base.IsZero() {
		tree, err := r.git.TreeObject(base)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		entries = append(entries, tree.Entries...)
	}
	i := -1
	for k, e := range entries {
		if e.Name == path[0] {
			i = k
		}
	}
	entry := object.TreeEntry{Name: path[0], Mode: filemode.Regular, Hash: blob}
	if len(path) > 1 {
		child := plumbing.ZeroHash
		if i >= 0 && entries[i].Mode == filemode.Dir {
			child = entries[i].Hash
		}
		sub, err := r.insert(child, path[1:], blob)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		entry = object.TreeEntry{Name: path[0], Mode: filemode.Dir, Hash: sub}
	}
	if i >= 0 {
		entries[i] = entry
	} else {
		entries = append(entries, entry)
	}
	return r.writeTree(entries)
}

// commit stores a commit of tree on parent (zero: none).
func (r *Repo) commit(tree, parent plumbing.Hash, message string, when time.Time) (plumbing.Hash, error) {
	sig := object.Signature{Name: "Cairn", Email: "cairn@localhost", When: when.UTC().Truncate(time.Second)}
	c := &object.Commit{Author: sig, Committer: sig, Message: message, TreeHash: tree}
	if !parent.IsZero() {
		c.ParentHashes = []plumbing.Hash{parent}
	}
	obj := r.git.Storer.NewEncodedObject()
	if err := c.Encode(obj); err != nil {
		return plumbing.ZeroHash, err
	}
	return r.git.Storer.SetEncodedObject(obj)
}

func (r *Repo) ref(name string) plumbing.Hash {
	ref, err := r.git.Reference(plumbing.ReferenceName(name), true)
	if err != nil {
		return plumbing.ZeroHash
	}
	return ref.Hash()
}

// Repair clears what a crash in the middle of a ref or pack write leaves: go-git
// rewrites a ref file in place, so a kill can leave it empty, and an empty
// ref makes every later read of the repository fail. Empty ref files are
// removed here and, for a folder remote, there too: each replica's ref is
// written again by its next push, which continues what was there (the
// commits are still stored), so nothing is lost.
func (r *Repo) Repair() error {
	if err := removeEmptyRefs(r.dir); err != nil {
		return err
	}
	if err := removeBrokenPacks(r.dir); err != nil {
		return err
	}
	ep, err := transport.NewEndpoint(r.RemoteURL())
	if err != nil || ep.Protocol != "file" {
		return nil
	}
	if err := removeEmptyRefs(ep.Path); err != nil {
		return err
	}
	return removeBrokenPacks(ep.Path)
}

func removeEmptyRefs(gitDir string) error {
	refs := filepath.Join(gitDir, "refs")
	err := filepath.WalkDir(refs, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if info, err := d.Info(); err == nil && info.Size() == 0 {
			return os.Remove(path)
		}
		return nil
	})
	if os.IsNotExist(err) {
		return nil
	}
	return err
}
