package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/workspace"
)

func contribCommand(env environment, folder func() string) *cobra.Command {
	contrib := &cobra.Command{Use: "contrib", Short: "Contributions: log, review, credits"}
	var in workspace.ContributionInput
	log := writeCommand(env, folder, &cobra.Command{
		Use:   "log --type TYPE [--part PART] [--step STEP] --note TEXT",
		Short: "Log a contribution for review; prints its id",
		Args:  cobra.NoArgs,
	}, func(cmd *cobra.Command, _ []string, w *workspace.Workspace) error {
		id, err := w.LogContribution(cmd.Context(), in)
		if err != nil {
			return err
		}
		created(env, "Your contribution is logged and waits for a validator's review.", id)
		return nil
	})
	log.Flags().StringVar(&in.Type, "type", "", "an all-contributors type (content, research, translation…) or a CRediT role (methodology, writing-original-draft…)")
	log.Flags().StringVar(&in.Part, "part", "", "the part it went into")
	log.Flags().StringVar(&in.Step, "step", "", "the step it served")
	log.Flags().StringVar(&in.Note, "note", "", "what you did, in a few words")

	var accept, giveBack bool
	var note string
	review := writeCommand(env, folder, &cobra.Command{
		Use:   "review CONTRIB --accept|--return [--note TEXT]",
		Short: "Accept a contribution, or return it with a note (validators)",
		Args:  cobra.ExactArgs(1),
	}, func(cmd *cobra.Command, args []string, w *workspace.Workspace) error {
		if accept == giveBack {
			return errs.OnField("accept", "Say --accept or --return (with --note saying why).")
		}
		if err := w.ReviewContribution(cmd.Context(), args[0], accept, note); err != nil {
			return err
		}
		if accept {
			fmt.Fprintln(env.Stdout, "The contribution is accepted and counts in the credits.")
		} else {
			fmt.Fprintln(env.Stdout, "The contribution is returned to its author with your note.")
		}
		return nil
	})
	review.Flags().BoolVar(&accept, "accept", false, "accept it")
	review.Flags().BoolVar(&giveBack, "return", false, "return it to its author")
	review.Flags().StringVar(&note, "note", "", "a comment for the author (needed to return)")

	list := readCommand(env, &cobra.Command{Use: "list [--json]", Short: "List the contributions and their review", Args: cobra.NoArgs},
		fromSnapshot(folder, func(s *workspace.Snapshot) []workspace.Contribution { return s.Contributions }),
		func(out io.Writer, list []workspace.Contribution) {
			for _, c := range list {
				fmt.Fprintf(out, "%s  %-9s %-24s %.8s  %s\n", short(c.ID), c.Status, c.Type, c.Member, c.Note)
			}
		})
	credits := readCommand(env, &cobra.Command{Use: "credits [--json]", Short: "Who is credited for what, from accepted contributions", Args: cobra.NoArgs},
		fromSnapshot(folder, func(s *workspace.Snapshot) []workspace.Credit { return s.Credits() }),
		func(out io.Writer, list []workspace.Credit) {
			for _, c := range list {
				fmt.Fprintf(out, "%s: %s\n", c.Name, strings.Join(c.Kinds, ", "))
			}
		})
	contrib.AddCommand(log, review, list, credits)
	return contrib
}
