package oplog

import (
	"fmt"
	"maps"
	"slices"
)

// Cut is what the author of a change had seen of some replicas: for each,
// the sequence number of the last of its operations they held. A replica
// it does not name was not seen at all.
type Cut map[string]uint64

// MaxCutReplicas bounds the replicas one cut names.
const MaxCutReplicas = 10_000

// CheckCut validates a cut's replica ids.
func CheckCut(c Cut) error {
	if len(c) > MaxCutReplicas {
		return fmt.Errorf("a cut names at most %d replicas", MaxCutReplicas)
	}
	for _, replica := range slices.Sorted(maps.Keys(c)) {
		if !isID(replica) {
			return fmt.Errorf("%q is not a replica id", replica)
		}
	}
	return nil
}

// NoCut refuses a cut in a version of a type that names none.
func NoCut(c Cut) error {
	if c != nil {
		return fmt.Errorf("this version of the change names no cut")
	}
	return nil
}

// Holds reports whether the cut covers op: its author had seen it.
func (c Cut) Holds(op Op) bool { return op.Seq <= c[op.Replica] }

// Seen is what a replica had seen when it writes a change, for the types
// whose record must say so (see Spec.Seen).
type Seen interface {
	// CutOf is what this replica holds of the replicas of member's keys.
	CutOf(member string) Cut
	// Everything is what this replica holds of every replica.
	Everything() Cut
	// Ballots are the ballots in force on a decision: the newest of each
	// member, as this replica sees them.
	Ballots(decision string) []string
	// AuthorOf is the key that wrote an operation, "" when unknown.
	AuthorOf(op string) string
}

// Edge is where a change to a member's standing (a removal, a permission
// given or taken back) begins for that member's own operations.
type Edge struct {
	At Stamp // the change's stamp
	// Cut, when Causal, is what the change's author had seen of the
	// member's replicas: the change reaches exactly the member's
	// operations beyond it, whatever their stamps. Version 1 changes
	// carry none and reach the operations stamped at or after At, which a
	// member could dodge by setting their clock back.
	Cut    Cut
	Causal bool
}

// StampEdge is the edge of a change that says nothing of what its author
// had seen (version 1).
func StampEdge(at Stamp) Edge { return Edge{At: at} }

// CutEdge is the edge of change, an op that names cut: what its author
// had seen. They had seen their own replica up to the change itself, so
// a member who removes themselves, or takes a permission from themselves,
// does it from their next op on.
func CutEdge(change Op, cut Cut) Edge {
	if cut[change.Replica] < change.Seq {
		cut = maps.Clone(cut)
		if cut == nil {
			cut = Cut{}
		}
		cut[change.Replica] = change.Seq
	}
	return Edge{At: change.Stamp, Cut: cut, Causal: true}
}

// reaches reports whether a change at e applies to op, one of its
// member's own operations.
func (e Edge) reaches(op Op) bool {
	if e.Causal {
		return !e.Cut.Holds(op)
	}
	return op.Stamp.Compare(e.At) >= 0
}
