package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/cairn-community/cairn/backend/workspace"
)

// changesCommand lists your changes that are not in force, with why and
// what you can do; resubmitCommand sends a refused one again.
func changesCommand(env environment, folder func() string) *cobra.Command {
	return readCommand(env, &cobra.Command{
		Use:   "changes [--json]",
		Short: "Your changes not in force: kept until you are let in, or refused, each with the reason",
		Args:  cobra.NoArgs,
	}, func(c *cobra.Command, _ []string) ([]workspace.Change, error) {
		return workspace.ReadMyChanges(c.Context(), folder())
	}, func(out io.Writer, list []workspace.Change) {
		if len(list) == 0 {
			fmt.Fprintln(out, "Every change of yours is in force.")
			return
		}
		for _, c := range list {
			fmt.Fprintf(out, "%s  %s  %s: you %s\n    %s. %s\n", c.ID[:12], c.At.Format("2006-01-02 15:04"), c.Kind, c.What, c.Reason, c.Next)
			if c.Kind == "refused" {
				fmt.Fprintf(out, "    To send it again: cairn resubmit %s\n", c.ID[:12])
			}
		}
	})
}

func resubmitCommand(env environment, folder func() string) *cobra.Command {
	return writeCommand(env, folder, &cobra.Command{
		Use:   "resubmit CHANGE",
		Short: "Send again one of your refused changes, judged by today's rules",
		Args:  cobra.ExactArgs(1),
	}, func(cmd *cobra.Command, args []string, w *workspace.Workspace) error {
		id, err := w.Resubmit(cmd.Context(), args[0])
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "Sent again as a new change.\n%s\n", id)
		return nil
	})
}
