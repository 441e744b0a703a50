// Command gohost loads a Mattermost plugin executable with Mattermost's own code: the
// server/public plugin package's Environment (plugin.NewEnvironment, Activate, HooksForPlugin,
// PerformHealthCheck, Deactivate, Shutdown), so the supervisor, the go-plugin client
// configuration and handshake, the hooks and API RPC glue and the model types are the ones a
// Mattermost server runs. gohost supplies the plugin directory, a logger and an in-memory
// plugin.API (api.go), then drives ServeHTTP, ExecuteCommand, OnConfigurationChange and
// deactivation and checks from outside that nothing is left behind.
//
// Conformance mode prints one line per check on stdout:
//
//	PASS <name> <detail>
//	FAIL <name> <detail>
//
// Bench mode (-bench N) prints BENCH/RSS/HANDSHAKE lines as JSON for scripts/bench-bridge;
// load mode (-load spec.json, load.go) and start-up mode (-startup N) likewise.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"reflect"
	"sort"
	"strings"
	"time"

	goplugin "github.com/hashicorp/go-plugin"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
)

type report struct{ failed int }

func (r *report) check(ok bool, name, format string, args ...any) bool {
	status := "PASS"
	if !ok {
		status = "FAIL"
		r.failed++
	}
	detail := strings.ReplaceAll(fmt.Sprintf(format, args...), "\n", " ")
	fmt.Printf("%s %s %s\n", status, name, detail)
	return ok
}

func main() {
	pluginPath := flag.String("plugin", "", "plugin executable to start")
	scriptPath := flag.String("script", "", "JSON script (default: the reference plugin's)")
	benchN := flag.Int("bench", 0, "benchmark mode: calls per measurement")
	http1k := flag.String("http1k", "/bench/1k", "bench: path answering about 1 KiB")
	httpKV := flag.String("httpkv", "/bench/kv", "bench: path whose handler makes one KVGet")
	benchUser := flag.String("user", "u1", "bench: Mattermost-User-Id for requests")
	loadSpec := flag.String("load", "", "load mode: JSON spec of concurrent writers and timed reads")
	startupN := flag.Int("startup", 0, "start-up mode: times the handshake and activation N times")
	idleSettle := flag.Float64("idle-settle", 0, "bench: seconds after the idle RSS sample to sample it again")
	flag.Parse()
	if *pluginPath == "" {
		fmt.Fprintln(os.Stderr, "usage: gohost -plugin <executable> [-script file.json] [-bench N]")
		os.Exit(2)
	}
	script, err := loadScript(*scriptPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gohost:", err)
		os.Exit(2)
	}
	if *loadSpec != "" {
		os.Exit(runLoad(*pluginPath, script, *loadSpec))
	}
	if *startupN > 0 {
		os.Exit(runStartup(*pluginPath, script, *startupN))
	}
	if *benchN > 0 {
		os.Exit(runBench(*pluginPath, script, benchOptions{n: *benchN, http1k: *http1k, httpKV: *httpKV, user: *benchUser, idleSettle: *idleSettle}))
	}
	r := &report{}
	runConformance(*pluginPath, script, r)
	if r.failed > 0 {
		os.Exit(1)
	}
}

// checkCookie runs the executable by hand without the magic cookie.
func checkCookie(path string, r *report) {
	cmd := exec.Command(path)
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "MATTERMOST_PLUGIN=") {
			env = append(env, kv)
		}
	}
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		r.check(false, "no-cookie", "start: %v", err)
		return
	}
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		code := cmd.ProcessState.ExitCode()
		msg := strings.TrimSpace(stderr.String())
		first := strings.SplitN(msg, "\n", 2)[0]
		r.check(err != nil && code != 0 && strings.Contains(msg, "plugin"), "no-cookie", "exit=%d stderr=%q", code, first)
	case <-time.After(5 * time.Second):
		_ = cmd.Process.Kill()
		<-done
		r.check(false, "no-cookie", "still running after 5s without the cookie")
	}
}

// checkChecksumMismatch gives go-plugin (the version Mattermost's module resolves) a
// SecureConfig whose checksum is not the executable's. go-plugin must refuse before it starts
// anything, so the handshake settings never come into play; Mattermost's Environment always
// passes the true checksum, so this is the one check made with go-plugin directly.
func checkChecksumMismatch(path string, r *report) {
	wrong := sha256.Sum256([]byte("not the plugin"))
	c := goplugin.NewClient(&goplugin.ClientConfig{
		HandshakeConfig: goplugin.HandshakeConfig{ProtocolVersion: 1, MagicCookieKey: "GOHOST_CHECKSUM_CHECK", MagicCookieValue: "unused"},
		Plugins:         map[string]goplugin.Plugin{},
		Cmd:             exec.Command(path),
		SecureConfig:    &goplugin.SecureConfig{Checksum: wrong[:], Hash: sha256.New()},
		Stderr:          io.Discard,
	})
	_, err := c.Client()
	c.Kill()
	r.check(err != nil && strings.Contains(err.Error(), "checksums did not match"), "checksum-mismatch", "%v", err)
}

// reportHostErrors fails check name when Mattermost's side logged an error during it (a hook
// call whose RPC failed is only logged, never returned).
func reportHostErrors(h *host, problems []string) []string {
	for _, e := range h.hostErrors() {
		problems = append(problems, "host logged: "+e)
	}
	return problems
}

func errorText(err error) string {
	if err == nil {
		return "<nil>"
	}
	return fmt.Sprintf("%T %v", err, err)
}

func runConformance(path string, s *Script, r *report) {
	checkCookie(path, r)
	checkChecksumMismatch(path, r)

	api := newAPIServer(s)
	h, err := newHost(path, api, os.Stderr)
	if !r.check(err == nil, "plugin-dir", "manifest and executable laid out: %v", err) {
		return
	}
	defer h.close()

	handshake, total, err := h.activate()
	// Activate's error is either the supervisor's (start, handshake, dispense, Implemented:
	// wrapped as "unable to start plugin") or the one OnActivate returned.
	started := err == nil || !strings.HasPrefix(err.Error(), "unable to start plugin")
	var startErr error
	if !started {
		startErr = err
	}
	r.check(started, "handshake", "ms=%.1f activate_ms=%.1f pid=%d err=%s", ms(handshake), ms(total), h.pid, errorText(startErr))
	if !started && h.pid == 0 {
		return
	}
	switch {
	case err == nil:
		sockets := h.sockets()
		r.check(len(sockets) == 1, "unix-socket", "unix %v", sockets)
		r.check(h.env.PerformHealthCheck(pluginID) == nil, "control-ping", "PerformHealthCheck (Control.Ping)")
		hooks, hooksErr := h.hooks()
		r.check(hooksErr == nil, "dispense", "hooks %T err=%v", hooks, hooksErr)
		if hooksErr != nil {
			break
		}
		names, implErr := hooks.Implemented()
		r.check(implErr == nil, "implemented", "%v err=%v", names, implErr)
		checkImplemented(s, names, r)
		problems := reportHostErrors(h, nil)
		r.check(len(problems) == 0, "on-activate", "err=<nil> %s", strings.Join(problems, "; "))
		runHooks(h, hooks, s, r)
	case started:
		// OnActivate failed: the supervisor had dispensed the hooks and called it, then shut
		// the plugin down, so only what comes after can still be checked.
		r.check(true, "dispense", "hooks dispensed: the supervisor reached OnActivate")
		problems := reportHostErrors(h, nil)
		r.check(false, "on-activate", "err=%s %s", errorText(err), strings.Join(problems, "; "))
	}

	var children []int
	if h.pid != 0 {
		children = childPIDs(h.pid)
	}
	sockets := h.sockets()
	if err == nil {
		deactivated := h.env.Deactivate(pluginID)
		problems := reportHostErrors(h, nil)
		r.check(deactivated && len(problems) == 0, "on-deactivate", "deactivated=%v %s", deactivated, strings.Join(problems, "; "))
	}
	h.env.Shutdown()
	time.Sleep(100 * time.Millisecond)
	left := []int{}
	for _, c := range append([]int{h.pid}, children...) {
		if c != 0 && alive(c) {
			left = append(left, c)
		}
	}
	r.check(h.pid != 0 && len(left) == 0, "killed", "pid=%d children=%v left=%v", h.pid, children, left)
	remaining := h.sockets()
	r.check(len(remaining) == 0, "socket-removed", "had %v, left %v", sockets, remaining)
	checkUnimplemented(api, r)
}

// runHooks drives the active plugin through the script: ServeHTTP, ExecuteCommand, dialogs,
// OnConfigurationChange and the API calls expected by then.
func runHooks(h *host, hooks plugin.Hooks, s *Script, r *report) {
	for _, req := range s.Requests {
		runRequest(h, hooks, req, r)
	}
	for _, c := range s.Commands {
		args := &model.CommandArgs{UserId: c.UserID, ChannelId: c.ChannelID, TeamId: c.TeamID, TriggerId: c.TriggerID, Command: c.Command, SiteURL: "http://localhost:8065"}
		resp, appErr := hooks.ExecuteCommand(&plugin.Context{RequestId: "cmd"}, args)
		problems := reportHostErrors(h, nil)
		ok := appErr == nil && len(problems) == 0 && resp != nil && strings.Contains(resp.Text, c.TextContains) && (c.ResponseType == "" || resp.ResponseType == c.ResponseType)
		text := ""
		if resp != nil {
			text = resp.ResponseType + " " + resp.Text
		}
		var errText string
		if appErr != nil {
			errText = errorText(appErr)
		}
		r.check(ok, "execute-command:"+c.Name, "%q err=%s %s", truncate(text, 120), errText, strings.Join(problems, "; "))
	}
	checkDialogs(s.ExpectDialogs, h.api.openedDialogs(), r)
	err := hooks.OnConfigurationChange()
	problems := reportHostErrors(h, nil)
	r.check(err == nil && len(problems) == 0, "on-configuration-change", "err=%s %s", errorText(err), strings.Join(problems, "; "))
	for _, name := range s.ExpectAPICalls {
		n := h.api.callCount(name)
		r.check(n > 0, "api:"+name, "calls=%d", n)
	}
}

// checkUnimplemented fails once per plugin.API method the plugin called that gohost does not
// implement (the fallback answered it with a 501 AppError).
func checkUnimplemented(api *apiServer, r *report) {
	calls := api.unimplementedCalls()
	names := make([]string, 0, len(calls))
	for n := range calls {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		r.check(false, "api-unimplemented:"+n, "the plugin called plugin.API.%s %d time(s); gohost does not implement it and answered 501", n, calls[n])
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// checkDialogs finds each expected dialog by trigger id and compares its URL, callback id
// and element names and types.
func checkDialogs(want []ScriptDialog, got []model.OpenDialogRequest, r *report) {
	for _, w := range want {
		var found *model.OpenDialogRequest
		for i := range got {
			if got[i].TriggerId == w.TriggerID {
				found = &got[i]
			}
		}
		if found == nil {
			r.check(false, "dialog:"+w.Name, "no dialog with trigger %q among %d", w.TriggerID, len(got))
			continue
		}
		have := map[string]bool{}
		names := []string{}
		for _, e := range found.Dialog.Elements {
			have[e.Name+":"+e.Type] = true
			names = append(names, e.Name+":"+e.Type)
		}
		missing := []string{}
		for _, e := range w.Elements {
			if !have[e] {
				missing = append(missing, e)
			}
		}
		ok := found.URL == w.URL && found.Dialog.CallbackId == w.CallbackID && len(missing) == 0
		r.check(ok, "dialog:"+w.Name, "url=%q callback=%q title=%q elements=%v missing=%v", found.URL, found.Dialog.CallbackId, found.Dialog.Title, names, missing)
	}
}

// checkImplemented checks every name Implemented returned is a method of Mattermost's
// plugin.Hooks and that the script's expected hooks are among them.
func checkImplemented(s *Script, names []string, r *report) {
	hooksType := reflect.TypeOf((*plugin.Hooks)(nil)).Elem()
	have := map[string]bool{}
	for _, n := range names {
		if _, known := hooksType.MethodByName(n); !known || n == "Implemented" {
			r.check(false, "implemented-known", "%q is not a Mattermost hook", n)
		}
		have[n] = true
	}
	for _, want := range s.ExpectHooks {
		r.check(have[want], "implements:"+want, "")
	}
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}

// countingWriter counts the Write calls that reach the host's writer: one per Plugin.Write the
// plugin sends through Mattermost's response writer server.
type countingWriter struct {
	http.ResponseWriter
	writes int64
}

func (w *countingWriter) Write(b []byte) (int, error) {
	w.writes++
	return w.ResponseWriter.Write(b)
}

func (w *countingWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// hostHeaders are what Mattermost's middleware may already have put in the response when
// the plugin's ServeHTTP runs (server.go wraps the router): the rate limiter's
// X-RateLimit-* (Header().Add, so canonical "X-Ratelimit-Limit") and rs/cors's Vary.
var hostHeaders = map[string]string{"X-Ratelimit-Limit": "100", "Vary": "Origin"}

// serveHTTP makes one ServeHTTP call through Mattermost's hooks client, with the host's
// headers set first as Mattermost's middleware would have set them. It returns the number of
// writes the plugin made.
func serveHTTP(hooks plugin.Hooks, w http.ResponseWriter, r *http.Request) int64 {
	for k, v := range hostHeaders {
		w.Header().Set(k, v)
	}
	cw := &countingWriter{ResponseWriter: w}
	hooks.ServeHTTP(&plugin.Context{RequestId: "req", IPAddress: "127.0.0.1", UserAgent: "gohost"}, cw, r)
	return cw.writes
}

// newRequest builds the request Mattermost's router hands the hooks client: body nil means no
// body stream at all.
func newRequest(method, rawPath, userID string, headers map[string]string, body io.ReadCloser) (*http.Request, error) {
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
	return &http.Request{
		Method: method, URL: u, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: hdr, Host: "localhost:8065", RemoteAddr: "127.0.0.1:50000", RequestURI: rawPath, Body: body,
	}, nil
}

func runRequest(h *host, hooks plugin.Hooks, req ScriptRequest, r *report) {
	name := "serve-http:" + req.Name
	vars := captured
	path := substitute(req.Path, vars)
	var body []byte
	headers := map[string]string{}
	for k, v := range req.Headers {
		headers[k] = v
	}
	switch {
	case req.JSON != nil:
		body = []byte(substitute(string(req.JSON), vars))
		headers["Content-Type"] = "application/json"
	case req.BodyBytes != nil:
		body = makeBody(*req.BodyBytes)
		headers["Content-Type"] = "application/octet-stream"
	}
	var reader io.ReadCloser = http.NoBody
	if len(body) > 0 {
		reader = io.NopCloser(bytes.NewReader(body))
	}
	if req.NoBodyStream {
		reader = nil
	}
	hreq, err := newRequest(req.Method, path, req.UserID, headers, reader)
	if err != nil {
		r.check(false, name, "bad path %q: %v", path, err)
		return
	}
	rec := httptest.NewRecorder()
	start := time.Now()
	writes := serveHTTP(hooks, rec, hreq)
	elapsed := ms(time.Since(start))
	got := rec.Body.Bytes()
	problems := reportHostErrors(h, nil)
	if req.Status != 0 && rec.Code != req.Status {
		problems = append(problems, fmt.Sprintf("status %d, want %d", rec.Code, req.Status))
	}
	if want := substitute(req.BodyContains, vars); want != "" && !bytes.Contains(got, []byte(want)) {
		problems = append(problems, fmt.Sprintf("body lacks %q", want))
	}
	if req.ResponseBytes != nil && len(got) != *req.ResponseBytes {
		problems = append(problems, fmt.Sprintf("%d response bytes, want %d", len(got), *req.ResponseBytes))
	}
	if req.Echo && !bytes.Equal(got, body) {
		problems = append(problems, fmt.Sprintf("echo differs: sent %d bytes, got %d", len(body), len(got)))
	}
	problems = append(problems, checkHostHeaders(rec.Header(), req.HostHeaders)...)
	if writes < req.MinWrites {
		problems = append(problems, fmt.Sprintf("%d writes, want at least %d (not streamed)", writes, req.MinWrites))
	}
	for v, jsonPath := range req.Capture {
		val, ok := lookupJSON(got, jsonPath)
		if !ok {
			problems = append(problems, fmt.Sprintf("no %q in answer to capture as %s", jsonPath, v))
			continue
		}
		captured[v] = val
	}
	if len(problems) > 0 && len(got) > 0 {
		problems = append(problems, fmt.Sprintf("answer %q", truncate(string(got), 300)))
	}
	r.check(len(problems) == 0, name, "%s %s -> %d, %d bytes in, %d bytes out, %d writes, %.1f ms %s",
		req.Method, path, rec.Code, len(body), len(got), writes, elapsed, strings.Join(problems, "; "))
}

// checkHostHeaders compares the final response's headers with what the request expects
// of the ones the host set before ServeHTTP.
func checkHostHeaders(got http.Header, want string) []string {
	var problems []string
	switch want {
	case "", "kept":
		for k, v := range hostHeaders {
			if g := got.Values(k); len(g) != 1 || g[0] != v {
				problems = append(problems, fmt.Sprintf("host header %s is %q, want %q kept", k, g, v))
			}
		}
	case "dropped":
		for k := range hostHeaders {
			if g := got.Values(k); len(g) != 0 {
				problems = append(problems, fmt.Sprintf("host header %s is %q, want it dropped", k, g))
			}
		}
	case "any":
	default:
		problems = append(problems, fmt.Sprintf("hostHeaders %q: want kept, dropped or any", want))
	}
	return problems
}

// captured holds values taken from earlier answers, for "{{name}}" substitution.
var captured = map[string]string{}

func substitute(s string, vars map[string]string) string {
	for k, v := range vars {
		s = strings.ReplaceAll(s, "{{"+k+"}}", v)
	}
	return s
}

func lookupJSON(raw []byte, path string) (string, bool) {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return "", false
	}
	for _, part := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return "", false
		}
		if v, ok = m[part]; !ok {
			return "", false
		}
	}
	switch t := v.(type) {
	case string:
		return t, true
	default:
		b, _ := json.Marshal(t)
		return string(b), true
	}
}

func makeBody(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('a' + i%26)
	}
	return b
}
