package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cairn-community/cairn/backend/workspace"
)

func stepCommand(env environment, folder func() string) *cobra.Command {
	step := &cobra.Command{Use: "step", Short: "The roadmap: steps and milestones"}
	var in workspace.StepInput
	add := writeCommand(env, folder, &cobra.Command{
		Use:   "add TITLE [--due YYYY-MM-DD] [--owner MEMBER|ROLE] [--after STEP]...",
		Short: "Add a step or milestone; prints its id",
		Args:  cobra.ExactArgs(1),
	}, func(cmd *cobra.Command, args []string, w *workspace.Workspace) error {
		in.Title = args[0]
		id, err := w.AddStep(cmd.Context(), in)
		if err != nil {
			return err
		}
		created(env, fmt.Sprintf("The step %q is on the roadmap.", strings.TrimSpace(args[0])), id)
		return nil
	})
	add.Flags().StringVar(&in.Description, "description", "", "what the step is about")
	add.Flags().StringVar(&in.Start, "start", "", "start date, YYYY-MM-DD")
	add.Flags().StringVar(&in.Due, "due", "", "due date, YYYY-MM-DD")
	add.Flags().StringVar(&in.Owner, "owner", "", "the member or role responsible")
	add.Flags().StringArrayVar(&in.After, "after", nil, "a step that must come first (repeatable)")
	add.Flags().StringArrayVar(&in.Parts, "part", nil, "a part this step works on (repeatable)")
	add.Flags().BoolVar(&in.Milestone, "milestone", false, "mark it a milestone")

	var title, description, start, due, owner, status string
	var after, parts []string
	var milestone bool
	set := writeCommand(env, folder, &cobra.Command{
		Use:   "set STEP [--status STATUS] [--due YYYY-MM-DD] [--after STEP]...",
		Short: "Change a step: status, dates, owner, dependencies",
		Args:  cobra.ExactArgs(1),
	}, func(cmd *cobra.Command, args []string, w *workspace.Workspace) error {
		if cmd.Flags().Changed("no-after") {
			after = []string{}
		}
		change := workspace.StepChange{Title: changed(cmd, "title", &title), Description: changed(cmd, "description", &description),
			Start: changed(cmd, "start", &start), Due: changed(cmd, "due", &due), Owner: changed(cmd, "owner", &owner),
			Status: changed(cmd, "status", &status), After: changedList(cmd, &after, "after", "no-after"), Parts: changed(cmd, "part", &parts),
			Milestone: changed(cmd, "milestone", &milestone)}
		if err := w.SetStep(cmd.Context(), args[0], change); err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, "The step is updated.")
		return nil
	})
	set.Flags().StringVar(&title, "title", "", "a new title")
	set.Flags().StringVar(&description, "description", "", "a new description")
	set.Flags().StringVar(&start, "start", "", "start date, YYYY-MM-DD (\"\" clears it)")
	set.Flags().StringVar(&due, "due", "", "due date, YYYY-MM-DD (\"\" clears it)")
	set.Flags().StringVar(&owner, "owner", "", "the member or role responsible (\"\" clears it)")
	set.Flags().StringVar(&status, "status", "", "planned, active, blocked, done or validated (validators)")
	set.Flags().StringArrayVar(&after, "after", nil, "the steps that must come first; replaces the list (repeatable)")
	set.Flags().Bool("no-after", false, "remove every dependency")
	set.Flags().StringArrayVar(&parts, "part", nil, "the parts this step works on; replaces the list (repeatable)")
	set.Flags().BoolVar(&milestone, "milestone", false, "mark it a milestone (--milestone=false to unmark)")

	list := readCommand(env, &cobra.Command{Use: "list [--json]", Short: "Show the roadmap", Args: cobra.NoArgs},
		fromSnapshot(folder, func(s *workspace.Snapshot) []workspace.Step { return s.Steps }),
		func(out io.Writer, steps []workspace.Step) {
			titles := map[string]string{}
			for _, st := range steps {
				titles[st.ID] = st.Title
			}
			for _, st := range steps {
				kind := "step"
				if st.Milestone {
					kind = fmt.Sprintf("milestone %d/%d", st.Finished, st.Total)
				}
				var deps []string
				for _, d := range st.After {
					deps = append(deps, titles[d])
				}
				fmt.Fprintf(out, "%s  %-10s %s [%s] due %s, owner %s, after %s\n", st.ID, st.Status, st.Title, kind,
					orDash(st.Due), orDash(st.OwnerName), orDash(strings.Join(deps, "; ")))
			}
		})
	step.AddCommand(add, set, list)
	return step
}

// changedList is a list flag's value when it, or the flag that clears it,
// was given.
func changedList(cmd *cobra.Command, list *[]string, flag, clear string) *[]string {
	if cmd.Flags().Changed(flag) || cmd.Flags().Changed(clear) {
		if *list == nil {
			*list = []string{}
		}
		return list
	}
	return nil
}
