package main

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
)

func hexSum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// caseServeHTTPShapes sends one real TLS request through ServeHTTP three ways on the same
// activated plugin: as this server version does (HTTPRequestSubset), as servers before 10.7
// did (*http.Request of nine fields), and as a *http.Request with every gob-encodable field
// of the server's request, TLS included. The plugin answers what the product saw.
func caseServeHTTPShapes(pluginPath, dir string) (map[string]any, error) {
	h, err := startEnv(pluginPath, dir)
	if err != nil {
		return nil, err
	}
	defer h.stop()
	hooks, err := h.hooks()
	if err != nil {
		return nil, err
	}
	var tlsVersion uint16
	var fullTLS bool
	callErrs := []string{}
	var mu sync.Mutex
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// What Mattermost's servePluginRequest does before the hook: strip the prefix, drop
		// client-sent identity headers, set the authenticated user.
		r.URL.Path = strings.TrimPrefix(r.URL.Path, "/plugins/"+pluginID)
		shape := r.Header.Get("X-Shape")
		r.Header.Del("X-Shape")
		r.Header.Del("Mattermost-User-Id")
		r.Header.Set("Mattermost-User-Id", "user1")
		c := &plugin.Context{RequestId: "req-" + shape, IPAddress: "127.0.0.1", UserAgent: r.UserAgent()}
		mu.Lock()
		tlsVersion = r.TLS.Version
		mu.Unlock()
		var err error
		switch shape {
		case "subset":
			hooks.ServeHTTP(c, w, r)
		case "old":
			err = legacyServeHTTP(hooks, c, w, r, oldServerRequest(r))
		case "full":
			full := fullRequest(r)
			mu.Lock()
			fullTLS = full.TLS != nil
			mu.Unlock()
			err = legacyServeHTTP(hooks, c, w, r, full)
		}
		if err != nil {
			mu.Lock()
			callErrs = append(callErrs, shape+": "+err.Error())
			mu.Unlock()
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
	}))
	defer srv.Close()
	out := map[string]any{}
	for _, shape := range []string{"subset", "old", "full"} {
		req, err := http.NewRequest("POST", srv.URL+"/plugins/"+pluginID+"/request?b=2&a=%C3%A9&a=x", strings.NewReader(`{"hello":"body"}`))
		if err != nil {
			return nil, err
		}
		req.Header.Set("X-Shape", shape)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Add("X-Multi", "one")
		req.Header.Add("X-Multi", "two")
		req.Header.Set("Mattermost-User-Id", "forged")
		res, err := srv.Client().Do(req)
		if err != nil {
			return nil, err
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		out[shape] = response{Status: res.StatusCode, Body: string(body)}
	}
	out["tlsVersion"] = tlsVersion
	out["fullSentTLS"] = fullTLS
	out["callErrors"] = callErrs
	return out, nil
}

// caseConfig has the plugin read GetConfig and LoadPluginConfiguration through Mattermost's
// API server and answer what its API client made of them; expected is what a Go plugin gets
// (the same reply through gob and back, as JSON).
func caseConfig(pluginPath, dir string) (map[string]any, error) {
	h, err := startEnv(pluginPath, dir)
	if err != nil {
		return nil, err
	}
	defer h.stop()
	api := &hostAPI{manifest: mustManifest(), config: h.config}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(&plugin.Z_GetConfigReturns{A: api.GetConfig()}); err != nil {
		return nil, err
	}
	var back plugin.Z_GetConfigReturns
	if err := gob.NewDecoder(&buf).Decode(&back); err != nil {
		return nil, err
	}
	var pluginCfg map[string]any
	if err := api.LoadPluginConfiguration(&pluginCfg); err != nil {
		return nil, err
	}
	res, err := h.serve("GET", "/config", nil)
	if err != nil {
		return nil, err
	}
	return map[string]any{"expectedConfig": gobView(reflect.ValueOf(back.A)), "expectedPlugin": pluginCfg, "response": res}, nil
}

// gobView is a value as gob carries it, for JSON: exported fields only, an embedded struct
// as a field named after its type (encoding/json would flatten it), pointers and interfaces
// as what they hold, maps with string keys, []byte as bytes (base64 in JSON, where a
// json.RawMessage would be copied verbatim).
func gobView(v reflect.Value) any {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return gobView(v.Elem())
	case reflect.Struct:
		out := map[string]any{}
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			if !f.IsExported() || f.Type.Kind() == reflect.Func || f.Type.Kind() == reflect.Chan {
				continue
			}
			out[f.Name] = gobView(v.Field(i))
		}
		return out
	case reflect.Map:
		if v.IsNil() {
			return nil
		}
		out := map[string]any{}
		for _, k := range v.MapKeys() {
			out[fmt.Sprint(k.Interface())] = gobView(v.MapIndex(k))
		}
		return out
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			return v.Bytes()
		}
		out := make([]any, v.Len())
		for i := range out {
			out[i] = gobView(v.Index(i))
		}
		return out
	default:
		return v.Interface()
	}
}

// caseSlowHook: a ServeHTTP that answers after longer than go-plugin's broker waits (5 s),
// reading its body and writing its answer only then.
func caseSlowHook(pluginPath, dir string) (map[string]any, error) {
	h, err := startEnv(pluginPath, dir)
	if err != nil {
		return nil, err
	}
	defer h.stop()
	body := make([]byte, 1<<20)
	_, _ = rand.Read(body)
	res, err := h.serve("POST", "/slow?ms=6500", body)
	if err != nil {
		return nil, err
	}
	var brokerErrors []string
	for _, e := range h.entries() {
		if strings.Contains(e.Msg, "muxBroker") || strings.Contains(e.Msg, "ServeHTTP") {
			brokerErrors = append(brokerErrors, e.Msg)
		}
	}
	return map[string]any{"response": res, "bodySha": hexSum(body), "hostErrors": brokerErrors}, nil
}

// caseStderr: a 200,000-byte line written straight to stderr, a short line after it, and a
// product error of 200,000 bytes that the bridge logs; what the host logged of each.
func caseStderr(pluginPath, dir string) (map[string]any, error) {
	h, err := startEnv(pluginPath, dir)
	if err != nil {
		return nil, err
	}
	defer h.stop()
	raw, err := h.serve("GET", "/stderr?bytes=200000", nil)
	if err != nil {
		return nil, err
	}
	failed, err := h.serve("GET", "/fail?bytes=200000", nil)
	if err != nil {
		return nil, err
	}
	marker, markerSeen := h.waitLog("stderr done", 10*time.Second)
	type seen struct {
		Level  string `json:"level"`
		Length int    `json:"length"`
		Head   string `json:"head"`
		Tail   string `json:"tail"`
	}
	var lines []seen
	for _, e := range h.entries() {
		if strings.Contains(e.Msg, "xxxx") || strings.Contains(e.Msg, "yyyy") || strings.Contains(e.Msg, "after the long line") {
			head, tail := e.Msg, e.Msg
			if len(head) > 40 {
				head, tail = head[:40], tail[len(tail)-40:]
			}
			lines = append(lines, seen{Level: e.Level, Length: len(e.Msg), Head: head, Tail: tail})
		}
	}
	return map[string]any{"raw": raw, "failed": failed, "marker": marker, "markerSeen": markerSeen, "lines": lines}, nil
}

// countingWriter is a ResponseWriter that counts body bytes as they arrive.
type countingWriter struct {
	header  http.Header
	status  int
	written *atomic.Int64
	hash    *bytes.Buffer
}

func (w *countingWriter) Header() http.Header { return w.header }
func (w *countingWriter) WriteHeader(s int)   { w.status = s }
func (w *countingWriter) Write(b []byte) (int, error) {
	w.written.Add(int64(len(b)))
	return w.hash.Write(b)
}

// casePingUnderLoad: Mattermost's health check (PerformHealthCheck: Control.Ping on the
// control stream) while 16 requests echo 4 MiB each through ServeHTTP.
func casePingUnderLoad(pluginPath, dir string) (map[string]any, error) {
	h, err := startEnv(pluginPath, dir)
	if err != nil {
		return nil, err
	}
	defer h.stop()
	hooks, err := h.hooks()
	if err != nil {
		return nil, err
	}
	const requests, size = 16, 4 << 20
	var written atomic.Int64
	var completed atomic.Int32
	var wg sync.WaitGroup
	results := make([]map[string]any, requests)
	for i := 0; i < requests; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			body := make([]byte, size)
			_, _ = rand.Read(body)
			r := httptest.NewRequest("POST", "/echo", bytes.NewReader(body))
			r.Header.Set("Mattermost-User-Id", "user1")
			w := &countingWriter{header: http.Header{}, status: 200, written: &written, hash: &bytes.Buffer{}}
			hooks.ServeHTTP(&plugin.Context{RequestId: fmt.Sprint("load", i)}, w, r)
			completed.Add(1)
			results[i] = map[string]any{"status": w.status, "echoed": hexSum(w.hash.Bytes()) == hexSum(body)}
		}(i)
	}
	// Ping once traffic flows both ways: a megabyte has come back.
	deadline := time.Now().Add(30 * time.Second)
	for written.Load() < 1<<20 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	var pings []map[string]any
	for i := 0; i < 5; i++ {
		err := h.env.PerformHealthCheck(pluginID)
		p := map[string]any{"ok": err == nil, "completedWhenAnswered": completed.Load(), "echoedBytesWhenAnswered": written.Load()}
		if err != nil {
			p["error"] = err.Error()
		}
		pings = append(pings, p)
	}
	wg.Wait()
	return map[string]any{"pings": pings, "requests": results, "total": requests, "totalBytes": int64(requests) * size}, nil
}

// slowInFlight starts a ServeHTTP that waits in the plugin and returns once the plugin has
// logged (through the API) that it is inside the hook.
func slowInFlight(h *mmHost) (<-chan response, error) {
	done := make(chan response, 1)
	go func() {
		res, err := h.serve("GET", "/slow?ms=60000", nil)
		if err != nil {
			res = response{Status: -1, Body: err.Error()}
		}
		done <- res
	}()
	if _, ok := h.waitLog("slow started", 10*time.Second); !ok {
		return nil, fmt.Errorf("the plugin did not log entering the slow hook\nhost log:\n%s", h.logText())
	}
	return done, nil
}

func processGone(pid int, limit time.Duration) bool {
	deadline := time.Now().Add(limit)
	for {
		if err := syscall.Kill(pid, 0); err != nil {
			return true
		}
		if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid)); err == nil && strings.Contains(string(b), ") Z ") {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// exitEntries are go-plugin's log lines about the process ending (level and message).
func exitEntries(h *mmHost) []map[string]string {
	out := []map[string]string{}
	for _, e := range h.entries() {
		if strings.Contains(e.Msg, "plugin process exited") || strings.Contains(e.Msg, "exit gracefully") || strings.Contains(e.Msg, "error closing client") {
			out = append(out, map[string]string{"level": e.Level, "msg": e.Msg})
		}
	}
	return out
}

// startWithSlowHook starts the plugin under the Environment and leaves a minute-long
// ServeHTTP in flight, for the cases that stop or kill the plugin in the middle of a hook.
func startWithSlowHook(pluginPath, dir string) (*mmHost, int, <-chan response, error) {
	h, err := startEnv(pluginPath, dir)
	if err != nil {
		return nil, 0, nil, err
	}
	pid, err := pluginPID(5 * time.Second)
	if err == nil {
		var slow <-chan response
		if slow, err = slowInFlight(h); err == nil {
			return h, pid, slow, nil
		}
	}
	h.stop()
	return nil, 0, nil, err
}

// slowAnswer is what became of the in-flight hook, waiting at most 10 s.
func slowAnswer(slow <-chan response) any {
	select {
	case r := <-slow:
		return r
	case <-time.After(10 * time.Second):
		return "no answer within 10 s"
	}
}

// caseQuit: deactivating as Mattermost does (OnDeactivate, then go-plugin's Kill: Control.Quit
// and up to 2 s for the process to exit before it is killed) while a hook is in flight.
func caseQuit(pluginPath, dir string) (map[string]any, error) {
	h, pid, slow, err := startWithSlowHook(pluginPath, dir)
	if err != nil {
		return nil, err
	}
	defer h.stop()
	deactivated := h.env.Deactivate(pluginID)
	slowRes := slowAnswer(slow)
	gone := processGone(pid, 5*time.Second)
	_, deactivateLogged := h.waitLog("OnDeactivate called", 5*time.Second)
	return map[string]any{"deactivated": deactivated, "slow": slowRes, "processGone": gone, "exit": exitEntries(h), "onDeactivateLogged": deactivateLogged}, nil
}

// casePluginKilled: the plugin process dies (SIGKILL) inside a hook; what the host sees, and
// that the plugin restarts.
func casePluginKilled(pluginPath, dir string) (map[string]any, error) {
	h, pid, slow, err := startWithSlowHook(pluginPath, dir)
	if err != nil {
		return nil, err
	}
	defer h.stop()
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		return nil, err
	}
	slowRes := slowAnswer(slow)
	health := "ok"
	if err := h.env.PerformHealthCheck(pluginID); err != nil {
		health = err.Error()
	}
	restart := "ok"
	if err := h.env.RestartPlugin(pluginID); err != nil {
		restart = err.Error()
	}
	after, err := h.serve("GET", "/pid", nil)
	if err != nil {
		return nil, err
	}
	return map[string]any{"killedPid": pid, "slow": slowRes, "healthCheck": health, "restart": restart, "afterRestart": after, "exit": exitEntries(h)}, nil
}

// caseHostKilled: the host prints the plugin's pid and waits to be killed; the test checks
// that the plugin does not outlive it.
func caseHostKilled(pluginPath, dir string) (map[string]any, error) {
	h, err := startEnv(pluginPath, dir)
	if err != nil {
		return nil, err
	}
	pid, err := pluginPID(5 * time.Second)
	if err != nil {
		return nil, err
	}
	res, err := h.serve("GET", "/pid", nil)
	if err != nil {
		return nil, err
	}
	emit(map[string]any{"pluginPid": pid, "serving": res})
	select {}
}

func mustManifest() *model.Manifest {
	var m model.Manifest
	if err := json.Unmarshal([]byte(manifestJSON), &m); err != nil {
		panic(err)
	}
	return &m
}
