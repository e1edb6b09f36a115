package app

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoadSettings: a damaged settings file never stops the app and never
// yields a theme or window size outside the allowed ones.
func FuzzLoadSettings(f *testing.F) {
	f.Add([]byte(`{"theme":"dark","window":{"x":1,"y":2,"width":900,"height":700}}`))
	f.Add([]byte(`{"theme":"neon","window":{"width":-1}}`))
	f.Add([]byte(`{"window":null}`))
	f.Add([]byte("\x00\xff{"))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "settings.json")
		os.WriteFile(path, data, 0o600)
		s := loadSettings(path, false).get()
		if !themes[s.Theme] {
			t.Fatalf("theme %q", s.Theme)
		}
		if g := s.Window; g != nil && (g.Width < minWidth || g.Height < minHeight || g.Width > 20000 || g.Height > 20000) {
			t.Fatalf("window %+v", g)
		}
	})
}
