package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
	"github.com/mattermost/mattermost/server/public/shared/mlog"
)

const pluginID = "com.example.protocol"

// The manifest of the test bundle: two settings with defaults, as LoadPluginConfiguration
// merges them under the saved values.
const manifestJSON = `{
  "id": "` + pluginID + `",
  "name": "protocol conformance",
  "version": "0.1.0",
  "server": {"executable": "server/plugin"},
  "settings_schema": {"settings": [
    {"key": "DefaultTimeZone", "type": "text", "default": "UTC"},
    {"key": "ReminderHour", "type": "number", "default": 9},
    {"key": "Secret", "type": "text", "secret": true, "default": ""}
  ]}
}`

// mmHost is Mattermost's own plugin host code (plugin.Environment: supervisor, go-plugin
// client, hooks RPC client, API RPC server, health check) around the plugin under test, with
// an API of the few methods the test plugin calls and the host log kept in memory.
type mmHost struct {
	env    *plugin.Environment
	logger *mlog.Logger
	logs   *mlog.Buffer
	config *model.Config
}

// defaultConfig is a server's configuration: every section defaulted, a site URL and team
// settings set, and saved plugin settings as config.json holds them (numbers are float64).
func defaultConfig() *model.Config {
	cfg := &model.Config{}
	cfg.SetDefaults()
	*cfg.ServiceSettings.SiteURL = "https://chat.example.com/mm"
	*cfg.TeamSettings.SiteName = "Protocol Conformance"
	*cfg.TeamSettings.MaxUsersPerTeam = 250
	cfg.PluginSettings.Plugins[pluginID] = map[string]any{
		"defaulttimezone": "Europe/Berlin",
		"reminderhour":    float64(7),
		"secret":          "s3cret",
		"holidays":        []any{"2026-12-25", "2026-12-26"},
		"roles":           map[string]any{"qa": true, "lead": "alice"},
	}
	cfg.PluginSettings.PluginStates[pluginID] = &model.PluginState{Enable: true}
	return cfg
}

// startEnv writes the bundle (plugin.json and the executable under server/) and activates it
// as Mattermost does: start the process, handshake, dispense "hooks", Implemented, OnActivate.
func startEnv(pluginPath, dir string) (*mmHost, error) {
	abs, err := filepath.Abs(pluginPath)
	if err != nil {
		return nil, err
	}
	bundle := filepath.Join(dir, "plugins", pluginID)
	if err := os.MkdirAll(filepath.Join(bundle, "server"), 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(bundle, "plugin.json"), []byte(manifestJSON), 0o644); err != nil {
		return nil, err
	}
	exe := filepath.Join(bundle, "server", "plugin")
	_ = os.Remove(exe)
	if err := os.Symlink(abs, exe); err != nil {
		return nil, err
	}
	logger, err := mlog.NewLogger()
	if err != nil {
		return nil, err
	}
	logs := &mlog.Buffer{}
	if err := mlog.AddWriterTarget(logger, logs, true, mlog.StdAll...); err != nil {
		return nil, err
	}
	h := &mmHost{logger: logger, logs: logs, config: defaultConfig()}
	newAPI := func(m *model.Manifest) plugin.API { return &hostAPI{manifest: m, config: h.config, logger: logger} }
	h.env, err = plugin.NewEnvironment(newAPI, nil, filepath.Join(dir, "plugins"), filepath.Join(dir, "client"), logger, nil)
	if err != nil {
		return nil, err
	}
	if _, ok, err := h.env.Activate(pluginID); err != nil || !ok {
		return nil, fmt.Errorf("activate: %v (activated %v)\nhost log:\n%s", err, ok, h.logText())
	}
	return h, nil
}

func (h *mmHost) stop() {
	h.env.Shutdown()
	_ = h.logger.Shutdown()
}

func (h *mmHost) hooks() (plugin.Hooks, error) {
	return h.env.HooksForPlugin(pluginID)
}

// logEntry is one record of the host log (mlog's JSON target).
type logEntry struct {
	Level  string         `json:"level"`
	Msg    string         `json:"msg"`
	Fields map[string]any `json:"fields,omitempty"`
}

func (h *mmHost) logText() string {
	_ = h.logger.Flush()
	return h.logs.String()
}

func (h *mmHost) entries() []logEntry {
	var out []logEntry
	sc := bufio.NewScanner(strings.NewReader(h.logText()))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var e logEntry
		if json.Unmarshal(sc.Bytes(), &e) == nil {
			out = append(out, e)
		}
	}
	return out
}

// waitLog waits (bounded) for a host log entry whose message contains text.
func (h *mmHost) waitLog(text string, limit time.Duration) (logEntry, bool) {
	deadline := time.Now().Add(limit)
	for {
		for _, e := range h.entries() {
			if strings.Contains(e.Msg, text) {
				return e, true
			}
		}
		if time.Now().After(deadline) {
			return logEntry{}, false
		}
		time.Sleep(20 * time.Millisecond)
	}
}

type response struct {
	Status int    `json:"status"`
	Body   string `json:"body"`
}

// serve calls the ServeHTTP hook as Mattermost's router does, with the plugin prefix already
// stripped and a signed-in user.
func (h *mmHost) serve(method, path string, body []byte) (response, error) {
	hooks, err := h.hooks()
	if err != nil {
		return response{}, err
	}
	var rd io.Reader = http.NoBody
	if body != nil {
		rd = bytes.NewReader(body)
	}
	r := httptest.NewRequest(method, path, rd)
	r.Header.Set("Mattermost-User-Id", "user1")
	w := httptest.NewRecorder()
	hooks.ServeHTTP(&plugin.Context{RequestId: "r" + strconv.FormatInt(time.Now().UnixNano(), 36)}, w, r)
	return response{Status: w.Code, Body: w.Body.String()}, nil
}

// hostAPI answers the API calls the test plugin makes the way the server's app layer does
// (channels/app/plugin_api.go); every other method is the nil embedded interface, so a call
// the test did not expect panics the host instead of passing unnoticed.
type hostAPI struct {
	plugin.API
	manifest *model.Manifest
	config   *model.Config
	logger   *mlog.Logger
}

// LoadPluginConfiguration as the server does it: the manifest's defaults under lower-cased
// keys, overridden by the saved settings, through JSON.
func (a *hostAPI) LoadPluginConfiguration(dest any) error {
	final := map[string]any{}
	if a.manifest.SettingsSchema != nil {
		for _, s := range a.manifest.SettingsSchema.Settings {
			final[strings.ToLower(s.Key)] = s.Default
		}
	}
	for k, v := range a.config.PluginSettings.Plugins[a.manifest.Id] {
		final[strings.ToLower(k)] = v
	}
	b, err := json.Marshal(final)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, dest)
}

// GetConfig as the server does it: a clone sanitized with the plugins' manifests.
func (a *hostAPI) GetConfig() *model.Config {
	cfg := a.config.Clone()
	cfg.Sanitize([]*model.Manifest{a.manifest}, nil)
	return cfg
}

func (a *hostAPI) GetServerVersion() string { return model.CurrentVersion }

func (a *hostAPI) LogDebug(msg string, kv ...any) { a.logger.Debug(msg, mlog.Any("kv", kv)) }
func (a *hostAPI) LogInfo(msg string, kv ...any)  { a.logger.Info(msg, mlog.Any("kv", kv)) }
func (a *hostAPI) LogWarn(msg string, kv ...any)  { a.logger.Warn(msg, mlog.Any("kv", kv)) }
func (a *hostAPI) LogError(msg string, kv ...any) { a.logger.Error(msg, mlog.Any("kv", kv)) }

// childPIDs lists this process's children (the plugin) from /proc.
func childPIDs() []int {
	var out []int
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// The command name may hold spaces and parentheses: the fields follow the last ')'.
		s := string(b)
		fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(fields) > 1 {
			if ppid, _ := strconv.Atoi(fields[1]); ppid == os.Getpid() && fields[0] != "Z" {
				out = append(out, pid)
			}
		}
	}
	return out
}

// pluginPID waits (bounded) for the single child process the host started.
func pluginPID(limit time.Duration) (int, error) {
	deadline := time.Now().Add(limit)
	for {
		if pids := childPIDs(); len(pids) == 1 {
			return pids[0], nil
		} else if time.Now().After(deadline) {
			return 0, fmt.Errorf("expected one plugin process, found %v", pids)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
