package main

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/rpc"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	hclog "github.com/hashicorp/go-hclog"
	plugin "github.com/hashicorp/go-plugin"

	"rcconformance/gohost/mmrpc"
)

// hooksPlugin is the host half of Mattermost's "hooks" plugin: Client wraps the dispensed
// net/rpc connection.
type hooksPlugin struct{}

func (hooksPlugin) Server(*plugin.MuxBroker) (interface{}, error) {
	return nil, errors.New("gohost only hosts plugins")
}

func (hooksPlugin) Client(b *plugin.MuxBroker, c *rpc.Client) (interface{}, error) {
	return &hooksClient{broker: b, client: c}, nil
}

type hooksClient struct {
	broker *plugin.MuxBroker
	client *rpc.Client
}

func checksum(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil, err
	}
	return h.Sum(nil), nil
}

// clientConfig configures go-plugin the way Mattermost's supervisor does.
func clientConfig(path string, sum []byte, stderr io.Writer) *plugin.ClientConfig {
	return &plugin.ClientConfig{
		HandshakeConfig: plugin.HandshakeConfig{
			ProtocolVersion:  mmrpc.ProtocolVersion,
			MagicCookieKey:   mmrpc.MagicCookieKey,
			MagicCookieValue: mmrpc.MagicCookieValue,
		},
		Plugins:      map[string]plugin.Plugin{"hooks": hooksPlugin{}},
		Cmd:          exec.Command(path),
		SecureConfig: &plugin.SecureConfig{Checksum: sum, Hash: sha256.New()},
		StartTimeout: 3 * time.Second,
		SyncStdout:   stderr,
		SyncStderr:   stderr,
		Stderr:       stderr,
		Logger:       hclog.New(&hclog.LoggerOptions{Name: "gohost", Level: hclog.Warn, Output: os.Stderr}),
	}
}

func (h *hooksClient) implemented() ([]string, error) {
	var names []string
	err := h.client.Call("Plugin.Implemented", struct{}{}, &names)
	return names, err
}

// activate serves the API and the driver on fresh broker ids and calls OnActivate.
func (h *hooksClient) activate(api *apiServer) error {
	apiID := h.broker.NextId()
	go h.broker.AcceptAndServe(apiID, api)
	driverID := h.broker.NextId()
	go h.broker.AcceptAndServe(driverID, driverServer{})
	var ret mmrpc.Z_OnActivateReturns
	if err := h.client.Call("Plugin.OnActivate", &mmrpc.Z_OnActivateArgs{APIMuxId: apiID, DriverMuxId: driverID}, &ret); err != nil {
		return err
	}
	if ret.A != nil {
		return fmt.Errorf("OnActivate returned %s", mmrpc.ErrorText(ret.A))
	}
	return nil
}

func (h *hooksClient) errorHook(name string, args interface{}) error {
	var ret struct{ A error }
	if err := h.client.Call("Plugin."+name, args, &ret); err != nil {
		return err
	}
	if ret.A != nil {
		return fmt.Errorf("%s returned %s", name, mmrpc.ErrorText(ret.A))
	}
	return nil
}

// hostHeaders are what Mattermost's middleware may already have put in the response when
// the plugin's ServeHTTP runs (server.go wraps the router): the rate limiter's
// X-RateLimit-* (Header().Add, so canonical "X-Ratelimit-Limit") and rs/cors's Vary.
var hostHeaders = map[string]string{"X-Ratelimit-Limit": "100", "Vary": "Origin"}

// serveHTTP makes one ServeHTTP call as Mattermost's hooksRPCClient does: a response
// writer served on one broker id, the request body on another (0 when there is none).
// The host's headers are set first, as Mattermost's middleware would have set them.
func (h *hooksClient) serveHTTP(w http.ResponseWriter, r *mmrpc.HTTPRequestSubset, body io.Reader) (int64, error) {
	for k, v := range hostHeaders {
		w.Header().Set(k, v)
	}
	rw := &mmrpc.ResponseWriterServer{W: w}
	rwID := h.broker.NextId()
	served := make(chan struct{})
	go func() {
		defer close(served)
		conn, err := h.broker.Accept(rwID)
		if err != nil {
			fmt.Fprintf(os.Stderr, "gohost: response writer accept: %v\n", err)
			return
		}
		defer conn.Close()
		srv := rpc.NewServer()
		if err := srv.RegisterName("Plugin", rw); err != nil {
			fmt.Fprintf(os.Stderr, "gohost: %v\n", err)
			return
		}
		srv.ServeConn(conn)
	}()
	var bodyID uint32
	if body != nil {
		bodyID = h.broker.NextId()
		go func() {
			conn, err := h.broker.Accept(bodyID)
			if err != nil {
				fmt.Fprintf(os.Stderr, "gohost: request body accept: %v\n", err)
				return
			}
			mmrpc.ServeBody(body, conn)
		}()
	}
	err := h.client.Call("Plugin.ServeHTTP", &mmrpc.Z_ServeHTTPArgs{
		ResponseWriterStream: rwID,
		Request:              r,
		Context:              &mmrpc.Context{RequestId: "req", IPAddress: "127.0.0.1", UserAgent: "gohost"},
		RequestBodyStream:    bodyID,
	}, nil)
	// The plugin closes the writer before its call returns; wait briefly for the server
	// loop to see that so the write count is final.
	select {
	case <-served:
	case <-time.After(2 * time.Second):
	}
	return rw.Writes, err
}

func newRequest(method, rawPath, userID string, headers map[string]string) (*mmrpc.HTTPRequestSubset, error) {
	u, err := url.Parse(rawPath)
	if err != nil {
		return nil, err
	}
	hdr := http.Header{}
	for k, v := range headers {
		hdr.Set(k, v)
	}
	if userID != "" {
		hdr.Set("Mattermost-User-Id", userID)
	}
	return &mmrpc.HTTPRequestSubset{
		Method: method, URL: u, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: hdr, Host: "localhost:8065", RemoteAddr: "127.0.0.1:50000", RequestURI: rawPath,
	}, nil
}

func (h *hooksClient) executeCommand(c ScriptCommand) (*mmrpc.CommandResponse, error) {
	var ret mmrpc.Z_ExecuteCommandReturns
	args := &mmrpc.Z_ExecuteCommandArgs{
		A: &mmrpc.Context{RequestId: "cmd"},
		B: &mmrpc.CommandArgs{UserId: c.UserID, ChannelId: c.ChannelID, TeamId: c.TeamID, TriggerId: c.TriggerID, Command: c.Command, SiteURL: "http://localhost:8065"},
	}
	if err := h.client.Call("Plugin.ExecuteCommand", args, &ret); err != nil {
		return nil, err
	}
	if ret.B != nil {
		return ret.A, fmt.Errorf("ExecuteCommand returned %s", ret.B.Error())
	}
	return ret.A, nil
}

// childPIDs lists the direct children of pid from /proc.
func childPIDs(pid int) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var out []int
	for _, e := range entries {
		n, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		raw, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// Fields after the parenthesised command: state, ppid, ...
		s := string(raw)
		i := strings.LastIndexByte(s, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(s[i+1:])
		if len(f) > 1 && f[1] == strconv.Itoa(pid) {
			out = append(out, n)
		}
	}
	return out
}

// alive reports whether pid exists and is not a zombie.
func alive(pid int) bool {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	s := string(raw)
	i := strings.LastIndexByte(s, ')')
	f := strings.Fields(s[i+1:])
	return len(f) > 0 && f[0] != "Z" && f[0] != "X"
}

func rssKiB(pid int) int {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			f := strings.Fields(line)
			if len(f) >= 2 {
				n, _ := strconv.Atoi(f[1])
				return n
			}
		}
	}
	return -1
}
