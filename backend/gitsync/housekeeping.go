package gitsync

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/transport"
)

// RepackEvery is how many pushes pass between repacks: each push leaves a
// pack or loose objects behind, and hundreds of small packs make every
// later read slower.
const RepackEvery = 100

// Housekeep counts pushes and, every RepackEvery, repacks the local
// repository and, when the remote is a folder, the remote's too.
func (r *Repo) Housekeep() error {
	counter := filepath.Join(r.dir, "cairn-pushes")
	data, _ := os.ReadFile(counter)
	n, _ := strconv.Atoi(strings.TrimSpace(string(data)))
	n++
	if err := os.WriteFile(counter, []byte(strconv.Itoa(n%RepackEvery)), 0o644); err != nil {
		return err
	}
	if n < RepackEvery {
		return nil
	}
	return r.Repack()
}

// Repack packs the local repository's objects into one pack, and the
// remote's when it is a folder.
func (r *Repo) Repack() error {
	if err := repack(r.git); err != nil {
		return err
	}
	ep, err := transport.NewEndpoint(r.RemoteURL())
	if err != nil || ep.Protocol != "file" {
		return nil
	}
	remote, err := git.PlainOpen(ep.Path)
	if err != nil {
		return err
	}
	return repack(remote)
}

func repack(repo *git.Repository) error {
	return repo.RepackObjects(&git.RepackConfig{})
}
