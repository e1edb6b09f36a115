package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/cairn-community/cairn/backend/buildinfo"
	"github.com/cairn-community/cairn/backend/canvas"
	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/workspace"
)

// environment is what a command may touch outside itself; tests replace
// each part.
type environment struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Random         io.Reader
	Now            func() time.Time
}

// run executes one command line and returns the process exit code: 0 on
// success, 1 when Cairn refused or failed (the message says why), 2 for a
// command line that does not parse.
func run(args []string, env environment) int {
	root := newRootCommand(env)
	root.SetArgs(args)
	cmd, err := root.ExecuteC()
	if err == nil {
		return 0
	}
	var refused *errs.Error
	if !errors.As(err, &refused) {
		// Only cobra returns errors that are not ours: the command line
		// itself is wrong.
		fmt.Fprintf(env.Stderr, "cairn: %s\nRun '%s --help' for usage.\n", err, cmd.CommandPath())
		return 2
	}
	fmt.Fprintf(env.Stderr, "cairn: %s\n", cliMessage(err))
	if errs.Code(err) == errs.Corrupt {
		fmt.Fprintln(env.Stderr, "To rename it and start again: cairn recover --move-aside")
	}
	return 1
}

// cliMessage is an error's message followed by its hint, the command-line
// next step the app never shows, on one line.
func cliMessage(err error) string {
	if hint := errs.Hint(err); hint != "" {
		return errs.Message(err) + " " + hint
	}
	return errs.Message(err)
}

func newRootCommand(env environment) *cobra.Command {
	var dataDir string
	root := &cobra.Command{
		Use:           "cairn",
		Short:         "Cairn: co-create one deliverable as a community, offline first",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	root.PersistentFlags().StringVar(&dataDir, "data", "", "data folder (default $CAIRN_DATA, else ~/.local/share/cairn)")
	folder := func() string {
		if dataDir != "" {
			return dataDir
		}
		return workspace.DefaultDataDir()
	}
	root.AddCommand(
		initCommand(env, folder),
		whoamiCommand(env, folder),
		recoverCommand(env, folder),
		versionCommand(env),
		benchCommand(env),
		visionCommand(env, folder),
		canvasCommand(env, folder),
		verifyCommand(env, folder),
		rebuildCommand(env, folder),
		stateCommand(env, folder),
		memberCommand(env, folder),
		exchangeCommand(env, folder, canvas.Offer, "What you can do for others"),
		exchangeCommand(env, folder, canvas.Need, "What you need from others"),
		roleCommand(env, folder),
		stepCommand(env, folder),
		partCommand(env, folder),
		contribCommand(env, folder),
		decisionCommand(env, folder),
		activityCommand(env, folder),
		exportCommand(env, folder),
		remoteCommand(env, folder),
		syncCommand(env, folder),
		changesCommand(env, folder),
		resubmitCommand(env, folder),
		releaseCommand(env, folder),
		acceptCommand(env, folder),
		publishCommand(env, folder),
		joinCommand(env, folder),
	)
	return root
}

func initCommand(env environment, folder func() string) *cobra.Command {
	var member string
	cmd := &cobra.Command{
		Use:   "init NAME --as YOUR-NAME",
		Short: "Create a workspace, your member key and this computer's replica",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, err := claim(env, folder())
			if err != nil {
				return err
			}
			defer dir.Release()
			ws, err := dir.Create(cmd.Context(), args[0], member)
			if err != nil {
				return err
			}
			defer ws.Close()
			info := ws.Info()
			fmt.Fprintf(env.Stdout, "Created the workspace %q.\n", info.WorkspaceName)
			fmt.Fprintf(env.Stdout, "You are %s, with the key %s.\n", info.MemberName, info.KeyFingerprint)
			fmt.Fprintf(env.Stdout, "This computer is replica %s.\n", info.ReplicaID)
			fmt.Fprintf(env.Stdout, "Data folder: %s\n", info.DataDir)
			return nil
		},
	}
	cmd.Flags().StringVar(&member, "as", "", "your name, as the community knows you (required)")
	cmd.MarkFlagRequired("as")
	return cmd
}

func whoamiCommand(env environment, folder func() string) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "whoami",
		Short: "Show the workspace, your name, your key and this replica",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			info, err := workspace.ReadInfo(cmd.Context(), folder())
			if errs.Code(err) == errs.NotFound {
				return errs.New(errs.NotFound, "%s Create one with: cairn init NAME --as YOUR-NAME", cliMessage(err))
			}
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(env.Stdout)
				enc.SetIndent("", "  ")
				if err := enc.Encode(whoamiJSON{
					Workspace: info.WorkspaceName, Member: info.MemberName, Key: info.PublicKey, Replica: info.ReplicaID,
					Info: info,
				}); err != nil {
					return errs.Wrap(err, errs.Internal, "Cairn could not write its output.")
				}
				return nil
			}
			w := env.Stdout
			fmt.Fprintf(w, "Workspace:    %s\n", info.WorkspaceName)
			fmt.Fprintf(w, "You:          %s\n", info.MemberName)
			fmt.Fprintf(w, "Key:          %s\n", info.KeyFingerprint)
			fmt.Fprintf(w, "Public key:   %s\n", info.PublicKey)
			fmt.Fprintf(w, "Replica:      %s\n", info.ReplicaID)
			fmt.Fprintf(w, "Workspace id: %s\n", info.WorkspaceID)
			fmt.Fprintf(w, "Created:      %s\n", info.CreatedAt.Format(time.RFC3339))
			fmt.Fprintf(w, "Data folder:  %s\n", info.DataDir)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print as JSON, for scripts")
	return cmd
}

// whoamiJSON is `cairn whoami --json`. Scripts depend on workspace, member,
// key and replica (issue 5's contract); the longer names follow.
type whoamiJSON struct {
	Workspace string `json:"workspace"`
	Member    string `json:"member"`
	Key       string `json:"key"`
	Replica   string `json:"replica"`
	workspace.Info
}

func recoverCommand(env environment, folder func() string) *cobra.Command {
	var moveAside bool
	cmd := &cobra.Command{
		Use:   "recover --move-aside",
		Short: "Move a damaged workspace database aside (renamed, never deleted) so you can start again",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !moveAside {
				return errs.New(errs.Invalid, "Nothing was changed. Add --move-aside to rename the damaged database and start again.")
			}
			dir, err := claim(env, folder())
			if err != nil {
				return err
			}
			defer dir.Release()
			ws, err := dir.Open(cmd.Context())
			if err == nil {
				ws.Close()
				return errs.New(errs.Invalid, "The workspace in %s is healthy, so it was not moved.", dir.Path())
			}
			if code := errs.Code(err); code != errs.Corrupt {
				return err
			}
			moved, err := dir.MoveAside()
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "Moved the damaged database to %s.\nCreate a new workspace with: cairn init NAME --as YOUR-NAME\n", moved)
			return nil
		},
	}
	cmd.Flags().BoolVar(&moveAside, "move-aside", false, "rename the damaged database with today's date")
	return cmd
}

func versionCommand(env environment) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Show Cairn's version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintf(env.Stdout, "cairn %s (built with %s)\n", buildinfo.Version, buildinfo.GoVersion())
			return nil
		},
	}
}

// claim takes the data folder with the environment's sources of randomness
// and time.
func claim(env environment, path string) (*workspace.Dir, error) {
	dir, err := workspace.Claim(path)
	if err != nil {
		return nil, err
	}
	dir.Random, dir.Now = env.Random, env.Now
	return dir, nil
}
