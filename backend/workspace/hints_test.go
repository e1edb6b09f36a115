package workspace

import (
	"context"
	"strings"
	"testing"

	"github.com/cairn-community/cairn/backend/deliverable"
	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/members"
)

// A message reads well in the app and at the command line alike: it names
// no command and no flag. The command a CLI user runs next is the hint,
// which only the CLI shows.
func TestMessagesNameNoCommandAndHintsDo(t *testing.T) {
	ctx := context.Background()
	s := approved(t, 2)
	defer s.close()
	founder := s.replicas[0]
	step, err := founder.AddStep(ctx, StepInput{Title: "Survey"})
	if err != nil {
		t.Fatal(err)
	}
	part, err := founder.AddPart(ctx, PartInput{Title: "Intro"})
	if err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		name, code, hint string
		err              error
	}{
		{"an unknown member", errs.Invalid, "cairn member list", func() error {
			_, err := founder.ApproveMember(ctx, "Zed")
			return err
		}()},
		{"an unknown step owner", errs.Invalid, "cairn role list", func() error {
			_, err := founder.AddStep(ctx, StepInput{Title: "Write up", Owner: "Zed"})
			return err
		}()},
		{"a step change that changes nothing", errs.Invalid, "--status", founder.SetStep(ctx, step, StepChange{})},
		{"a part change that changes nothing", errs.Invalid, "--mode", founder.SetPart(ctx, part, PartChange{})},
		{"a part not in conflict", errs.Conflict, "cairn part write", func() error {
			_, err := founder.ResolvePart(ctx, part, "Hello")
			return err
		}()},
		{"no device waiting", errs.NotFound, "cairn join URL --as YOUR-NAME --device", func() error {
			_, err := founder.ApproveDevice(ctx, "laptop")
			return err
		}()},
		{"an unknown offer", errs.NotFound, "cairn canvas show", founder.MatchExchange(ctx, "nothing")},
		{"no remote", errs.Invalid, "cairn remote set URL", func() error {
			_, err := founder.Sync(ctx, SyncOptions{})
			return err
		}()},
	}
	for _, c := range cases {
		message, hint := errs.Message(c.err), errs.Hint(c.err)
		if errs.Code(c.err) != c.code || message == "" {
			t.Errorf("%s: code %q, message %q (%v); want code %q", c.name, errs.Code(c.err), message, c.err, c.code)
		}
		if strings.Contains(message, "cairn ") || strings.Contains(message, "--") {
			t.Errorf("%s: the message names a command or a flag: %q", c.name, message)
		}
		if !strings.Contains(hint, c.hint) {
			t.Errorf("%s: the hint %q does not name %q", c.name, hint, c.hint)
		}
	}
}

// Saving the text a part already has is nothing to save, told apart by its
// code; a change its author may not make is unauthorized, and a change that
// is refused for what it says stays invalid.
func TestUnchangedAndUnauthorizedHaveTheirCodes(t *testing.T) {
	ctx := context.Background()
	s := approved(t, 2)
	defer s.close()
	founder, bo := s.replicas[0], s.replicas[1]
	part, err := founder.AddPart(ctx, PartInput{Title: "Intro"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := founder.WritePart(ctx, part, "Hello"); err != nil {
		t.Fatal(err)
	}
	if _, err := founder.WritePart(ctx, part, "Hello"); errs.Code(err) != errs.Unchanged {
		t.Fatalf("saving the same text again: %v (code %q)", err, errs.Code(err))
	}
	s.syncAll()
	if err := bo.SetVision(ctx, "Mine"); errs.Code(err) != errs.Unauthorized {
		t.Fatalf("a contributor set the vision: %v (code %q)", err, errs.Code(err))
	}
	if _, err := bo.Write(ctx, deliverable.PartRevise, deliverable.PartRevisePayload{Part: part, Text: "Bo's"}); errs.Code(err) != errs.Unauthorized {
		t.Fatalf("a contributor wrote the founder's cooperation part: %v (code %q)", err, errs.Code(err))
	}
	if _, err := bo.Publish(ctx, SyncOptions{}); errs.Code(err) != errs.Unauthorized {
		t.Fatalf("a contributor published: %v (code %q)", err, errs.Code(err))
	}
	if _, err := founder.Write(ctx, members.MemberRemove, members.MemberPayload{Member: founder.Author()}); errs.Code(err) != errs.Invalid {
		t.Fatalf("removing the founder: %v (code %q), want invalid", err, errs.Code(err))
	}
}
