package credentials

import (
	"errors"
	"testing"
)

func TestTheEnvironmentGivesASecretWhereNoKeyringRuns(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
	t.Setenv(Password, "from-env")
	if got := Lookup("https://forge.example.org/guide.git", Password); got != "from-env" {
		t.Fatalf("Lookup = %q", got)
	}
	t.Setenv(Password, "")
	if got := Lookup("https://forge.example.org/guide.git", Password); got != "" {
		t.Fatalf("with no keyring and no variable, Lookup = %q", got)
	}
	if Available() {
		t.Skip("a keyring answers here; the refusal cannot be shown")
	}
	if err := Store("https://forge.example.org/guide.git", Password, "x"); !errors.Is(err, ErrNoKeyring) {
		t.Fatalf("Store without a keyring: %v", err)
	}
}
