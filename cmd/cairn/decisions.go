package main

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cairn-community/cairn/backend/workspace"
)

func decisionCommand(env environment, folder func() string) *cobra.Command {
	decision := &cobra.Command{Use: "decision", Short: "Decisions: propose, vote, close"}
	var in workspace.ProposalInput
	propose := writeCommand(env, folder, &cobra.Command{
		Use:   "propose TITLE --method consent|consensus|advice|poll|score [--option T]... [--closes DATE] [--quorum N]",
		Short: "Propose a decision; prints its id",
		Args:  cobra.ExactArgs(1),
	}, func(cmd *cobra.Command, args []string, w *workspace.Workspace) error {
		in.Title = args[0]
		id, err := w.Propose(cmd.Context(), in)
		if err != nil {
			return err
		}
		created(env, fmt.Sprintf("The decision %q is open for votes.", strings.TrimSpace(args[0])), id)
		return nil
	})
	propose.Flags().StringVar(&in.Method, "method", "", "consent, consensus, advice, poll or score")
	propose.Flags().StringArrayVar(&in.Options, "option", nil, "an option to choose from (poll and score; repeatable)")
	propose.Flags().StringVar(&in.Closes, "closes", "", "the last day to vote, YYYY-MM-DD")
	propose.Flags().IntVar(&in.Quorum, "quorum", 0, "votes needed for the outcome to count")
	propose.Flags().StringVar(&in.Description, "description", "", "the proposal in full")

	var reason string
	vote := writeCommand(env, folder, &cobra.Command{
		Use:   "vote DECISION CHOICE [--reason TEXT]",
		Short: "Vote, or change your vote until the decision closes",
		Args:  cobra.ExactArgs(2),
	}, func(cmd *cobra.Command, args []string, w *workspace.Workspace) error {
		replaced, err := w.Vote(cmd.Context(), args[0], args[1], reason)
		if err != nil {
			return err
		}
		if replaced {
			fmt.Fprintln(env.Stdout, "Your vote is changed.")
		} else {
			fmt.Fprintln(env.Stdout, "Your vote is cast.")
		}
		return nil
	})
	vote.Flags().StringVar(&reason, "reason", "", "why (needed to object, block or advise)")

	var closing workspace.CloseInput
	closeCmd := writeCommand(env, folder, &cobra.Command{
		Use:   "close DECISION --outcome TEXT [--validates STEP|PART] [--review DATE]",
		Short: "Close a decision with its outcome (coordinators)",
		Args:  cobra.ExactArgs(1),
	}, func(cmd *cobra.Command, args []string, w *workspace.Workspace) error {
		if err := w.CloseDecision(cmd.Context(), args[0], closing); err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, "The decision is closed.")
		return nil
	})
	closeCmd.Flags().StringVar(&closing.Outcome, "outcome", "", "what was decided, and why")
	closeCmd.Flags().StringVar(&closing.Validates, "validates", "", "a step or part the outcome validates")
	closeCmd.Flags().StringVar(&closing.Review, "review", "", "when to review the decision, YYYY-MM-DD")

	list := readCommand(env, &cobra.Command{Use: "list [--json]", Short: "List decisions, open and closed", Args: cobra.NoArgs},
		fromSnapshot(folder, func(s *workspace.Snapshot) []workspace.Decision { return s.Decisions }),
		func(out io.Writer, list []workspace.Decision) {
			for _, d := range list {
				state := "open"
				if d.Closed != nil {
					state = "closed: " + d.Closed.Outcome
				}
				fmt.Fprintf(out, "%s  %s (%s) %s; %s\n", short(d.ID), d.Title, d.Method, tallyText(d), state)
			}
		})
	decision.AddCommand(propose, vote, closeCmd, list)
	return decision
}

func tallyText(d workspace.Decision) string {
	var parts []string
	counts := d.Tally.Counts
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s %d", k, counts[k]))
	}
	quorum := ""
	if d.Quorum > 0 {
		quorum = fmt.Sprintf(", quorum %d/%d", d.Tally.Voters, d.Quorum)
	}
	return fmt.Sprintf("%d vote(s)%s [%s]", d.Tally.Voters, quorum, strings.Join(parts, ", "))
}
