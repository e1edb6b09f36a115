package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cairn-community/cairn/backend/roles"
	"github.com/cairn-community/cairn/backend/workspace"
)

func roleCommand(env environment, folder func() string) *cobra.Command {
	role := &cobra.Command{Use: "role", Short: "Roles: who does what, when and how"}
	var in workspace.RoleInput
	var can string
	add := writeCommand(env, folder, &cobra.Command{
		Use:   "add NAME --who T --when T --how T --can PERMISSIONS",
		Short: "Define a role (coordinators); prints its id",
		Args:  cobra.ExactArgs(1),
	}, func(cmd *cobra.Command, args []string, w *workspace.Workspace) error {
		perms, err := roles.ParsePermissions(can)
		if err != nil {
			return err
		}
		in.Name, in.Can = args[0], perms
		id, err := w.AddRole(cmd.Context(), in)
		if err != nil {
			return err
		}
		created(env, fmt.Sprintf("The role %q is defined.", strings.TrimSpace(args[0])), id)
		return nil
	})
	add.Flags().StringVar(&in.Who, "who", "", "who holds the role")
	add.Flags().StringVar(&in.When, "when", "", "when they act")
	add.Flags().StringVar(&in.How, "how", "", "how they work, and with whom")
	add.Flags().StringVar(&can, "can", "", "what it may do: coordinate, validate, contribute, observe (comma-separated)")
	assign := func(use, short string, on bool) *cobra.Command {
		return writeCommand(env, folder, &cobra.Command{Use: use + " ROLE MEMBER", Short: short, Args: cobra.ExactArgs(2)},
			func(cmd *cobra.Command, args []string, w *workspace.Workspace) error {
				change, done := w.AssignRole, "now holds"
				if !on {
					change, done = w.UnassignRole, "no longer holds"
				}
				if err := change(cmd.Context(), args[0], args[1]); err != nil {
					return err
				}
				fmt.Fprintf(env.Stdout, "%s %s the role %s.\n", args[1], done, args[0])
				return nil
			})
	}
	list := readCommand(env, &cobra.Command{Use: "list [--json]", Short: "List the roles and who holds them", Args: cobra.NoArgs},
		fromSnapshot(folder, func(s *workspace.Snapshot) []workspace.Role { return s.Roles }),
		func(out io.Writer, list []workspace.Role) {
			for _, r := range list {
				fmt.Fprintf(out, "%s  %s (%s): %s\n", r.ID, r.Name, strings.Join(r.Can, ","), orDash(strings.Join(r.Names, ", ")))
				for _, line := range [][2]string{{"Who", r.Who}, {"When", r.When}, {"How", r.How}} {
					if line[1] != "" {
						fmt.Fprintf(out, "    %s: %s\n", line[0], line[1])
					}
				}
			}
		})
	role.AddCommand(add, assign("assign", "Give a member a role (coordinators)", true),
		assign("unassign", "Take a role back (coordinators)", false), list)
	return role
}
