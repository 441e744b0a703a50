// Command gohost starts a Mattermost plugin executable the way Mattermost's supervisor
// does (go-plugin net/rpc, MATTERMOST_PLUGIN handshake, sha256 SecureConfig, unix socket),
// dispenses "hooks", activates it while serving an in-memory plugin API over the broker,
// drives ServeHTTP, ExecuteCommand, OnConfigurationChange and OnDeactivate, then kills it
// and checks nothing is left behind.
//
// Conformance mode prints one line per check on stdout:
//
//	PASS <name> <detail>
//	FAIL <name> <detail>
//
// Bench mode (-bench N) prints BENCH/RSS/HANDSHAKE lines as JSON for scripts/bench-bridge.
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
	"os"
	"os/exec"
	"strings"
	"time"

	plugin "github.com/hashicorp/go-plugin"

	"rcconformance/gohost/mmrpc"
)

type report struct{ failed int }

func (r *report) check(ok bool, name, format string, args ...interface{}) bool {
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
	if *benchN > 0 {
		os.Exit(runBench(*pluginPath, script, benchOptions{n: *benchN, http1k: *http1k, httpKV: *httpKV, user: *benchUser}))
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

func checkChecksumMismatch(path string, r *report) {
	wrong := sha256.Sum256([]byte("not the plugin"))
	c := plugin.NewClient(clientConfig(path, wrong[:], io.Discard))
	_, err := c.Client()
	c.Kill()
	r.check(err != nil && strings.Contains(err.Error(), "checksums did not match"), "checksum-mismatch", "%v", err)
}

func runConformance(path string, s *Script, r *report) {
	checkCookie(path, r)
	checkChecksumMismatch(path, r)

	sum, err := checksum(path)
	if !r.check(err == nil, "checksum", "sha256 %x", sum) {
		return
	}
	client := plugin.NewClient(clientConfig(path, sum, os.Stderr))
	defer client.Kill()
	start := time.Now()
	rpcClient, err := client.Client()
	elapsed := time.Since(start)
	if !r.check(err == nil, "handshake", "ms=%.1f err=%v", float64(elapsed.Microseconds())/1000, err) {
		return
	}
	reattach := client.ReattachConfig()
	pid, addr := reattach.Pid, reattach.Addr
	r.check(addr.Network() == "unix", "unix-socket", "%s %s", addr.Network(), addr.String())
	r.check(rpcClient.Ping() == nil, "control-ping", "Control.Ping")

	raw, err := rpcClient.Dispense("hooks")
	if !r.check(err == nil, "dispense", "hooks: %v", err) {
		return
	}
	hooks := raw.(*hooksClient)
	names, err := hooks.implemented()
	r.check(err == nil, "implemented", "%v err=%v", names, err)
	checkImplemented(s, names, r)

	api := newAPIServer(s)
	err = hooks.activate(api)
	r.check(err == nil, "on-activate", "err=%v", err)

	for _, req := range s.Requests {
		runRequest(hooks, req, s, r)
	}
	for _, c := range s.Commands {
		resp, err := hooks.executeCommand(c)
		ok := err == nil && resp != nil && strings.Contains(resp.Text, c.TextContains) && (c.ResponseType == "" || resp.ResponseType == c.ResponseType)
		text := ""
		if resp != nil {
			text = resp.ResponseType + " " + resp.Text
		}
		r.check(ok, "execute-command:"+c.Name, "%q err=%v", truncate(text, 120), err)
	}
	checkDialogs(s.ExpectDialogs, api.openedDialogs(), r)
	err = hooks.errorHook("OnConfigurationChange", struct{}{})
	r.check(err == nil, "on-configuration-change", "err=%v", err)
	for _, name := range s.ExpectAPICalls {
		n := api.callCount(name)
		r.check(n > 0, "api:"+name, "calls=%d", n)
	}
	err = hooks.errorHook("OnDeactivate", struct{}{})
	r.check(err == nil, "on-deactivate", "err=%v", err)

	children := childPIDs(pid)
	client.Kill()
	time.Sleep(100 * time.Millisecond)
	left := []int{}
	for _, c := range append([]int{pid}, children...) {
		if alive(c) {
			left = append(left, c)
		}
	}
	r.check(len(left) == 0, "killed", "pid=%d children=%v left=%v", pid, children, left)
	_, statErr := os.Stat(addr.String())
	r.check(os.IsNotExist(statErr), "socket-removed", "%s", addr.String())
}

// checkDialogs finds each expected dialog by trigger id and compares its URL, callback id
// and element names and types.
func checkDialogs(want []ScriptDialog, got []mmrpc.OpenDialogRequest, r *report) {
	for _, w := range want {
		var found *mmrpc.OpenDialogRequest
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

func checkImplemented(s *Script, names []string, r *report) {
	have := map[string]bool{}
	for _, n := range names {
		if _, known := mmrpc.HookIDs[n]; !known {
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

func runRequest(h *hooksClient, req ScriptRequest, s *Script, r *report) {
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
	hreq, err := newRequest(req.Method, path, req.UserID, headers)
	if err != nil {
		r.check(false, name, "bad path %q: %v", path, err)
		return
	}
	var reader io.Reader = http.NoBody
	if len(body) > 0 {
		reader = bytes.NewReader(body)
	}
	if req.NoBodyStream {
		reader = nil
	}
	rec := httptest.NewRecorder()
	start := time.Now()
	writes, err := h.serveHTTP(rec, hreq, reader)
	ms := float64(time.Since(start).Microseconds()) / 1000
	got := rec.Body.Bytes()
	problems := []string{}
	if err != nil {
		problems = append(problems, "rpc: "+err.Error())
	}
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
		req.Method, path, rec.Code, len(body), len(got), writes, ms, strings.Join(problems, "; "))
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
	var v interface{}
	if err := json.Unmarshal(raw, &v); err != nil {
		return "", false
	}
	for _, part := range strings.Split(path, ".") {
		m, ok := v.(map[string]interface{})
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
