// Command goref is a reference Mattermost plugin written in Go with Debian's go-plugin and
// the same handshake as Mattermost. It implements trivial hooks so the Go host can be
// proven against a real Go peer and the TypeScript bridge can be benchmarked against it:
//
//	GET  /bench/1k   1 KiB body
//	GET  /bench/kv   one KVGet through the API, then a short body
//	POST /echo       streams the request body back
//	GET  /hello      "hello <user id>"
//
// Every route answers 401 without the Mattermost-User-Id header.
package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/rpc"
	"os"
	"sync"

	plugin "github.com/hashicorp/go-plugin"

	"rcconformance/gohost/mmrpc"
)

type hooksPlugin struct{}

func (hooksPlugin) Server(b *plugin.MuxBroker) (interface{}, error) {
	return &hooks{broker: b}, nil
}

func (hooksPlugin) Client(*plugin.MuxBroker, *rpc.Client) (interface{}, error) {
	return nil, errors.New("goref is a plugin, not a host")
}

type hooks struct {
	broker *plugin.MuxBroker
	mu     sync.RWMutex
	api    *rpc.Client
}

var oneKiB = bytes.Repeat([]byte("0123456789abcdef"), 64)

func (h *hooks) Implemented(args struct{}, reply *[]string) error {
	*reply = []string{"OnActivate", "OnDeactivate", "OnConfigurationChange", "ServeHTTP", "ExecuteCommand"}
	return nil
}

func (h *hooks) OnActivate(args *mmrpc.Z_OnActivateArgs, returns *mmrpc.Z_OnActivateReturns) error {
	apiConn, err := h.broker.Dial(args.APIMuxId)
	if err != nil {
		return err
	}
	if args.DriverMuxId != 0 {
		// Dialled like a Go plugin does so the host's accept does not time out; unused here.
		driverConn, err := h.broker.Dial(args.DriverMuxId)
		if err != nil {
			return err
		}
		defer driverConn.Close()
	}
	h.mu.Lock()
	h.api = rpc.NewClient(apiConn)
	h.mu.Unlock()
	// Mattermost's plugin side runs OnConfigurationChange before OnActivate.
	if err := h.loadConfig(); err != nil {
		fmt.Fprintf(os.Stderr, "[ERROR] OnConfigurationChange failed: %v\n", err)
	}
	var reg mmrpc.Z_RegisterCommandReturns
	cmd := &mmrpc.Command{Trigger: "ref", AutoComplete: true, AutoCompleteDesc: "reference plugin"}
	if err := h.apiClient().Call("Plugin.RegisterCommand", &mmrpc.Z_RegisterCommandArgs{A: cmd}, &reg); err != nil {
		returns.A = mmrpc.EncodableError(err)
		return nil
	}
	returns.A = mmrpc.EncodableError(reg.A)
	return nil
}

func (h *hooks) apiClient() *rpc.Client {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return h.api
}

func (h *hooks) loadConfig() error {
	var ret mmrpc.Z_LoadPluginConfigurationArgsReturns
	if err := h.apiClient().Call("Plugin.LoadPluginConfiguration", &mmrpc.Z_LoadPluginConfigurationArgsArgs{}, &ret); err != nil {
		return err
	}
	return nil
}

func (h *hooks) OnDeactivate(args *mmrpc.Z_OnDeactivateArgs, returns *mmrpc.Z_OnDeactivateReturns) error {
	return nil
}

func (h *hooks) OnConfigurationChange(args *mmrpc.Z_OnConfigurationChangeArgs, returns *mmrpc.Z_OnConfigurationChangeReturns) error {
	returns.A = mmrpc.EncodableError(h.loadConfig())
	return nil
}

func (h *hooks) ExecuteCommand(args *mmrpc.Z_ExecuteCommandArgs, returns *mmrpc.Z_ExecuteCommandReturns) error {
	text := "ref: "
	if args.B != nil {
		text += args.B.Command
	}
	returns.A = &mmrpc.CommandResponse{ResponseType: "ephemeral", Text: text}
	return nil
}

func (h *hooks) ServeHTTP(args *mmrpc.Z_ServeHTTPArgs, returns *struct{}) error {
	conn, err := h.broker.Dial(args.ResponseWriterStream)
	if err != nil {
		return err
	}
	w := &mmrpc.ResponseWriterClient{Client: rpc.NewClient(conn)}
	defer w.Close()
	var body io.ReadCloser = io.NopCloser(&bytes.Buffer{})
	if args.RequestBodyStream != 0 {
		bconn, err := h.broker.Dial(args.RequestBodyStream)
		if err != nil {
			return err
		}
		body = &mmrpc.RemoteBody{Conn: bconn}
	}
	defer body.Close()
	h.route(w, args.Request, body)
	return nil
}

func (h *hooks) route(w http.ResponseWriter, r *mmrpc.HTTPRequestSubset, body io.Reader) {
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
		var ret mmrpc.Z_KVGetReturns
		if err := h.apiClient().Call("Plugin.KVGet", &mmrpc.Z_KVGetArgs{A: "bench"}, &ret); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		_, _ = fmt.Fprintf(w, "kv %d", len(ret.A))
	case r.Method == http.MethodPost && r.URL.Path == "/echo":
		w.Header().Set("Content-Type", "application/octet-stream")
		w.WriteHeader(http.StatusOK)
		_, _ = io.CopyBuffer(w, body, make([]byte, 64*1024))
	case r.Method == http.MethodGet && r.URL.Path == "/hello":
		_, _ = fmt.Fprintf(w, "hello %s", userID)
	default:
		http.NotFound(w, nil)
	}
}

func main() {
	plugin.Serve(&plugin.ServeConfig{
		HandshakeConfig: plugin.HandshakeConfig{
			ProtocolVersion:  mmrpc.ProtocolVersion,
			MagicCookieKey:   mmrpc.MagicCookieKey,
			MagicCookieValue: mmrpc.MagicCookieValue,
		},
		Plugins: map[string]plugin.Plugin{"hooks": hooksPlugin{}},
	})
}
