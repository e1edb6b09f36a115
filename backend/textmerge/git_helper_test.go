package textmerge

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// gitMerge runs `git merge-file -p` (or with --zdiff3) on the three texts
// and returns its output and its count of conflicts. It skips the test when
// git is not installed. Git's own configuration is kept out: a user's
// merge.conflictStyle would change the output.
func gitMerge(t testing.TB, base, ours, theirs string, zdiff3 bool) (string, int) {
	t.Helper()
	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	paths := map[string]string{"base": base, "ours": ours, "theirs": theirs}
	for name, text := range paths {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	args := []string{"merge-file", "-p", "-L", "ours", "-L", "base", "-L", "theirs"}
	if zdiff3 {
		args = append(args, "--zdiff3")
	}
	args = append(args, "ours", "base", "theirs")
	cmd := exec.Command(git, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null", "HOME="+dir)
	out, err := cmd.Output()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return string(out), 0
	case errors.As(err, &exit) && exit.ExitCode() > 0 && exit.ExitCode() < 128:
		return string(out), exit.ExitCode()
	default:
		t.Fatalf("git merge-file: %v: %s", err, exit.Stderr)
		return "", 0
	}
}

// renderZdiff3 writes a result the way `git merge-file --zdiff3` does, so
// conflict output can be compared with git's too.
func renderZdiff3(r Result) string {
	return render(r.Chunks, true)
}
