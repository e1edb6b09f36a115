package main

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cairn-community/cairn/backend/canvas"
	"github.com/cairn-community/cairn/backend/workspace"
)

func canvasCommand(env environment, folder func() string) *cobra.Command {
	board := &cobra.Command{Use: "canvas", Short: "The board's questions and the community's answers"}
	board.AddCommand(&cobra.Command{
		Use:   "answer QUESTION-ID TEXT",
		Short: "Answer one of the board's questions (your later answer replaces it)",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withWorkspace(cmd, env, folder(), func(w *workspace.Workspace) error {
				if err := w.AnswerQuestion(cmd.Context(), args[0], args[1]); err != nil {
					return err
				}
				fmt.Fprintln(env.Stdout, "Your answer is saved.")
				return nil
			})
		},
	})
	var asJSON bool
	show := &cobra.Command{
		Use:   "show [--json]",
		Short: "Show the questions, the answers, and the offers and needs",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := workspace.ReadCanvas(cmd.Context(), folder())
			if err != nil {
				return err
			}
			if asJSON {
				out, _ := json.MarshalIndent(c, "", "  ")
				fmt.Fprintln(env.Stdout, string(out))
				return nil
			}
			for _, q := range c.Questions {
				fmt.Fprintf(env.Stdout, "[%s] %s\n", q.ID, q.Text)
				for _, a := range c.Answers {
					if a.Question == q.ID {
						fmt.Fprintf(env.Stdout, "  - %s (%.8s)\n", a.Text, a.Member)
					}
				}
			}
			for _, it := range c.Exchange {
				state := "open"
				if it.MatchedBy != "" {
					state = "taken up by " + it.MatchedBy[:8]
				}
				fmt.Fprintf(env.Stdout, "%s %s: %s (%s)\n", it.Side, it.Item[:12], it.Text, state)
			}
			return nil
		},
	}
	show.Flags().BoolVar(&asJSON, "json", false, "print as JSON, for scripts")
	board.AddCommand(show, questionCommand(env, folder))
	return board
}

// questionCommand edits the board's question set (coordinators).
func questionCommand(env environment, folder func() string) *cobra.Command {
	question := &cobra.Command{Use: "question", Short: "Add, reword or remove the board's questions (coordinators)"}
	add := writeCommand(env, folder, &cobra.Command{Use: "add TEXT", Short: "Add a question; prints its id", Args: cobra.ExactArgs(1)},
		func(cmd *cobra.Command, args []string, w *workspace.Workspace) error {
			id, err := w.AddQuestion(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			created(env, "The question is on the board.", id)
			return nil
		})
	edit := writeCommand(env, folder, &cobra.Command{Use: "edit QUESTION-ID TEXT", Short: "Reword a question", Args: cobra.ExactArgs(2)},
		func(cmd *cobra.Command, args []string, w *workspace.Workspace) error {
			if err := w.EditQuestion(cmd.Context(), args[0], args[1]); err != nil {
				return err
			}
			fmt.Fprintln(env.Stdout, "The question is reworded.")
			return nil
		})
	remove := writeCommand(env, folder, &cobra.Command{Use: "remove QUESTION-ID", Short: "Take a question off the board", Args: cobra.ExactArgs(1)},
		func(cmd *cobra.Command, args []string, w *workspace.Workspace) error {
			if err := w.RemoveQuestion(cmd.Context(), args[0]); err != nil {
				return err
			}
			fmt.Fprintln(env.Stdout, "The question is off the board; its answers stay in the history.")
			return nil
		})
	question.AddCommand(add, edit, remove)
	return question
}

// exchangeCommand is `cairn offer` or `cairn need`.
func exchangeCommand(env environment, folder func() string, side canvas.Side, short string) *cobra.Command {
	cmd := &cobra.Command{Use: string(side), Short: short}
	var part, step string
	add := &cobra.Command{
		Use:   "add TEXT",
		Short: "Put it on the board; prints the new id last",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withWorkspace(cmd, env, folder(), func(w *workspace.Workspace) error {
				id, err := w.AddExchange(cmd.Context(), side, args[0], part, step)
				if err != nil {
					return err
				}
				fmt.Fprintln(env.Stdout, id)
				return nil
			})
		},
	}
	add.Flags().StringVar(&part, "part", "", "the part it is about")
	add.Flags().StringVar(&step, "step", "", "the step it is about")
	take := &cobra.Command{
		Use:   "take ID",
		Short: "Take it up",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withWorkspace(cmd, env, folder(), func(w *workspace.Workspace) error {
				if err := w.MatchExchange(cmd.Context(), args[0]); err != nil {
					return err
				}
				fmt.Fprintln(env.Stdout, "You took it up.")
				return nil
			})
		},
	}
	cmd.AddCommand(add, take)
	return cmd
}
