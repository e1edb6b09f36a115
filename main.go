// Cairn's desktop app: the Wails window over backend/workspace. This is the
// only place that knows every part; cmd/cairn is the same app without a
// window.
package main

import (
	"embed"
	"log"
	"os"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"

	"github.com/cairn-community/cairn/app"
	"github.com/cairn-community/cairn/backend/workspace"
)

//go:embed all:frontend/dist
var assets embed.FS

//go:embed build/appicon.png
var icon []byte

func main() {
	// Some GPUs show a blank WebKitGTK window with the DMA-BUF renderer.
	if os.Getenv("WEBKIT_DISABLE_DMABUF_RENDERER") == "" {
		os.Setenv("WEBKIT_DISABLE_DMABUF_RENDERER", "1")
	}
	session := app.NewSession(workspace.DefaultDataDir())
	window := app.NewWindow(session)
	width, height, state := window.InitialSize()
	minWidth, minHeight := window.MinSize()

	err := wails.Run(&options.App{
		Title:            "Cairn",
		Width:            width,
		Height:           height,
		MinWidth:         minWidth,
		MinHeight:        minHeight,
		WindowStartState: state,
		AssetServer:      &assetserver.Options{Assets: assets},
		BackgroundColour: &options.RGBA{R: 246, G: 245, B: 241, A: 255},
		Menu:             window.Menu(),
		OnStartup:        window.Startup,
		OnDomReady:       window.DomReady,
		OnBeforeClose:    window.BeforeClose,
		OnShutdown:       window.Shutdown,
		Bind:             append([]any{app.NewWorkspaceService(session)}, window.Services()...),
		ErrorFormatter:   app.FormatError,
		SingleInstanceLock: &options.SingleInstanceLock{
			UniqueId:               window.InstanceID(),
			OnSecondInstanceLaunch: window.SecondInstance,
		},
		Linux: &linux.Options{ProgramName: "cairn", Icon: icon},
	})
	if err != nil {
		session.Close()
		log.Fatal(err)
	}
}
