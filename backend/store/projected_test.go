package store

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/cairn-community/cairn/backend/oplog"
)

// projectAll is a test type whose payload says which projection writes
// its op makes, so ops can make every kind of write in any mix.
type projectAll struct {
	Writes []testWrite `json:"writes"`
}

type testWrite struct {
	Kind, Name, Key, Value string
	Parents                []string
}

func init() {
	oplog.Define(oplog.Spec[projectAll]{
		Type: "test.project", Area: "test", Permission: oplog.Contribute,
		Valid: func(projectAll) error { return nil },
		Project: func(w oplog.Projection, op oplog.Op, p projectAll) {
			for _, t := range p.Writes {
				switch t.Kind {
				case "register":
					w.Register(t.Name, t.Key, t.Key, t.Value)
				case "field":
					w.Field(t.Name, t.Key, t.Value)
				case "created":
					w.Created(t.Name, t.Key)
				case "flag":
					w.Flag(t.Name, t.Key)
				case "add":
					w.Add(t.Name, op.ID+t.Key, t.Value, op.Author, t.Value, op.Stamp.Wall, op.Stamp.Logical)
				default:
					w.Revision(t.Name, op.ID+t.Key, t.Parents, t.Value)
				}
			}
		},
	})
}

// TestProjectAheadIsProjectingOneByOne: what segments' ops change, worked
// out apart and merged in order, is what projecting the ops one by one
// collects, ties between equal stamps included.
func TestProjectAheadIsProjectingOneByOne(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	registers := []string{"part.title", "part.position", "vision", "member.name"}
	kinds := []string{"register", "field", "created", "flag", "add", "revision"}
	for round := 0; round < 50; round++ {
		var ops []oplog.Op
		var parsed []any
		for i := 0; i < 60; i++ {
			var p projectAll
			for w := rng.IntN(4); w >= 0; w-- {
				tw := testWrite{Kind: kinds[rng.IntN(len(kinds))], Key: fmt.Sprint("k", rng.IntN(4)), Value: fmt.Sprint("v", rng.IntN(100))}
				switch tw.Kind {
				case "register":
					tw.Name = registers[rng.IntN(len(registers))]
				case "flag":
					tw.Name = []string{"part.added", "part.deleted"}[rng.IntN(2)]
				case "add":
					tw.Name = []string{"comments", "exchange.matches"}[rng.IntN(2)]
				default:
					tw.Name = fmt.Sprint("e", rng.IntN(3))
				}
				if rng.IntN(2) == 0 {
					tw.Parents = []string{fmt.Sprint("p", rng.IntN(5))}
				}
				p.Writes = append(p.Writes, tw)
			}
			// Few stamps and replicas, so writes tie.
			op, err := oplog.NewOp("ws1", fmt.Sprint("author", rng.IntN(3)), fmt.Sprint("rep", rng.IntN(3)), uint64(i+1),
				oplog.Stamp{Wall: int64(rng.IntN(5)), Logical: uint32(rng.IntN(2))}, "test.project", 1, p)
			if err != nil {
				t.Fatal(err)
			}
			ops = append(ops, op)
			parsed = append(parsed, p)
		}
		var one pendingProjection
		for i, op := range ops {
			one.add(op, parsed[i])
		}
		var merged pendingProjection
		for start := 0; start < len(ops); {
			end := min(len(ops), start+1+rng.IntN(10))
			merged.merge(&ProjectAhead(ops[start:end], parsed[start:end]).p)
			start = end
		}
		if !reflect.DeepEqual(one, merged) {
			t.Fatalf("round %d: merged projections differ from one by one:\n%+v\n%+v", round, one, merged)
		}
	}
}
