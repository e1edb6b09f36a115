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
	var all bool
	cmd := readCommand(env, &cobra.Command{
		Use:   "changes [--all] [--json]",
		Short: "Your changes not in force: kept until you are let in, or refused, each with the reason (--all: everyone's)",
		Args:  cobra.NoArgs,
	}, func(c *cobra.Command, _ []string) ([]workspace.Change, error) {
		if all {
			return workspace.ReadChangesNotInForce(c.Context(), folder())
		}
		return workspace.ReadMyChanges(c.Context(), folder())
	}, func(out io.Writer, list []workspace.Change) {
		if len(list) == 0 {
			if all {
				fmt.Fprintln(out, "Every change is in force.")
			} else {
				fmt.Fprintln(out, "Every change of yours is in force.")
			}
			return
		}
		for _, c := range list {
			who := "you"
			if all {
				who = c.Name
			}
			fmt.Fprintf(out, "%s  %s  %s: %s %s\n    %s. %s\n", c.ID[:12], c.At.Format("2006-01-02 15:04"), c.Kind, who, c.What, c.Reason, c.Next)
			switch c.Action {
			case "send-again":
				fmt.Fprintf(out, "    To send it again: cairn resubmit %s\n", c.ID[:12])
			case "send-now":
				if all {
					fmt.Fprintf(out, "    To apply it now: cairn release %s\n", c.ID[:12])
				} else {
					fmt.Fprintf(out, "    To apply it now: cairn resubmit %s\n", c.ID[:12])
				}
			case "accept":
				fmt.Fprintf(out, "    To accept it: cairn accept %s\n", c.ID[:12])
			}
		}
	})
	cmd.Flags().BoolVar(&all, "all", false, "everyone's changes not in force, with what you may do about each")
	return cmd
}

func resubmitCommand(env environment, folder func() string) *cobra.Command {
	return writeCommand(env, folder, &cobra.Command{
		Use:   "resubmit CHANGE",
		Short: "Send on one of your changes not in force: a refused one again, judged by today's rules; one made while your clock ran ahead, now",
		Args:  cobra.ExactArgs(1),
	}, func(cmd *cobra.Command, args []string, w *workspace.Workspace) error {
		id, err := w.Resubmit(cmd.Context(), args[0])
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "Sent on.\n%s\n", id)
		return nil
	})
}

// releaseCommand sends on changes made while someone's clock ran ahead:
// a coordinator's way to apply them now rather than at the time they carry.
func releaseCommand(env environment, folder func() string) *cobra.Command {
	return writeCommand(env, folder, &cobra.Command{
		Use:   "release CHANGE...",
		Short: "Apply now changes made while a computer's clock ran ahead (yours, or as a coordinator anyone's)",
		Long: "Changes made on a computer whose clock ran ahead wait, on every computer, until the time they carry.\n" +
			"Release applies them now instead, everywhere, at the time of the release. The sync lists them.",
		Args: cobra.MinimumNArgs(1),
	}, func(cmd *cobra.Command, args []string, w *workspace.Workspace) error {
		ids, err := w.Release(cmd.Context(), args)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "Released %d change(s); they apply with your next sync everywhere.\n", len(ids))
		for _, id := range ids {
			fmt.Fprintln(env.Stdout, id)
		}
		return nil
	})
}

// acceptCommand lets in, as a coordinator, changes a member made after
// their removal, before it reached them: they are kept aside, not lost.
func acceptCommand(env environment, folder func() string) *cobra.Command {
	return writeCommand(env, folder, &cobra.Command{
		Use:   "accept CHANGE...",
		Short: "Accept changes a member made after their removal, before they knew of it (coordinators)",
		Long: "A removal names what its coordinator had seen of the member's work. What the member did beyond it,\n" +
			"whatever time their computer gave it, is kept aside on every computer. Accept lets it in everywhere.\n" +
			"The sync and 'cairn changes --all' list such changes.",
		Args: cobra.MinimumNArgs(1),
	}, func(cmd *cobra.Command, args []string, w *workspace.Workspace) error {
		ids, err := w.Accept(cmd.Context(), args)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "Accepted; they apply with your next sync everywhere.\n")
		for _, id := range ids {
			fmt.Fprintln(env.Stdout, id)
		}
		return nil
	})
}
