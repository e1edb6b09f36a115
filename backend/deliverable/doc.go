// Package deliverable holds the rules of the shared outcome's parts: the
// kind of content each asks for, its working mode, and who may write it
// and who may only suggest.
//
// It is a domain package: standard library and backend/errs only.
package deliverable
