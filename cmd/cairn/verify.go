package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cairn-community/cairn/backend/workspace"
)

func verifyCommand(env environment, folder func() string) *cobra.Command {
	return &cobra.Command{
		Use:   "verify",
		Short: "Check the database, every operation, every chain, and that a rebuild gives the same state; changes nothing",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return withWorkspace(cmd, env, folder(), func(w *workspace.Workspace) error {
				if err := w.Verify(cmd.Context()); err != nil {
					return err
				}
				fmt.Fprintln(env.Stdout, "Everything checks out: the database, every operation, every chain, and the state rebuilt from the log.")
				return nil
			})
		},
	}
}

func rebuildCommand(env environment, folder func() string) *cobra.Command {
	return &cobra.Command{
		Use:   "rebuild",
		Short: "Recompute every verdict and the whole state from the operation log",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return withWorkspace(cmd, env, folder(), func(w *workspace.Workspace) error {
				if err := w.Rebuild(cmd.Context()); err != nil {
					return err
				}
				fmt.Fprintln(env.Stdout, "The state was rebuilt from the operation log.")
				return nil
			})
		},
	}
}

func stateCommand(env environment, folder func() string) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "state --json",
		Short: "Print the whole shared state, canonically: the same operations give the same bytes",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			// Streamed: a state of a million operations is never whole in
			// memory. A failure midway leaves cut JSON and a non-zero exit.
			if err := workspace.WriteState(cmd.Context(), folder(), env.Stdout); err != nil {
				return err
			}
			fmt.Fprintln(env.Stdout)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", true, "print as JSON (the only form)")
	return cmd
}
