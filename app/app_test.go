package app

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wailsapp/wails/v2/pkg/options"

	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/workspace"
)

func newSession(t *testing.T, path string) *Session {
	t.Helper()
	s := NewSession(path)
	t.Cleanup(s.Close)
	return s
}

func TestFirstRunThenCreateThenReady(t *testing.T) {
	service := NewWorkspaceService(newSession(t, t.TempDir()))
	status, _ := service.Status()
	if status.State != StateNone || status.Info != nil {
		t.Fatalf("fresh folder: %+v", status)
	}
	info, err := service.Create("Field Guide", "Ana")
	if err != nil {
		t.Fatal(err)
	}
	status, _ = service.Status()
	if status.State != StateReady || status.Info == nil || *status.Info != info {
		t.Fatalf("after create: %+v", status)
	}
	if info.CreatedAt == "" || info.KeyFingerprint == "" || info.MemberName != "Ana" {
		t.Fatalf("info %+v", info)
	}
	if _, err := service.Create("Again", "Ana"); errs.Code(err) != errs.Conflict {
		t.Fatalf("second create: %v", err)
	}
}

func TestReopeningFindsTheWorkspace(t *testing.T) {
	path := t.TempDir()
	first := NewSession(path)
	created, err := NewWorkspaceService(first).Create("Guide", "Ana")
	if err != nil {
		t.Fatal(err)
	}
	first.Close()
	got, err := NewWorkspaceService(newSession(t, path)).Info()
	if err != nil || got != created {
		t.Fatalf("reopened: %+v, %v; want %+v", got, err, created)
	}
}

func TestSecondWindowOnTheSameFolderIsLocked(t *testing.T) {
	path := t.TempDir()
	newSession(t, path)
	second := newSession(t, path)
	status, _ := NewWorkspaceService(second).Status()
	if status.State != StateLocked || !strings.Contains(status.Message, "already running") {
		t.Fatalf("second session: %+v", status)
	}
	if _, err := NewWorkspaceService(second).Create("Guide", "Ana"); errs.Code(err) != errs.Busy {
		t.Fatalf("create from the locked window: %v", err)
	}
}

func TestProblemStates(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, []byte("x"), 0o600)
	status, _ := NewWorkspaceService(newSession(t, filepath.Join(file, "data"))).Status()
	if status.State != StateUnwritable || status.Message == "" {
		t.Fatalf("unwritable: %+v", status)
	}

	path := t.TempDir()
	os.WriteFile(filepath.Join(path, "cairn.db"), []byte(strings.Repeat("garbage!", 512)), 0o600)
	service := NewWorkspaceService(newSession(t, path))
	if status, _ := service.Status(); status.State != StateCorrupt {
		t.Fatalf("corrupt: %+v", status)
	}
	moved, err := service.MoveAside()
	if err != nil || !strings.Contains(moved, "cairn.db.damaged-") {
		t.Fatalf("move aside: %q, %v", moved, err)
	}
	if status, _ := service.Status(); status.State != StateNone {
		t.Fatalf("after moving aside: %+v", status)
	}
}

func TestErrorsReachTheWindowAsJSON(t *testing.T) {
	service := NewWorkspaceService(newSession(t, t.TempDir()))
	_, err := service.Create("Guide", strings.Repeat("n", 500))
	var body struct{ Code, Field, Message string }
	if jsonErr := json.Unmarshal([]byte(FormatError(err).(string)), &body); jsonErr != nil {
		t.Fatal(jsonErr)
	}
	if body.Code != errs.Invalid || body.Field != "memberName" || !strings.Contains(body.Message, "500") {
		t.Fatalf("formatted %+v", body)
	}
	if internal := FormatError(os.ErrClosed).(string); strings.Contains(internal, "file already closed") {
		t.Fatalf("Go's words reached the window: %s", internal)
	}
	hinted := errs.OnField("member", "Nobody called %q is known here.", "Zed").WithHint("List members with: cairn member list")
	if formatted := FormatError(hinted).(string); strings.Contains(formatted, "cairn member list") || !strings.Contains(formatted, "Nobody called") {
		t.Fatalf("the CLI's hint reached the window: %s", formatted)
	}
}

func TestThemeAndWindowSizeAreKept(t *testing.T) {
	path := t.TempDir()
	w := NewWindow(newSession(t, path))
	if theme, _ := w.Shell().Theme(); theme != "system" {
		t.Fatalf("default theme %q", theme)
	}
	if err := w.Shell().SetTheme("purple"); errs.Code(err) != errs.Invalid {
		t.Fatalf("bad theme: %v", err)
	}
	if err := w.Shell().SetTheme("dark"); err != nil {
		t.Fatal(err)
	}
	w.settings.update(func(d *deviceSettings) { d.Window = &windowGeometry{X: 40, Y: 30, Width: 1000, Height: 700} })
	w.session.Close()

	again := NewWindow(newSession(t, path))
	if theme, _ := again.Shell().Theme(); theme != "dark" {
		t.Fatalf("theme after restart %q", theme)
	}
	if width, height, state := again.InitialSize(); width != 1000 || height != 700 || state != options.Normal {
		t.Fatalf("size after restart %dx%d %v", width, height, state)
	}
}

func TestBrokenSettingsFileGivesDefaults(t *testing.T) {
	path := t.TempDir()
	os.WriteFile(filepath.Join(path, "settings.json"), []byte(`{"theme":"neon","window":{"width":5,"height":-3}}`), 0o600)
	w := NewWindow(newSession(t, path))
	if theme, _ := w.Shell().Theme(); theme != "system" {
		t.Fatalf("theme %q", theme)
	}
	if width, height, _ := w.InitialSize(); width != defaultWidth || height != defaultHeight {
		t.Fatalf("size %dx%d", width, height)
	}
}

func TestInstanceIDIsAValidDBusNamePart(t *testing.T) {
	id := NewWindow(newSession(t, t.TempDir())).InstanceID()
	if strings.Trim(id, "abcdefghijklmnopqrstuvwxyz0123456789_") != "" || len(id) < 10 {
		t.Fatalf("instance id %q", id)
	}
}

func TestJoinThroughAFolderRemote(t *testing.T) {
	t.Setenv("PATH", "")
	ctx := context.Background()
	remote := filepath.Join(t.TempDir(), "remote.git")
	d, err := workspace.Claim(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer d.Release()
	founder, err := d.Create(ctx, "River Guide", "Ana")
	if err != nil {
		t.Fatal(err)
	}
	defer founder.Close()
	if err := founder.SetRemote(ctx, workspace.RemoteSettings{URL: remote}); err != nil {
		t.Fatal(err)
	}
	if _, err := founder.Sync(ctx, workspace.SyncOptions{}); err != nil {
		t.Fatal(err)
	}

	service := NewWorkspaceService(newSession(t, t.TempDir()))
	_, err = service.Join(JoinRequest{URL: remote, Name: "ana"})
	var formatted struct{ Code, Field, Message string }
	json.Unmarshal([]byte(FormatError(err).(string)), &formatted)
	if formatted.Field != "name" || !strings.Contains(formatted.Message, "already in this workspace") {
		t.Fatalf("joining under a member's name reached the window as %+v", formatted)
	}
	result, err := service.Join(JoinRequest{URL: remote, Name: "Bo Chen"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(result.Ask, "Please approve Bo Chen in River Guide. My key is SHA256:") || result.Info.MemberName != "Bo Chen" {
		t.Fatalf("join result %+v", result)
	}
	status, _ := service.Status()
	if status.State != StateReady {
		t.Fatalf("after joining the window shows %q", status.State)
	}
}

func TestAreasAndSyncServices(t *testing.T) {
	t.Setenv("PATH", "")
	session := newSession(t, t.TempDir())
	if _, err := NewWorkspaceService(session).Create("River Guide", "Ana"); err != nil {
		t.Fatal(err)
	}
	var events []string
	window := NewWindow(session)
	window.areas = NewAreasService(session, func(event string, data ...any) { events = append(events, event) })
	areas, syncs := window.Areas(), window.Sync()

	survey, err := areas.AddStep(StepForm{Title: "Survey", Due: "2026-12-01", Owner: "Ana"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := areas.AddStep(StepForm{Title: "Ready", Milestone: true, After: []string{"Survey"}}); err != nil {
		t.Fatal(err)
	}
	status := "done"
	if err := areas.SetStep(survey, StepEdit{Status: &status}); err != nil {
		t.Fatal(err)
	}
	after := []string{"Ready"}
	if err := areas.SetStep(survey, StepEdit{After: &after}); err == nil || !strings.Contains(errs.Message(err), "Survey → Ready → Survey") && !strings.Contains(errs.Message(err), "Ready → Survey → Ready") {
		t.Fatalf("a loop through the app: %v", err)
	}
	home, err := areas.Home()
	if err != nil || len(home.Home.Milestones) != 1 || home.Home.Milestones[0].Finished != 1 || home.Me == "" {
		t.Fatalf("home %+v, %v", home, err)
	}
	if len(events) != 3 || events[0] != EventChanged {
		t.Fatalf("events %v: each change tells the window", events)
	}

	remote := filepath.Join(t.TempDir(), "remote.git")
	if _, err := syncs.SetRemote(workspace.RemoteSettings{URL: remote}, ""); err != nil {
		t.Fatal(err)
	}
	summary, err := syncs.Sync("")
	if err != nil || summary.Sent != 1 {
		t.Fatalf("sync %+v, %v", summary, err)
	}
	last, err := syncs.LastSync()
	if err != nil || last.At == "" {
		t.Fatalf("last sync %+v, %v", last, err)
	}
	if err := syncs.SetAutoSync(-1); errs.Field(err) != "autoSyncMinutes" {
		t.Fatalf("a negative interval: %v", err)
	}
}

func TestExportWritesThroughTheTestSeam(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(exportDirEnv, dir)
	session := newSession(t, t.TempDir())
	if _, err := NewWorkspaceService(session).Create("River Guide", "Ana"); err != nil {
		t.Fatal(err)
	}
	shell := NewWindow(session).Shell()
	path, err := shell.Export("md")
	if err != nil || path != filepath.Join(dir, "river-guide.md") {
		t.Fatalf("export to %q, %v", path, err)
	}
	if data, _ := os.ReadFile(path); !strings.HasPrefix(string(data), "# River Guide") {
		t.Fatalf("exported %q", data)
	}
	if _, err := shell.Export("pdf"); errs.Field(err) != "format" {
		t.Fatalf("an unknown format: %v", err)
	}
}

func TestWritingServices(t *testing.T) {
	session := newSession(t, t.TempDir())
	if _, err := NewWorkspaceService(session).Create("River Guide", "Ana"); err != nil {
		t.Fatal(err)
	}
	w := NewWindow(session)
	d, c, dec := w.deliverable, w.contributions, w.decisions
	part, err := d.AddPart(PartForm{Title: "Why rivers"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Write(part, "Rivers.\n"); err != nil {
		t.Fatal(err)
	}
	first, _ := d.History(part)
	if _, err := d.Write(part, "Rivers carry stories.\n"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Restore(part, first[0].ID); err != nil {
		t.Fatal(err)
	}
	history, err := d.History(part)
	if err != nil || len(history) != 3 || history[2].Text != "Rivers.\n" {
		t.Fatalf("history after a restore: %+v, %v", history, err)
	}
	if html := d.Preview("<img src=x onerror=alert(1)>*hi*"); strings.Contains(html, "onerror") || !strings.Contains(html, "<em>hi</em>") {
		t.Fatalf("preview %q", html)
	}
	id, err := c.Log(ContributionForm{Type: "content", Part: part, Note: "Wrote it"})
	if err != nil {
		t.Fatal(err)
	}
	// Nobody reviews their own contribution; another validator does.
	if err := c.Review(id, true, ""); err == nil || !strings.Contains(err.Error(), "own contribution") {
		t.Fatalf("a validator accepted their own contribution: %v", err)
	}
	credits, _ := c.Credits()
	if len(credits) != 0 || len(c.Kinds()) != 47 {
		t.Fatalf("credits %+v, %d kinds", credits, len(c.Kinds()))
	}
	decision, err := dec.Propose(ProposalForm{Title: "Publish", Method: "consent"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dec.Vote(decision, "consent", ""); err != nil {
		t.Fatal(err)
	}
	if err := dec.Close(decision, CloseForm{Outcome: "We publish.", Validates: "Why rivers"}); err != nil {
		t.Fatal(err)
	}
	entries, err := w.areas.Activity(workspace.ActivityFilter{Area: "decisions"})
	if err != nil || len(entries) != 3 || !strings.Contains(entries[0].Text, "closed") {
		t.Fatalf("activity %+v, %v", entries, err)
	}
}
