// Package roles holds the community's roles: Who, When and How in the
// community's own words, the permissions a role gives, and the rule that a
// workspace always keeps a coordinator.
//
// It is a domain package: standard library and backend/errs only.
package roles
