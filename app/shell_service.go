package app

import (
	"github.com/cairn-community/cairn/backend/buildinfo"
	"github.com/cairn-community/cairn/backend/errs"
)

// About is what the About dialog shows.
type About struct {
	Name      string `json:"name"`
	Version   string `json:"version"`
	GoVersion string `json:"goVersion"`
	DataDir   string `json:"dataDir"`
}

// ShellService serves the window around the areas: theme, About, Quit.
type ShellService struct {
	window *Window
}

// About describes this Cairn.
func (s *ShellService) About() (About, error) {
	return About{Name: "Cairn", Version: buildinfo.Version, GoVersion: buildinfo.GoVersion(), DataDir: s.window.session.DataDir()}, nil
}

// Theme is "system", "light" or "dark".
func (s *ShellService) Theme() (string, error) {
	return s.window.settings.get().Theme, nil
}

// SetTheme keeps the chosen theme for the next start.
func (s *ShellService) SetTheme(theme string) error {
	if !themes[theme] {
		return errs.New(errs.Invalid, "There is no theme called %q. Choose system, light or dark.", theme)
	}
	return s.window.settings.update(func(d *deviceSettings) { d.Theme = theme })
}

// Quit closes the window and the app, saving its size and place first.
func (s *ShellService) Quit() {
	s.window.quit()
}
