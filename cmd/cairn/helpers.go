package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/oplog"
	"github.com/cairn-community/cairn/backend/workspace"
)

// writeCommand is a command that changes the workspace: it claims the
// folder, opens the workspace, and runs do.
func writeCommand(env environment, folder func() string, cmd *cobra.Command, do func(*cobra.Command, []string, *workspace.Workspace) error) *cobra.Command {
	cmd.RunE = func(c *cobra.Command, args []string) error {
		return withWorkspace(c, env, folder(), func(w *workspace.Workspace) error { return do(c, args, w) })
	}
	return cmd
}

// readCommand is a command that reads: it never claims the folder, so it
// runs while the app is open, and takes --json.
func readCommand[T any](env environment, cmd *cobra.Command, read func(*cobra.Command, []string) (T, error), text func(io.Writer, T)) *cobra.Command {
	var asJSON bool
	cmd.Flags().BoolVar(&asJSON, "json", false, "print as JSON, for scripts")
	cmd.RunE = func(c *cobra.Command, args []string) error {
		v, err := read(c, args)
		if err != nil {
			return err
		}
		if asJSON {
			printJSON(env, v)
			return nil
		}
		text(env.Stdout, v)
		return nil
	}
	return cmd
}

func printJSON(env environment, v any) {
	out, _ := json.MarshalIndent(v, "", "  ")
	fmt.Fprintln(env.Stdout, string(out))
}

// created reports something new, its id on the last line for scripts.
func created(env environment, what, id string) {
	fmt.Fprintf(env.Stdout, "%s\n%s\n", what, id)
}

// readTextFile reads FILE, or standard input for "-": at most what a part
// holds, so an enormous file is refused before it fills memory.
func readTextFile(env environment, path string) (string, error) {
	if path == "" {
		return "", errs.OnField("file", "Name the file to read with --file (\"-\" reads standard input).")
	}
	var r io.Reader = env.Stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return "", errs.Wrap(err, errs.NotFound, "Cairn cannot read %s: %v.", path, unwrapPathError(err))
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, oplog.MaxTextBytes+1))
	if err != nil {
		return "", errs.Wrap(err, errs.Invalid, "Cairn could not read %s: %v.", path, err)
	}
	if len(data) > oplog.MaxTextBytes {
		return "", errs.OnField("file", "%s is over %d bytes; a part holds at most that. Split it into several parts.", path, oplog.MaxTextBytes)
	}
	return string(data), nil
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// short shows the start of an id, enough to type it back.
func short(id string) string {
	if len(id) > 12 {
		return id[:12]
	}
	return id
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}

// changed returns a pointer to the flag's value when the flag was given.
func changed[T any](cmd *cobra.Command, name string, value *T) *T {
	if cmd.Flags().Changed(name) {
		return value
	}
	return nil
}

// fromSnapshot reads the shared state and picks what a command shows.
func fromSnapshot[T any](folder func() string, pick func(*workspace.Snapshot) T) func(*cobra.Command, []string) (T, error) {
	return func(cmd *cobra.Command, _ []string) (T, error) {
		s, err := workspace.ReadSnapshot(cmd.Context(), folder())
		if err != nil {
			var zero T
			return zero, err
		}
		return pick(s), nil
	}
}
