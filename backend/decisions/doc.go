// Package decisions holds how a community consults and decides: the
// methods (consent, consensus, advice, poll, score), what a valid proposal
// and a valid vote are, and the tally with its quorum.
//
// It is a domain package: standard library and backend/errs only.
package decisions
