// Command goref is a reference Mattermost plugin written the ordinary way: Mattermost's
// server/public plugin package (plugin.ClientMain, plugin.MattermostPlugin), so its RPC glue,
// handshake and types are Mattermost's own. It implements trivial hooks so the Go host can be
// proven against a real Go peer and the TypeScript bridge can be benchmarked against it:
//
//	GET  /bench/1k        1 KiB body
//	GET  /bench/kv        one KVGet through the API, then a short body
//	POST /echo            streams the request body back
//	GET  /hello           "hello <user id>"
//	GET  /unimplemented   calls plugin.API.GetTeamIcon, which the Go host does not implement
//
// Every route answers 401 without the Mattermost-User-Id header. The /ref command answers
// "ref: <command>".
package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
)

type refPlugin struct {
	plugin.MattermostPlugin
	config map[string]any
}

var oneKiB = bytes.Repeat([]byte("0123456789abcdef"), 64)

// OnConfigurationChange loads the configuration; Mattermost's plugin side also runs it just
// before OnActivate.
func (p *refPlugin) OnConfigurationChange() error {
	var cfg map[string]any
	if err := p.API.LoadPluginConfiguration(&cfg); err != nil {
		return err
	}
	p.config = cfg
	return nil
}

func (p *refPlugin) OnActivate() error {
	return p.API.RegisterCommand(&model.Command{Trigger: "ref", AutoComplete: true, AutoCompleteDesc: "reference plugin"})
}

func (p *refPlugin) OnDeactivate() error {
	return nil
}

func (p *refPlugin) ExecuteCommand(_ *plugin.Context, args *model.CommandArgs) (*model.CommandResponse, *model.AppError) {
	return &model.CommandResponse{ResponseType: model.CommandResponseTypeEphemeral, Text: "ref: " + args.Command}, nil
}

func (p *refPlugin) ServeHTTP(_ *plugin.Context, w http.ResponseWriter, r *http.Request) {
	userID := r.Header.Get("Mattermost-User-Id")
	if userID == "" {
		http.Error(w, "not authorized", http.StatusUnauthorized)
		return
	}
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/bench/1k":
		w.Header().Set("Content-Type", "application/octet-stream")
		_, _ = w.Write(oneKiB)
	case r.Method == http.MethodGet && r.URL.Path == "/bench/kv":
		v, appErr := p.API.KVGet("bench")
		if appErr != nil {
			http.Error(w, appErr.Error(), http.StatusInternalServerError)
			return
		}
		// No Header() call on purpose: Mattermost's writer then syncs a nil header map.
		_, _ = fmt.Fprintf(w, "kv %d", len(v))
	case r.Method == http.MethodPost && r.URL.Path == "/echo":
		w.Header().Set("Content-Type", "application/octet-stream")
		w.WriteHeader(http.StatusOK)
		_, _ = io.CopyBuffer(w, r.Body, make([]byte, 64*1024))
	case r.Method == http.MethodGet && r.URL.Path == "/hello":
		_, _ = fmt.Fprintf(w, "hello %s", userID)
	case r.Method == http.MethodGet && r.URL.Path == "/unimplemented":
		_, appErr := p.API.GetTeamIcon("t1")
		if appErr != nil {
			http.Error(w, appErr.Error(), appErr.StatusCode)
			return
		}
		_, _ = fmt.Fprint(w, "the host answered GetTeamIcon")
	default:
		http.NotFound(w, r)
	}
}

func main() {
	plugin.ClientMain(&refPlugin{})
}
