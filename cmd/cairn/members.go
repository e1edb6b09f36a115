package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cairn-community/cairn/backend/workspace"
)

func memberCommand(env environment, folder func() string) *cobra.Command {
	member := &cobra.Command{Use: "member", Short: "Members, join requests and approvals"}
	var asJSON bool
	list := &cobra.Command{
		Use:   "list [--json]",
		Short: "List members and join requests",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			members, err := workspace.ReadMembers(cmd.Context(), folder())
			if err != nil {
				return err
			}
			if asJSON {
				out, _ := json.MarshalIndent(members, "", "  ")
				fmt.Fprintln(env.Stdout, string(out))
				return nil
			}
			for _, m := range members {
				standing := "member"
				switch {
				case m.AsksDeviceOf != "":
					standing = "asks to be a device"
				case m.Removed && !m.Approved:
					standing = "refused"
				case m.Removed:
					standing = "removed"
				case !m.Approved:
					standing = "asks to join"
				}
				fmt.Fprintf(env.Stdout, "%-24s %-13s %-34s %s\n", m.Name, standing, strings.Join(m.Permissions, ","), m.Key)
			}
			return nil
		},
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print as JSON, for scripts")
	approve := &cobra.Command{
		Use:   "approve MEMBER",
		Short: "Let someone who asked to join in (coordinators)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withWorkspace(cmd, env, folder(), func(w *workspace.Workspace) error {
				m, err := w.ApproveMember(cmd.Context(), args[0])
				if err != nil {
					return err
				}
				fmt.Fprintf(env.Stdout, "%s is now a member.\n", m.Name)
				return nil
			})
		},
	}
	remove := &cobra.Command{
		Use:   "remove MEMBER",
		Short: "End someone's membership; their past work stays (coordinators)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withWorkspace(cmd, env, folder(), func(w *workspace.Workspace) error {
				m, err := w.RemoveMember(cmd.Context(), args[0])
				if err != nil {
					return err
				}
				fmt.Fprintf(env.Stdout, "%s is no longer a member. Their past work stays.\n", m.Name)
				return nil
			})
		},
	}
	refuse := &cobra.Command{
		Use:   "refuse MEMBER",
		Short: "Turn a join request down (coordinators)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withWorkspace(cmd, env, folder(), func(w *workspace.Workspace) error {
				m, err := w.RefuseMember(cmd.Context(), args[0])
				if err != nil {
					return err
				}
				fmt.Fprintf(env.Stdout, "%s's request to join is refused.\n", m.Name)
				return nil
			})
		},
	}
	approveDevice := &cobra.Command{
		Use:   "approve-device DEVICE",
		Short: "Let another computer of yours act as you (run it on a computer you already use)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withWorkspace(cmd, env, folder(), func(w *workspace.Workspace) error {
				m, err := w.ApproveDevice(cmd.Context(), args[0])
				if err != nil {
					return err
				}
				fmt.Fprintf(env.Stdout, "The computer %.12s now acts as you. Sync to tell the others.\n", m.Key)
				return nil
			})
		},
	}
	member.AddCommand(list, approve, remove, refuse, approveDevice)
	return member
}
