// Command cairn is Cairn's headless command line: everything a workspace
// can do, without the app's window. It builds without Wails or webkit.
package main

import (
	"crypto/rand"
	"os"
	"time"
)

func main() {
	os.Exit(run(os.Args[1:], environment{
		Stdin:  os.Stdin,
		Stdout: os.Stdout,
		Stderr: os.Stderr,
		Random: rand.Reader,
		Now:    time.Now,
	}))
}
