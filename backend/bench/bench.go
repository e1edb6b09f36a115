// Package bench measures the op log on a synthetic workspace: the raw
// SQLite insert ceiling, import, local write latency and rebuild. Both
// `cairn bench` and `go test -bench` use it, so the figures mean one thing.
package bench

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/cairn-community/cairn/backend/decisions"
	"github.com/cairn-community/cairn/backend/deliverable"
	"github.com/cairn-community/cairn/backend/members"
	"github.com/cairn-community/cairn/backend/oplog"
	"github.com/cairn-community/cairn/backend/roles"
	"github.com/cairn-community/cairn/backend/store"
	"github.com/cairn-community/cairn/backend/workspace"
)

// Result is what `cairn bench --json` prints. Scripts depend on the names.
type Result struct {
	Ops             int     `json:"ops"`
	Segments        int     `json:"segments"`
	CeilingRowsPerS float64 `json:"ceiling_rows_per_s"`
	ImportOpsPerS   float64 `json:"import_ops_per_s"`
	ImportOfCeiling float64 `json:"import_of_ceiling"`
	WriteP50Ms      float64 `json:"write_p50_ms"`
	WriteP99Ms      float64 `json:"write_p99_ms"`
	Writes          int     `json:"writes"`
	RebuildOpsPerS  float64 `json:"rebuild_ops_per_s"`
	RebuildSeconds  float64 `json:"rebuild_s"`
	ImportSeconds   float64 `json:"import_s"`
	CeilingSeconds  float64 `json:"ceiling_s"`
	// Opening the imported workspace again: processor time, the worst of
	// three (at 1M operations also as open_cpu_ms_at_1m); and the most
	// heap writing its whole state out held (`cairn state --json`).
	OpenCPUMs     float64 `json:"open_cpu_ms"`
	OpenCPUMsAt1M float64 `json:"open_cpu_ms_at_1m,omitempty"`
	StateHeapMB   float64 `json:"state_peak_heap_mb"`
}

// Segments is how many segments the synthetic history is cut into, as if
// that many syncs had carried it.
const Segments = 1000

// Run builds a workspace of n synthetic operations under dir and measures
// it. progress gets a line per stage.
func Run(ctx context.Context, dir string, n int, progress io.Writer) (Result, error) {
	res := Result{Ops: n}
	founderDir, err := workspace.Claim(filepath.Join(dir, "founder"))
	if err != nil {
		return res, err
	}
	defer founderDir.Release()
	founder, err := founderDir.Create(ctx, "Bench", "Founder")
	if err != nil {
		return res, err
	}
	defer founder.Close()

	fmt.Fprintf(progress, "generating %d operations in %d segments\n", n, Segments)
	key, err := founderKey(filepath.Join(dir, "founder"))
	if err != nil {
		return res, err
	}
	segments, all, err := synthesize(founder.Invitation().WorkspaceID, key, n)
	if err != nil {
		return res, err
	}
	res.Segments = len(segments)

	fmt.Fprintln(progress, "measuring the SQLite insert ceiling")
	ceiling, err := store.InsertCeiling(ctx, filepath.Join(dir, "ceiling.db"), all)
	if err != nil {
		return res, err
	}
	res.CeilingSeconds = ceiling.Seconds()
	res.CeilingRowsPerS = float64(len(all)) / ceiling.Seconds()

	fmt.Fprintln(progress, "importing into a fresh replica")
	readerDir, err := workspace.Claim(filepath.Join(dir, "reader"))
	if err != nil {
		return res, err
	}
	released := false
	defer func() {
		if !released {
			readerDir.Release()
		}
	}()
	reader, err := readerDir.Join(ctx, founder.Invitation(), "Reader")
	if err != nil {
		return res, err
	}
	closed := false
	defer func() {
		if !closed {
			reader.Close()
		}
	}()
	files := make([][]byte, len(segments))
	for i, seg := range segments {
		files[i] = seg.Raw
	}
	start := time.Now()
	report, err := reader.Import(ctx, files)
	if err != nil {
		return res, err
	}
	took := time.Since(start)
	if applied := report.Count("applied"); applied != len(segments) {
		return res, fmt.Errorf("only %d of %d segments applied: %+v", applied, len(segments), report.Outcomes[:min(3, len(report.Outcomes))])
	}
	res.ImportSeconds = took.Seconds()
	res.ImportOpsPerS = float64(len(all)) / took.Seconds()
	res.ImportOfCeiling = res.ImportOpsPerS / res.CeilingRowsPerS

	fmt.Fprintln(progress, "timing local writes")
	res.Writes = 1000
	latencies, err := writeLatencies(ctx, founder, reader, res.Writes)
	if err != nil {
		return res, err
	}
	res.WriteP50Ms = percentile(latencies, 0.50)
	res.WriteP99Ms = percentile(latencies, 0.99)

	fmt.Fprintln(progress, "rebuilding every projection from the log")
	start = time.Now()
	if err := reader.Rebuild(ctx); err != nil {
		return res, err
	}
	rebuild := time.Since(start)
	res.RebuildSeconds = rebuild.Seconds()
	res.RebuildOpsPerS = float64(len(all)) / rebuild.Seconds()

	fmt.Fprintln(progress, "opening it again, and writing its whole state out")
	closed, released = true, true
	if err := reader.Close(); err != nil {
		return res, err
	}
	if err := readerDir.Release(); err != nil {
		return res, err
	}
	if res.OpenCPUMs, res.StateHeapMB, err = OpenAndState(ctx, filepath.Join(dir, "reader")); err != nil {
		return res, err
	}
	if n == 1_000_000 {
		res.OpenCPUMsAt1M = res.OpenCPUMs
	}
	return res, nil
}

// writeLatencies times local writes on the reader after the founder lets it
// in, so it writes as an approved member of a large workspace.
func writeLatencies(ctx context.Context, founder, reader *workspace.Workspace, count int) ([]float64, error) {
	if _, err := founder.Write(ctx, members.MemberApprove, members.ApprovePayload{Member: reader.Author(), Name: "Reader"}); err != nil {
		return nil, err
	}
	segs, err := founder.Export(ctx)
	if err != nil {
		return nil, err
	}
	raws := make([][]byte, len(segs))
	for i, s := range segs {
		raws[i] = s.Raw
	}
	if _, err := reader.Import(ctx, raws); err != nil {
		return nil, err
	}
	latencies := make([]float64, 0, count)
	for i := 0; i < count; i++ {
		var typ string
		var payload any
		switch i % 4 {
		case 0:
			typ, payload = deliverable.CommentAdd, deliverable.CommentPayload{Target: "part-1", Body: fmt.Sprintf("comment %d", i)}
		case 1:
			typ, payload = deliverable.PartRetitle, deliverable.PartRetitlePayload{Part: fmt.Sprintf("part-%d", i%100), Title: fmt.Sprintf("Title %d", i)}
		case 2:
			_, heads, _, err := reader.PartText(ctx, "part-7")
			if err != nil {
				return nil, err
			}
			typ, payload = deliverable.PartRevise, deliverable.PartRevisePayload{Part: "part-7", Parents: heads, Text: fmt.Sprintf("Line %d\nMore text of the part.\n", i)}
		default:
			typ, payload = decisions.VoteCast, decisions.VotePayload{Decision: fmt.Sprintf("d-%d", i%10), Choice: "yes"}
		}
		start := time.Now()
		if _, err := reader.Write(ctx, typ, payload); err != nil {
			return nil, err
		}
		latencies = append(latencies, float64(time.Since(start).Microseconds())/1000)
	}
	return latencies, nil
}

func percentile(values []float64, p float64) float64 {
	sorted := slices.Clone(values)
	slices.Sort(sorted)
	return sorted[int(float64(len(sorted)-1)*p)]
}

// founderKey reads the founder's private key, so synthetic segments are
// signed by a real member.
func founderKey(dir string) (ed25519.PrivateKey, error) {
	return workspace.ReadPrivateKey(dir)
}

// synthesize writes n operations of every type, as a second device of the
// founder, cut into Segments signed segments.
func synthesize(workspaceID string, key ed25519.PrivateKey, n int) ([]*oplog.Segment, []oplog.Op, error) {
	author := hex.EncodeToString(key.Public().(ed25519.PublicKey))
	rng := rand.New(rand.NewPCG(1, 2))
	wall := time.Now().Add(-time.Hour).UnixMilli()
	perSegment := max(1, n/Segments)
	var all []oplog.Op
	var segments []*oplog.Segment
	heads := map[string]string{}
	prev := ""
	member := strings.Repeat("ab", 32)
	for seq := 1; seq <= n; seq++ {
		wall++
		part := fmt.Sprintf("part-%d", rng.IntN(100))
		var typ string
		var payload any
		switch {
		case seq == 1:
			typ, payload = members.MemberApprove, members.ApprovePayload{Member: member, Name: "Someone"}
		case seq == 2:
			typ, payload = roles.RoleGrant, roles.GrantPayload{Member: member, Permission: oplog.Validate}
		case seq <= 102:
			// Collaboration parts with no writers named: every member may write.
			typ, payload = deliverable.PartAdd, deliverable.PartAddPayload{Part: fmt.Sprintf("part-%d", seq-3), Title: "Part", Position: "V", Mode: "collaboration"}
		default:
			switch k := rng.IntN(10); {
			case k < 3:
				var parents []string
				if h, ok := heads[part]; ok {
					parents = []string{h}
				}
				typ, payload = deliverable.PartRevise, deliverable.PartRevisePayload{Part: part, Parents: parents,
					Text: fmt.Sprintf("# %s\n\nRevision %d of this part, with a few lines.\nAnother line.\n", part, seq)}
			case k < 5:
				typ, payload = deliverable.CommentAdd, deliverable.CommentPayload{Target: part, Body: fmt.Sprintf("Comment %d", seq)}
			case k < 6:
				typ, payload = deliverable.PartRetitle, deliverable.PartRetitlePayload{Part: part, Title: fmt.Sprintf("Title %d", seq)}
			case k < 7:
				typ, payload = deliverable.PartMove, deliverable.PartMovePayload{Part: part, Position: fmt.Sprintf("V%d", 1+rng.IntN(9))}
			case k < 9:
				typ, payload = decisions.VoteCast, decisions.VotePayload{Decision: fmt.Sprintf("d-%d", rng.IntN(20)), Choice: "yes"}
			default:
				typ, payload = members.WorkspaceRename, members.NamePayload{Name: fmt.Sprintf("Bench %d", seq)}
			}
		}
		version := 1
		if def, ok := oplog.Current(typ); ok {
			version = def.Version
		}
		op, err := oplog.NewOp(workspaceID, author, "bench-device", uint64(seq), oplog.Stamp{Wall: wall}, typ, version, payload)
		if err != nil {
			return nil, nil, err
		}
		if typ == deliverable.PartRevise {
			heads[part] = op.ID
		}
		all = append(all, op)
		if len(all)%perSegment == 0 || seq == n {
			seg, err := oplog.Seal(all[len(all)-(len(all)-sealedCount(segments)):], prev, key)
			if err != nil {
				return nil, nil, err
			}
			prev = seg.Name
			segments = append(segments, seg)
		}
	}
	return segments, all, nil
}

func sealedCount(segments []*oplog.Segment) int {
	n := 0
	for _, s := range segments {
		n += len(s.Ops)
	}
	return n
}

// TempDir makes a folder for one run, removed by the returned function.
func TempDir() (string, func(), error) {
	dir, err := os.MkdirTemp("", "cairn-bench-")
	if err != nil {
		return "", nil, err
	}
	return dir, func() { os.RemoveAll(dir) }, nil
}
