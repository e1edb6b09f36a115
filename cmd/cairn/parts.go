package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cairn-community/cairn/backend/workspace"
)

func partCommand(env environment, folder func() string) *cobra.Command {
	part := &cobra.Command{Use: "part", Short: "The deliverable's parts: write, suggest, resolve"}
	var in workspace.PartInput
	add := writeCommand(env, folder, &cobra.Command{
		Use:   "add TITLE [--kind curate|synthesise|co-create] [--mode cooperation|collaboration] [--owner MEMBER] [--writer MEMBER]...",
		Short: "Add a part at the end of the deliverable; prints its id",
		Args:  cobra.ExactArgs(1),
	}, func(cmd *cobra.Command, args []string, w *workspace.Workspace) error {
		in.Title = args[0]
		id, err := w.AddPart(cmd.Context(), in)
		if err != nil {
			return err
		}
		created(env, fmt.Sprintf("The part %q is added.", strings.TrimSpace(args[0])), id)
		return nil
	})
	partFlags := func(cmd *cobra.Command, brief, kind, mode, owner *string, writers *[]string) {
		cmd.Flags().StringVar(brief, "brief", "", "what the part must say")
		cmd.Flags().StringVar(kind, "kind", "", "curate, synthesise or co-create")
		cmd.Flags().StringVar(mode, "mode", "", "cooperation (the owner writes, others suggest) or collaboration (every writer writes)")
		cmd.Flags().StringVar(owner, "owner", "", "the member who owns it (default: you)")
		cmd.Flags().StringArrayVar(writers, "writer", nil, "a member who writes it in collaboration mode (repeatable)")
	}
	partFlags(add, &in.Brief, &in.Kind, &in.Mode, &in.Owner, &in.Writers)

	var brief, kind, mode, owner string
	var writers []string
	set := writeCommand(env, folder, &cobra.Command{
		Use:   "set PART [--mode MODE] [--owner MEMBER] [--writer MEMBER]...",
		Short: "Change a part's settings (its owner or a coordinator)",
		Args:  cobra.ExactArgs(1),
	}, func(cmd *cobra.Command, args []string, w *workspace.Workspace) error {
		change := workspace.PartChange{Brief: changed(cmd, "brief", &brief), Kind: changed(cmd, "kind", &kind), Mode: changed(cmd, "mode", &mode),
			Owner: changed(cmd, "owner", &owner), Writers: changedList(cmd, &writers, "writer", "no-writers")}
		if err := w.SetPart(cmd.Context(), args[0], change); err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, "The part's settings are saved.")
		return nil
	})
	partFlags(set, &brief, &kind, &mode, &owner, &writers)
	set.Flags().Bool("no-writers", false, "name no writers: every contributor may write (collaboration)")

	var file, note string
	write := func(use, short string, do func(*cobra.Command, *workspace.Workspace, string, string) (string, error), done string) *cobra.Command {
		cmd := writeCommand(env, folder, &cobra.Command{Use: use, Short: short, Args: cobra.ExactArgs(1)},
			func(cmd *cobra.Command, args []string, w *workspace.Workspace) error {
				text, err := readTextFile(env, file)
				if err != nil {
					return err
				}
				id, err := do(cmd, w, args[0], text)
				if err != nil {
					return err
				}
				created(env, done, id)
				return nil
			})
		cmd.Flags().StringVar(&file, "file", "", "the file with the text (\"-\" reads standard input)")
		return cmd
	}
	writePart := write("write PART --file FILE", "Make a file's text the part's new revision",
		func(cmd *cobra.Command, w *workspace.Workspace, ref, text string) (string, error) {
			return w.WritePart(cmd.Context(), ref, text)
		},
		"The new revision is saved.")
	resolve := write("resolve PART --file FILE", "End a conflict with the text given",
		func(cmd *cobra.Command, w *workspace.Workspace, ref, text string) (string, error) {
			return w.ResolvePart(cmd.Context(), ref, text)
		},
		"The conflict is resolved.")
	suggest := write("suggest PART --file FILE [--note TEXT]", "Suggest a new text to the part's owner; prints the suggestion's id",
		func(cmd *cobra.Command, w *workspace.Workspace, ref, text string) (string, error) {
			return w.Suggest(cmd.Context(), ref, text, note)
		}, "Your suggestion is sent to the part's owner.")
	suggest.Flags().StringVar(&note, "note", "", "why you suggest it")

	accept := writeCommand(env, folder, &cobra.Command{Use: "accept SUGGESTION", Short: "Take a suggestion into your part", Args: cobra.ExactArgs(1)},
		func(cmd *cobra.Command, args []string, w *workspace.Workspace) error {
			id, err := w.AcceptSuggestion(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			created(env, "The suggestion is now the part's text.", id)
			return nil
		})
	var declineNote string
	decline := writeCommand(env, folder, &cobra.Command{Use: "decline SUGGESTION [--note TEXT]", Short: "Turn a suggestion down", Args: cobra.ExactArgs(1)},
		func(cmd *cobra.Command, args []string, w *workspace.Workspace) error {
			if err := w.DeclineSuggestion(cmd.Context(), args[0], declineNote); err != nil {
				return err
			}
			fmt.Fprintln(env.Stdout, "The suggestion is declined.")
			return nil
		})
	decline.Flags().StringVar(&declineNote, "note", "", "why, for its author")

	show := readCommand(env, &cobra.Command{Use: "show PART [--json]", Short: "Show a part: its text, history, suggestions and conflict", Args: cobra.ExactArgs(1)},
		func(cmd *cobra.Command, args []string) (workspace.PartView, error) {
			return workspace.ReadPart(cmd.Context(), folder(), args[0])
		},
		func(out io.Writer, v workspace.PartView) {
			fmt.Fprintf(out, "%s  %s (%s, %s)\n", v.ID, v.Title, orDash(v.Kind), v.Mode)
			if v.Conflict != nil {
				fmt.Fprintf(out, "IN CONFLICT: %d versions collide. Resolve with: cairn part resolve %s --file FILE\n", len(v.Conflict.Sides), short(v.ID))
			}
			fmt.Fprintf(out, "%d revision(s), %d open suggestion(s), %d comment(s)\n\n%s", len(v.Revisions), countOpen(v.Suggestions), len(v.Comments), v.Text)
			if v.Text != "" && !strings.HasSuffix(v.Text, "\n") {
				fmt.Fprintln(out)
			}
		})
	list := readCommand(env, &cobra.Command{Use: "list [--json]", Short: "List the parts in order", Args: cobra.NoArgs},
		fromSnapshot(folder, func(s *workspace.Snapshot) []workspace.Part { return s.Parts }),
		func(out io.Writer, parts []workspace.Part) {
			for i, p := range parts {
				state := ""
				if p.Conflicted {
					state = " IN CONFLICT"
				}
				if p.Validated != "" {
					state += " validated"
				}
				fmt.Fprintf(out, "%s  §%d %s (%s, %s)%s\n", p.ID, i+1, p.Title, orDash(p.Kind), p.Mode, state)
			}
		})
	comment := writeCommand(env, folder, &cobra.Command{Use: "comment PART TEXT", Short: "Comment on a part", Args: cobra.ExactArgs(2)},
		func(cmd *cobra.Command, args []string, w *workspace.Workspace) error {
			if err := w.Comment(cmd.Context(), args[0], args[1]); err != nil {
				return err
			}
			fmt.Fprintln(env.Stdout, "Your comment is added.")
			return nil
		})
	part.AddCommand(add, set, writePart, show, list, suggest, accept, decline, resolve, comment)
	return part
}

func countOpen(list []workspace.Suggestion) int {
	n := 0
	for _, s := range list {
		if s.Status == "open" {
			n++
		}
	}
	return n
}
