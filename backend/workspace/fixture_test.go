package workspace

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cairn-community/cairn/backend/canvas"
)

// TestMakeClockFixture leaves, in $CAIRN_CLOCK_FIXTURE, data folders to
// look at in the app: Bo's computer ran a year ahead when he made an
// offer, and was set right since (bo/); Ana, a coordinator, gets it with
// her next sync (ana/). Skipped unless the variable is set.
func TestMakeClockFixture(t *testing.T) {
	out := os.Getenv("CAIRN_CLOCK_FIXTURE")
	if out == "" {
		t.Skip("set CAIRN_CLOCK_FIXTURE to a folder to make the fixture")
	}
	ctx := context.Background()
	s := &syncSet{t: t, remote: filepath.Join(out, "remote.git"), now: time.Now(), skew: map[*Dir]time.Duration{}}
	claim := func(name string) *Dir {
		d, err := Claim(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		d.Now = func() time.Time { return time.Now().Add(s.skew[d]) }
		t.Cleanup(func() { d.Release() })
		return d
	}
	ana, err := claim("ana").Create(ctx, "River Guide", "Ana Lima")
	if err != nil {
		t.Fatal(err)
	}
	defer ana.Close()
	if err := ana.SetRemote(ctx, RemoteSettings{URL: s.remote}); err != nil {
		t.Fatal(err)
	}
	s.sync(ana)
	bo, _, err := claim("bo").JoinRemote(ctx, RemoteSettings{URL: "file://" + s.remote}, "Bo Chen", SyncOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer bo.Close()
	s.sync(ana)
	if _, err := ana.ApproveMember(ctx, "Bo Chen"); err != nil {
		t.Fatal(err)
	}
	s.sync(ana)
	s.sync(bo)
	s.skew[bo.dir] = aYear
	if _, err := bo.AddExchange(ctx, canvas.Offer, "Portuguese translation", "", ""); err != nil {
		t.Fatal(err)
	}
	s.sync(bo)
	s.skew[bo.dir] = 0
	s.sync(bo) // Ana has not synced since: her next sync brings the offer
}
