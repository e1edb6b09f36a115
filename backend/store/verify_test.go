package store_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cairn-community/cairn/backend/deliverable"
	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/workspace"
)

func TestVerifyFindsStateThatDriftedFromTheLog(t *testing.T) {
	ctx := context.Background()
	dir, err := workspace.Claim(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer dir.Release()
	w, err := dir.Create(ctx, "Guide", "Ana")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	w.Write(ctx, deliverable.PartAdd, deliverable.PartAddPayload{Part: "intro", Title: "Intro", Position: "V"})
	w.Write(ctx, deliverable.PartRevise, deliverable.PartRevisePayload{Part: "intro", Text: "First words.\n"})
	if _, err := w.Export(ctx); err != nil {
		t.Fatal(err)
	}
	if err := w.Verify(ctx); err != nil {
		t.Fatalf("a healthy replica: %v", err)
	}

	raw, err := sql.Open("sqlite3", filepath.Join(dir.Path(), "cairn.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`UPDATE p_parts SET title = 'Tampered'`); err != nil {
		t.Fatal(err)
	}
	err = w.Verify(ctx)
	if errs.Code(err) != errs.Corrupt || !strings.Contains(errs.Message(err), "p_parts") {
		t.Fatalf("tampered state: %v", err)
	}
	if _, err := raw.Exec(`DELETE FROM segments`); err != nil {
		t.Fatal(err)
	}
	if err := w.Verify(ctx); errs.Code(err) != errs.Corrupt || !strings.Contains(errs.Message(err), "chain") {
		t.Fatalf("a broken chain: %v", err)
	}
}
