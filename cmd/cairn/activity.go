package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/cairn-community/cairn/backend/durable"
	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/workspace"
)

func activityCommand(env environment, folder func() string) *cobra.Command {
	var f workspace.ActivityFilter
	cmd := readCommand(env, &cobra.Command{
		Use:   "activity [--json] [--member MEMBER] [--area AREA] [--since DATE] [--until DATE]",
		Short: "The timeline of every accepted change, newest first",
		Args:  cobra.NoArgs,
	}, func(cmd *cobra.Command, _ []string) ([]workspace.ActivityEntry, error) {
		return workspace.ReadActivity(cmd.Context(), folder(), f)
	}, func(out io.Writer, list []workspace.ActivityEntry) {
		for _, e := range list {
			fmt.Fprintf(out, "%s  %s\n", e.At.Format("2006-01-02 15:04"), e.Text)
		}
	})
	cmd.Flags().StringVar(&f.Member, "member", "", "only this member's changes")
	cmd.Flags().StringVar(&f.Area, "area", "", "only this area: workspace, members, roles, vision, roadmap, deliverable, contributions, decisions")
	cmd.Flags().StringVar(&f.Since, "since", "", "from this day, YYYY-MM-DD")
	cmd.Flags().StringVar(&f.Until, "until", "", "to this day included, YYYY-MM-DD")
	cmd.Flags().IntVar(&f.Limit, "limit", 0, "at most this many entries")
	return cmd
}

func exportCommand(env environment, folder func() string) *cobra.Command {
	var format, out string
	cmd := &cobra.Command{
		Use:   "export --format md|html|csv|ics|credits --out PATH",
		Short: "Export the deliverable, the roadmap or the credits",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return errs.OnField("out", "Say where to write the export with --out PATH (\"-\" writes to standard output).")
			}
			s, err := workspace.ReadSnapshot(cmd.Context(), folder())
			if err != nil {
				return err
			}
			data, err := s.Export(format, env.Now())
			if err != nil {
				return err
			}
			if out == "-" {
				_, err := env.Stdout.Write(data)
				return err
			}
			if err := durable.WriteFile(out, data, 0o644); err != nil {
				return errs.Wrap(err, errs.Unwritable, "Cairn could not write %s: %v. Check the folder exists and you may write to it.", out, unwrapPathError(err))
			}
			fmt.Fprintf(env.Stdout, "Wrote %s (%d bytes).\n", out, len(data))
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "", "md, html, csv, ics or credits")
	cmd.Flags().StringVar(&out, "out", "", "the file to write (\"-\" for standard output)")
	return cmd
}
