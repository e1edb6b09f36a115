// Package errs holds Cairn's error codes and the Error type that carries a
// message written for the person using Cairn.
//
// The code is for the program (the CLI and the app decide by it); the message
// is shown as it is. Every package of ours may import errs; errs imports
// nothing of ours.
package errs
