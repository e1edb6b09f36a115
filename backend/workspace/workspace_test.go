package workspace

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cairn-community/cairn/backend/errs"
)

var ctx = context.Background()

func claim(t *testing.T, path string) *Dir {
	t.Helper()
	d, err := Claim(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Release() })
	return d
}

func TestCreateThenOpenGivesTheSameIdentity(t *testing.T) {
	path := t.TempDir()
	d := claim(t, path)
	ws, err := d.Create(ctx, " Field Guide ", "Ana")
	if err != nil {
		t.Fatal(err)
	}
	created := ws.Info()
	ws.Close()
	if created.WorkspaceName != "Field Guide" || created.MemberName != "Ana" || len(created.PublicKey) != 64 ||
		len(created.ReplicaID) != 16 || created.WorkspaceID == created.ReplicaID || !strings.HasPrefix(created.KeyFingerprint, "SHA256:") {
		t.Fatalf("unexpected info %+v", created)
	}
	if info, err := os.Stat(filepath.Join(path, keyFile)); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v, mode %v; want 0600", err, info.Mode())
	}

	ws, err = d.Open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	if ws.Info() != created {
		t.Fatalf("reopened %+v, created %+v", ws.Info(), created)
	}
	if got, err := ReadInfo(ctx, path); err != nil || got != created {
		t.Fatalf("ReadInfo while open = %+v, %v", got, err)
	}
	if _, err := d.Create(ctx, "Another", "Ana"); errs.Code(err) != errs.Conflict {
		t.Fatalf("second create: %v, want conflict", err)
	}
}

func TestOpenWithoutWorkspaceIsNotFound(t *testing.T) {
	path := t.TempDir()
	d := claim(t, path)
	if _, err := d.Open(ctx); errs.Code(err) != errs.NotFound {
		t.Fatalf("got %v, want not found", err)
	}
	if _, err := ReadInfo(ctx, path); errs.Code(err) != errs.NotFound {
		t.Fatalf("ReadInfo: got %v, want not found", err)
	}
}

func TestAFolderHasOneHolder(t *testing.T) {
	path := t.TempDir()
	d := claim(t, path)
	_, err := Claim(path)
	if errs.Code(err) != errs.Busy || !strings.Contains(errs.Message(err), path) {
		t.Fatalf("second claim: %v, want busy naming the folder", err)
	}
	d.Release()
	again, err := Claim(path)
	if err != nil {
		t.Fatalf("claim after release: %v", err)
	}
	again.Release()
}

func TestBadNamesAreRefusedWithTheField(t *testing.T) {
	d := claim(t, t.TempDir())
	for _, c := range []struct{ ws, member, field string }{
		{"", "Ana", "workspaceName"},
		{strings.Repeat("w", 500), "Ana", "workspaceName"},
		{"Guide", "", "memberName"},
		{"Guide", strings.Repeat("m", 500), "memberName"},
	} {
		_, err := d.Create(ctx, c.ws, c.member)
		if errs.Code(err) != errs.Invalid || errs.Field(err) != c.field {
			t.Errorf("Create(%.10q, %.10q) = %v, want invalid %s", c.ws, c.member, err, c.field)
		}
	}
	if _, err := d.Open(ctx); errs.Code(err) != errs.NotFound {
		t.Fatalf("a refused create left a workspace behind: %v", err)
	}
}

func TestUnwritableDataFolderIsExplained(t *testing.T) {
	file := filepath.Join(t.TempDir(), "a-file")
	os.WriteFile(file, []byte("x"), 0o600)
	_, err := Claim(filepath.Join(file, "cairn"))
	if errs.Code(err) != errs.Unwritable || !strings.Contains(errs.Message(err), "CAIRN_DATA") {
		t.Fatalf("got %v, want unwritable with a way out", err)
	}
	if _, err := Claim("  "); errs.Code(err) != errs.Invalid {
		t.Fatalf("blank path: %v", err)
	}
}

func TestDamagedDatabaseIsKeptAndCanBeMovedAside(t *testing.T) {
	path := t.TempDir()
	d := claim(t, path)
	d.Now = func() time.Time { return time.Date(2026, 11, 23, 9, 8, 7, 0, time.UTC) }
	garbage := bytes.Repeat([]byte("scribbled "), 1000)
	db := filepath.Join(path, databaseFile)
	os.WriteFile(db, garbage, 0o600)

	if _, err := d.Open(ctx); errs.Code(err) != errs.Corrupt {
		t.Fatalf("open: %v, want corrupt", err)
	}
	if _, err := d.Create(ctx, "Guide", "Ana"); errs.Code(err) != errs.Corrupt {
		t.Fatalf("create over a damaged database: %v, want corrupt", err)
	}
	if data, _ := os.ReadFile(db); !bytes.Equal(data, garbage) {
		t.Fatal("the damaged database was changed")
	}
	moved, err := d.MoveAside()
	if err != nil {
		t.Fatal(err)
	}
	if want := db + ".damaged-20261123T090807Z"; moved != want {
		t.Fatalf("moved to %s, want %s", moved, want)
	}
	if data, _ := os.ReadFile(moved); !bytes.Equal(data, garbage) {
		t.Fatal("the moved file lost its content")
	}
	ws, err := d.Create(ctx, "Guide", "Ana")
	if err != nil {
		t.Fatalf("create after moving aside: %v", err)
	}
	ws.Close()
}

func TestWrongOrMissingKeyFileIsDamage(t *testing.T) {
	path := t.TempDir()
	d := claim(t, path)
	ws, err := d.Create(ctx, "Guide", "Ana")
	if err != nil {
		t.Fatal(err)
	}
	ws.Close()
	key := filepath.Join(path, keyFile)
	original, _ := os.ReadFile(key)

	other := claim(t, t.TempDir())
	ows, _ := other.Create(ctx, "Other", "Bo")
	ows.Close()
	foreign, _ := os.ReadFile(filepath.Join(other.Path(), keyFile))

	for name, content := range map[string][]byte{"foreign": foreign, "garbage": []byte("nope"), "missing": nil} {
		if content == nil {
			os.Remove(key)
		} else {
			os.WriteFile(key, content, 0o600)
		}
		if _, err := d.Open(ctx); errs.Code(err) != errs.Corrupt {
			t.Errorf("%s key: %v, want corrupt", name, err)
		}
	}
	os.WriteFile(key, original, 0o600)
	if ws, err := d.Open(ctx); err != nil {
		t.Fatalf("restored key: %v", err)
	} else {
		ws.Close()
	}
}

func TestDefaultDataDirHonoursEnvironment(t *testing.T) {
	t.Setenv(DataDirEnv, "/somewhere/portable")
	if got := DefaultDataDir(); got != "/somewhere/portable" {
		t.Fatalf("got %s", got)
	}
	t.Setenv(DataDirEnv, "")
	if got := DefaultDataDir(); !strings.HasSuffix(got, "/cairn") {
		t.Fatalf("got %s, want an XDG folder ending in /cairn", got)
	}
}
