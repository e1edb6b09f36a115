package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cairn-community/cairn/backend/buildinfo"
	"github.com/cairn-community/cairn/backend/workspace"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// cli runs commands against one data folder with repeatable randomness and
// time, and checks their output against golden files.
type cli struct {
	t    *testing.T
	data string
	runs byte   // each run draws other random ids, as separate processes would
	in   string // standard input of the next run
}

func newCLI(t *testing.T) *cli {
	return &cli{t: t, data: filepath.Join(t.TempDir(), "data")}
}

func (c *cli) run(args ...string) (stdout, stderr string, code int) {
	var out, errOut bytes.Buffer
	seed := [32]byte{1, 2, 3}
	seed[31] = c.runs
	c.runs++
	in := c.in
	c.in = ""
	code = run(append(args, "--data", c.data), environment{
		Stdin:  strings.NewReader(in),
		Stdout: &out,
		Stderr: &errOut,
		Random: rand.NewChaCha8(seed),
		Now:    func() time.Time { return time.Date(2026, 11, 23, 10, 30, 0, 0, time.UTC) },
	})
	clean := strings.NewReplacer(c.data, "$DATA", buildinfo.GoVersion(), "$GOVERSION")
	return clean.Replace(out.String()), clean.Replace(errOut.String()), code
}

// golden compares got with testdata/name.golden, or rewrites it with -update.
func (c *cli) golden(name, got string) {
	c.t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			c.t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		c.t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		c.t.Errorf("%s: output differs from %s\n--- got\n%s--- want\n%s", name, path, got, want)
	}
}

func (c *cli) expect(name string, wantCode int, args ...string) {
	c.t.Helper()
	out, errOut, code := c.run(args...)
	if code != wantCode {
		c.t.Errorf("cairn %s: exit %d, want %d (stderr %q)", strings.Join(args, " "), code, wantCode, errOut)
	}
	c.golden(name, "exit "+string(rune('0'+code))+"\n--- stdout\n"+out+"--- stderr\n"+errOut)
}

func TestInitWhoamiVersion(t *testing.T) {
	c := newCLI(t)
	c.expect("whoami-before-init", 1, "whoami")
	c.expect("init", 0, "init", "  Field Guide ", "--as", "Ana")
	c.expect("whoami", 0, "whoami")
	c.expect("whoami-json", 0, "whoami", "--json")
	c.expect("init-again", 1, "init", "Second", "--as", "Ana")
	c.expect("version", 0, "version")

	out, _, _ := c.run("whoami", "--json")
	var info workspace.Info
	if err := json.Unmarshal([]byte(out), &info); err != nil || info.MemberName != "Ana" || info.WorkspaceName != "Field Guide" {
		t.Fatalf("whoami --json did not parse back: %v %+v", err, info)
	}
}

func TestVision(t *testing.T) {
	c := newCLI(t)
	c.run("init", "Guide", "--as", "Ana")
	c.expect("vision-show-empty", 0, "vision", "show")
	c.expect("vision-set-empty", 1, "vision", "set", "  ")
	c.expect("vision-set", 0, "vision", "set", "A field guide any river group can use.")
	c.expect("vision-show", 0, "vision", "show")
	c.expect("vision-show-json", 0, "vision", "show", "--json")
	c.expect("verify", 0, "verify")
	c.expect("member-list", 0, "member", "list")
	c.expect("member-approve-unknown", 1, "member", "approve", "Bo")
	c.expect("member-remove-last-coordinator", 1, "member", "remove", "Ana")
	c.expect("rebuild", 0, "rebuild")
}

func TestCanvas(t *testing.T) {
	c := newCLI(t)
	c.run("init", "Guide", "--as", "Ana")
	c.expect("canvas-answer", 0, "canvas", "answer", "exchange", "I can run the sampling workshops.")
	c.expect("canvas-answer-unknown", 1, "canvas", "answer", "weather", "Sunny")
	c.expect("offer-add", 0, "offer", "add", "Portuguese translation")
	c.expect("need-add-empty", 1, "need", "add", " ")
	out, _, _ := c.run("offer", "add", "Photos of the estuary")
	id := strings.TrimSpace(out)
	c.expect("offer-take-own", 1, "offer", "take", id)
	c.expect("canvas-show", 0, "canvas", "show")
}

func TestBadInput(t *testing.T) {
	c := newCLI(t)
	c.expect("init-empty-name", 1, "init", "", "--as", "Ana")
	c.expect("init-long-member", 1, "init", "Guide", "--as", strings.Repeat("a", 500))
	c.expect("init-missing-as", 2, "init", "Guide")
	c.expect("unknown-command", 2, "frobnicate")
	c.expect("bench-too-few-ops", 1, "bench", "--ops", "5")
	if _, err := os.Stat(filepath.Join(c.data, "member.key")); err == nil {
		t.Fatal("a refused init left a key behind")
	}
}

func TestInitWhileTheAppHoldsTheFolder(t *testing.T) {
	c := newCLI(t)
	held, err := workspace.Claim(c.data)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Release()
	c.expect("init-busy", 1, "init", "Guide", "--as", "Ana")
}

func TestRecoverMovesOnlyDamagedDatabases(t *testing.T) {
	c := newCLI(t)
	c.expect("recover-without-flag", 1, "recover")
	c.run("init", "Guide", "--as", "Ana")
	c.expect("recover-healthy", 1, "recover", "--move-aside")
	os.WriteFile(filepath.Join(c.data, "cairn.db"), bytes.Repeat([]byte("x"), 4096), 0o600)
	c.expect("whoami-damaged", 1, "whoami")
	c.expect("recover-damaged", 0, "recover", "--move-aside")
	c.expect("whoami-after-recover", 1, "whoami")
}
