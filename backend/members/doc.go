// Package members is the area of who belongs to a workspace: its creation
// and name, join requests, approvals and removals, and a member's second
// computers. Its operations drive the kernel's membership authority.
//
// It imports only the kernel (backend/oplog) and backend/errs.
package members
