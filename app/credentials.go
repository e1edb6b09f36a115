package app

import (
	"github.com/cairn-community/cairn/backend/credentials"
	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/workspace"
)

// keepSecret stores a join's secret in the OS keyring for later syncs, or
// says why it cannot (no keyring service runs here).
func keepSecret(ws *workspace.Workspace, req JoinRequest) error {
	settings, err := ws.Remote()
	if err != nil {
		return err
	}
	kind := credentials.Password
	if req.Method == "ssh-key" {
		kind = credentials.Passphrase
	}
	if err := credentials.Store(settings.URL, kind, req.Secret); err != nil {
		return errs.New(errs.Unwritable, "%v. Set %s in the environment before starting Cairn, or give it again at each sync.", err, kind)
	}
	return nil
}
