package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cairn-community/cairn/backend/credentials"
	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/workspace"
)

// remoteFlags are how to reach a remote, shared by remote set and join.
type remoteFlags struct {
	settings    workspace.RemoteSettings
	agent       bool
	secretStdin bool
}

func (f *remoteFlags) add(cmd *cobra.Command) {
	cmd.Flags().BoolVar(&f.agent, "ssh-agent", false, "authenticate over SSH with your SSH agent (the default for SSH)")
	cmd.Flags().StringVar(&f.settings.KeyFile, "ssh-key", "", "authenticate over SSH with this private key file")
	cmd.Flags().StringVar(&f.settings.User, "user", "", "the user name (https, or ssh when the URL has none)")
	cmd.Flags().BoolVar(&f.secretStdin, "secret-stdin", false, "read the token (https) or the key's passphrase from standard input, to keep in the OS keyring")
	cmd.Flags().StringVar(&f.settings.KnownHosts, "known-hosts", "", "the known_hosts file to check SSH servers against (default ~/.ssh/known_hosts)")
}

// resolve fills the method in and reads the secret, if asked to.
func (f *remoteFlags) resolve(env environment, url string) (workspace.RemoteSettings, string, error) {
	s := f.settings
	s.URL = strings.TrimSpace(url)
	switch {
	case s.KeyFile != "":
		s.Method = "ssh-key"
	case f.agent:
		s.Method = "ssh-agent"
	case strings.HasPrefix(s.URL, "https://") || strings.HasPrefix(s.URL, "http://"):
		if f.secretStdin {
			s.Method = "password"
		}
	case strings.Contains(s.URL, "@") || strings.HasPrefix(s.URL, "ssh://"):
		s.Method = "ssh-agent"
	}
	secret, err := readSecret(env, f.secretStdin)
	return s, secret, err
}

// keep stores the secret in the keyring, or says why it cannot.
func keep(env environment, s workspace.RemoteSettings, secret string) {
	if secret == "" {
		return
	}
	kind := credentials.Password
	if s.Method == "ssh-key" {
		kind = credentials.Passphrase
	}
	if err := credentials.Store(s.URL, kind, secret); err != nil {
		fmt.Fprintf(env.Stderr, "cairn: %v. Set %s in the environment for each sync.\n", err, kind)
		return
	}
	fmt.Fprintln(env.Stdout, "The secret is kept in your OS keyring.")
}

func remoteCommand(env environment, folder func() string) *cobra.Command {
	remote := &cobra.Command{Use: "remote", Short: "Where the community syncs: a folder, an SSH server or a forge"}
	var flags remoteFlags
	set := writeCommand(env, folder, &cobra.Command{
		Use:   "set URL",
		Short: "Set the remote: a folder path, file://, ssh://, user@host:path or https://",
		Args:  cobra.ExactArgs(1),
	}, func(cmd *cobra.Command, args []string, w *workspace.Workspace) error {
		settings, secret, err := flags.resolve(env, args[0])
		if err != nil {
			return err
		}
		if err := w.SetRemote(cmd.Context(), settings); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "The remote is %s. Sync with: cairn sync\n", settings.URL)
		keep(env, settings, secret)
		return nil
	})
	flags.add(set)
	show := readCommand(env, &cobra.Command{Use: "show [--json]", Short: "Show the remote and the last sync", Args: cobra.NoArgs},
		func(cmd *cobra.Command, _ []string) (map[string]any, error) {
			at, summary, err := workspace.ReadLastSync(cmd.Context(), folder())
			if err != nil {
				return nil, err
			}
			settings, err := workspace.ReadRemote(folder())
			return map[string]any{"remote": settings, "lastSync": at, "summary": summary}, err
		},
		func(out io.Writer, v map[string]any) {
			settings := v["remote"].(workspace.RemoteSettings)
			fmt.Fprintf(out, "remote:    %s\n", orDash(settings.URL))
			fmt.Fprintf(out, "last sync: %s\n", orDash(v["lastSync"].(string)))
		})
	remote.AddCommand(set, show)
	return remote
}

// readSecret reads a secret given on standard input for one sync, where
// no keyring keeps it.
func readSecret(env environment, ask bool) (string, error) {
	if !ask {
		return "", nil
	}
	line, err := bufio.NewReader(env.Stdin).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", errs.Wrap(err, errs.Invalid, "Cairn could not read the secret from standard input.")
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func syncCommand(env environment, folder func() string) *cobra.Command {
	var asJSON, secretStdin bool
	cmd := writeCommand(env, folder, &cobra.Command{
		Use:   "sync [--json]",
		Short: "Send your changes and take in everyone else's",
		Args:  cobra.NoArgs,
	}, func(cmd *cobra.Command, _ []string, w *workspace.Workspace) error {
		secret, err := readSecret(env, secretStdin)
		if err != nil {
			return err
		}
		summary, err := w.Sync(cmd.Context(), workspace.SyncOptions{Secret: secret, Progress: progressPrinter(env, asJSON)})
		if err != nil {
			return err
		}
		printSummary(env, summary, asJSON)
		return nil
	})
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a summary as JSON, for scripts")
	cmd.Flags().BoolVar(&secretStdin, "secret-stdin", false, "read the token or passphrase for this sync from standard input (when no keyring keeps it)")
	return cmd
}

func publishCommand(env environment, folder func() string) *cobra.Command {
	var secretStdin bool
	cmd := writeCommand(env, folder, &cobra.Command{
		Use:   "publish",
		Short: "Sync, then publish a readable snapshot to the remote's main branch (coordinators)",
		Args:  cobra.NoArgs,
	}, func(cmd *cobra.Command, _ []string, w *workspace.Workspace) error {
		secret, err := readSecret(env, secretStdin)
		if err != nil {
			return err
		}
		if _, err := w.Publish(cmd.Context(), workspace.SyncOptions{Secret: secret, Progress: progressPrinter(env, false)}); err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, "Published: a plain git clone of the remote now shows README.md and the deliverable.")
		return nil
	})
	cmd.Flags().BoolVar(&secretStdin, "secret-stdin", false, "read the token or passphrase from standard input (when no keyring keeps it)")
	return cmd
}

func joinCommand(env environment, folder func() string) *cobra.Command {
	var name string
	var device bool
	var flags remoteFlags
	cmd := &cobra.Command{
		Use:   "join URL --as MEMBER",
		Short: "Join the workspace a remote carries; a coordinator then approves you",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			settings, secret, err := flags.resolve(env, args[0])
			if err != nil {
				return err
			}
			dir, err := claim(env, folder())
			if err != nil {
				return err
			}
			defer dir.Release()
			join := dir.JoinRemote
			if device {
				join = dir.AddDevice
			}
			w, _, err := join(cmd.Context(), settings, name, workspace.SyncOptions{Secret: secret, Progress: progressPrinter(env, false)})
			if err != nil {
				return err
			}
			defer w.Close()
			keep(env, settings, secret)
			info := w.Info()
			if device {
				fmt.Fprintf(env.Stdout, "This computer asks to be another device of %s in %q.\nOn a computer you already use, sync, then run: cairn member approve-device %.12s\n",
					info.MemberName, info.WorkspaceName, info.PublicKey)
				return nil
			}
			fmt.Fprintf(env.Stdout, "You asked to join %q as %s.\nSend a coordinator these words: \"Please approve %s, key %s.\"\nUntil then your changes wait; sync again later to see the approval.\n",
				info.WorkspaceName, info.MemberName, info.MemberName, info.KeyFingerprint)
			return nil
		},
	}
	cmd.Flags().StringVar(&name, "as", "", "your name, as the community knows you")
	cmd.Flags().BoolVar(&device, "device", false, "you are already a member: add this computer to your membership")
	_ = cmd.MarkFlagRequired("as")
	flags.add(cmd)
	return cmd
}

// progressPrinter prints each stage of a sync as it starts.
func progressPrinter(env environment, quiet bool) func(workspace.SyncProgress) {
	words := map[string]string{"export": "Preparing your changes…", "fetch": "Fetching from the remote…",
		"import": "Taking in others' changes…", "push": "Sending your changes…"}
	last := ""
	return func(p workspace.SyncProgress) {
		if quiet || p.Stage == last || words[p.Stage] == "" {
			return
		}
		last = p.Stage
		fmt.Fprintln(env.Stderr, words[p.Stage])
	}
}

func printSummary(env environment, s workspace.SyncSummary, asJSON bool) {
	if asJSON {
		printJSON(env, s)
		return
	}
	fmt.Fprintf(env.Stdout, "Synced: %d segment(s) sent, %d received; %d operation(s) applied, %d held, %d refused.\n",
		s.Sent, s.Received, s.Applied, s.Held, s.Rejected)
	for _, p := range s.Problems {
		fmt.Fprintf(env.Stdout, "  %s %s: %s\n", p.Kind, orDash(p.Replica), p.Reason)
	}
	if s.ChangesRefused+s.ChangesWaiting+s.ChangesAhead > 0 {
		fmt.Fprintf(env.Stdout, "Changes not in force: %d refused, %d waiting for their authors to be let in, %d made while a clock ran ahead.\n", s.ChangesRefused, s.ChangesWaiting, s.ChangesAhead)
		for _, c := range s.Changes {
			fmt.Fprintf(env.Stdout, "  %s %s: %s %s. %s.\n", c.ID[:12], c.Kind, c.Name, c.What, c.Reason)
		}
		if s.ChangesAhead > 0 {
			fmt.Fprintln(env.Stdout, "  To apply a change made while a clock ran ahead now: cairn release CHANGE")
		}
	}
}
