// Package canvas holds the shared vision's board: the questions the
// community answers (seeded from its Collaboration & Cooperation board) and
// its offers and needs ("what I can do for others, what I need").
//
// It is a domain package: standard library and backend/errs only.
package canvas
