package main

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/workspace"
)

func visionCommand(env environment, folder func() string) *cobra.Command {
	vision := &cobra.Command{
		Use:   "vision",
		Short: "The community's shared vision",
	}
	vision.AddCommand(&cobra.Command{
		Use:   "set TEXT",
		Short: "Write the shared vision (coordinators)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withWorkspace(cmd, env, folder(), func(w *workspace.Workspace) error {
				if err := w.SetVision(cmd.Context(), args[0]); err != nil {
					return err
				}
				fmt.Fprintln(env.Stdout, "The vision is saved.")
				return nil
			})
		},
	})
	var asJSON bool
	show := &cobra.Command{
		Use:   "show [--json]",
		Short: "Show the shared vision",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			text, err := workspace.ReadVision(cmd.Context(), folder())
			if err != nil {
				return err
			}
			if asJSON {
				out, _ := json.Marshal(map[string]string{"vision": text})
				fmt.Fprintln(env.Stdout, string(out))
				return nil
			}
			if text == "" {
				fmt.Fprintln(env.Stdout, "No vision yet. A coordinator writes it with: cairn vision set TEXT")
				return nil
			}
			fmt.Fprintln(env.Stdout, text)
			return nil
		},
	}
	show.Flags().BoolVar(&asJSON, "json", false, "print as JSON, for scripts")
	vision.AddCommand(show)
	return vision
}

// withWorkspace claims the data folder, opens its workspace, runs use, and
// gives both back.
func withWorkspace(cmd *cobra.Command, env environment, path string, use func(*workspace.Workspace) error) error {
	dir, err := claim(env, path)
	if err != nil {
		return err
	}
	defer dir.Release()
	w, err := dir.Open(cmd.Context())
	if errs.Code(err) == errs.NotFound {
		return errs.New(errs.NotFound, "%s Create one with: cairn init NAME --as YOUR-NAME", cliMessage(err))
	}
	if err != nil {
		return err
	}
	defer w.Close()
	if err := use(w); err != nil {
		return err
	}
	if w.KeptWaiting() > 0 {
		// Nothing silent: the change is kept, not yet in force.
		fmt.Fprintln(env.Stderr, "Kept: this applies once a coordinator lets you in. Send them the words from cairn whoami.")
	}
	return nil
}
