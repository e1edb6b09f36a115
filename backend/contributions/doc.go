// Package contributions holds the log of who did what: entries typed with
// the all-contributors types and the CRediT roles, their review by a
// validator, and the credits that accepted entries add up to.
//
// It is a domain package: standard library and backend/errs only.
package contributions
