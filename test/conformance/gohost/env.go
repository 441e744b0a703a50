package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mattermost/logr/v2"
	"github.com/mattermost/logr/v2/formatters"
	"github.com/mattermost/logr/v2/targets"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
	"github.com/mattermost/mattermost/server/public/shared/mlog"
)

// pluginID names the plugin in the manifest the host writes: the Environment only needs an id
// it can find in its plugin directory.
const pluginID = "com.mattermost.gohost-plugin"

// host loads one plugin executable with Mattermost's own plugin.Environment: the supervisor,
// handshake, go-plugin client configuration, RPC glue and model types all come from
// server/public. gohost supplies only the plugin.API implementation, a plugin directory and
// a logger, and watches the process from outside (/proc, the socket directory).
type host struct {
	root    string // scratch folder: plugins/, webapp/, tmp/
	sockDir string // the plugin's TMPDIR, where go-plugin puts its unix socket
	env     *plugin.Environment
	api     *apiServer
	logger  *mlog.Logger
	logs    *logSink

	pid int // the plugin process, a child of this one
}

// newHost lays out <root>/plugins/<id>/plugin.json with a symlink to the executable where the
// manifest names it (a symlink, so an executable that finds its files from its own location
// still finds them), and creates the Environment.
func newHost(executable string, api *apiServer, stderr io.Writer) (*host, error) {
	abs, err := filepath.Abs(executable)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(abs); err != nil {
		return nil, err
	}
	root, err := os.MkdirTemp("", "gohost-")
	if err != nil {
		return nil, err
	}
	h := &host{root: root, sockDir: filepath.Join(root, "tmp"), api: api}
	bundle := filepath.Join(root, "plugins", pluginID)
	rel := filepath.Join("server", "dist", filepath.Base(abs))
	for _, dir := range []string{filepath.Dir(filepath.Join(bundle, rel)), filepath.Join(root, "webapp"), h.sockDir} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
	}
	if err := os.Symlink(abs, filepath.Join(bundle, rel)); err != nil {
		return nil, err
	}
	manifest := &model.Manifest{
		Id: pluginID, Name: "gohost plugin", Version: "0.0.0",
		Server: &model.ManifestServer{Executables: map[string]string{runtime.GOOS + "-" + runtime.GOARCH: rel}},
	}
	raw, err := json.Marshal(manifest)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(bundle, "plugin.json"), raw, 0o644); err != nil {
		return nil, err
	}

	h.logs = &logSink{}
	logger, err := newLogger(h.logs, stderr)
	if err != nil {
		return nil, err
	}
	// The supervisor and environment also log through the global logger.
	mlog.InitGlobalLogger(logger)
	h.logger = logger

	newAPI := func(*model.Manifest) plugin.API { return api }
	h.env, err = plugin.NewEnvironment(newAPI, nil, filepath.Join(root, "plugins"), filepath.Join(root, "webapp"), logger, nil)
	if err != nil {
		return nil, err
	}
	// go-plugin (Go or TypeScript) makes its socket in os.TempDir(): a fresh TMPDIR for the
	// child shows where, and whether it is gone afterwards.
	if err := os.Setenv("TMPDIR", h.sockDir); err != nil {
		return nil, err
	}
	return h, nil
}

// activate runs env.Activate while watching /proc for the child it starts, so the pid is known
// even when activation fails and the supervisor has already killed it. It returns how long the
// handshake took (go-plugin's log records: from starting the process to reading the plugin's
// handshake line; hashing the executable before that is left out) and the whole activation.
func (h *host) activate() (handshake, total time.Duration, err error) {
	stop := make(chan struct{})
	seen := make(chan int, 1)
	go func() {
		pid := 0
		for {
			if kids := childPIDs(os.Getpid()); len(kids) > 0 && pid == 0 {
				pid = kids[0]
			}
			select {
			case <-stop:
				seen <- pid
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	start := time.Now()
	_, _, err = h.env.Activate(pluginID)
	total = time.Since(start)
	close(stop)
	pid := <-seen
	if pid == 0 {
		if kids := childPIDs(os.Getpid()); len(kids) > 0 {
			pid = kids[0]
		}
	}
	// The watcher may have seen a short-lived child first: the plugin is the one still there.
	if !alive(pid) {
		if kids := childPIDs(os.Getpid()); len(kids) > 0 {
			pid = kids[0]
		}
	}
	h.pid = pid
	_ = h.logger.Flush()
	if started, using := h.logs.handshakeTimes(); !started.IsZero() && !using.IsZero() {
		handshake = using.Sub(started)
	}
	return handshake, total, err
}

func (h *host) hooks() (plugin.Hooks, error) {
	return h.env.HooksForPlugin(pluginID)
}

// sockets lists the unix sockets in the plugin's TMPDIR.
func (h *host) sockets() []string {
	entries, err := os.ReadDir(h.sockDir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		if e.Type()&os.ModeSocket != 0 {
			out = append(out, filepath.Join(h.sockDir, e.Name()))
		}
	}
	return out
}

// close shuts the environment down and removes the scratch folder.
func (h *host) close() {
	h.env.Shutdown()
	_ = h.logger.Shutdown()
	_ = os.RemoveAll(h.root)
}

// hostErrors flushes the logger and returns what the host side logged at error level since the
// last call: Mattermost's hooks client reports failed hook calls (an RPC error, a failed
// ServeHTTP stream) only in its log, never to the caller.
func (h *host) hostErrors() []string {
	_ = h.logger.Flush()
	return h.logs.takeErrors()
}

// newLogger is the mlog logger the Environment and supervisor log to: every level, in
// Mattermost's plain format, to out, each record also shown to sink first.
func newLogger(sink *logSink, out io.Writer) (*mlog.Logger, error) {
	logger, err := mlog.NewLogger()
	if err != nil {
		return nil, err
	}
	factories := &mlog.Factories{
		TargetFactory: func(string, json.RawMessage) (logr.Target, error) {
			return targets.NewWriterTarget(prefixWriter{out}), nil
		},
		FormatterFactory: func(string, json.RawMessage) (logr.Formatter, error) {
			return &sinkFormatter{sink: sink}, nil
		},
	}
	cfg := mlog.LoggerConfiguration{"gohost": {Type: "gohost", Format: "gohost", Levels: mlog.StdAll, MaxQueueSize: 1000}}
	if err := logger.ConfigureTargets(cfg, factories); err != nil {
		return nil, err
	}
	return logger, nil
}

// prefixWriter marks Mattermost's log lines on gohost's stderr.
type prefixWriter struct{ out io.Writer }

func (w prefixWriter) Write(p []byte) (int, error) {
	_, err := w.out.Write(append([]byte("mm "), p...))
	return len(p), err
}

// sinkFormatter formats records as Mattermost's plain console format does and shows each one
// to the sink with its level, message and creation time.
type sinkFormatter struct {
	plain formatters.Plain
	sink  *logSink
}

func (f *sinkFormatter) IsStacktraceNeeded() bool { return false }

func (f *sinkFormatter) Format(rec *logr.LogRec, level logr.Level, buf *bytes.Buffer) (*bytes.Buffer, error) {
	f.sink.observe(level, rec.Msg(), rec.Time())
	return f.plain.Format(rec, level, buf)
}

// logSink keeps the host side's errors and when go-plugin started the process and read its
// handshake line.
type logSink struct {
	mu            sync.Mutex
	errors        []string
	pauseStats    string
	startingAt    time.Time
	usingPluginAt time.Time
}

func (s *logSink) observe(level logr.Level, msg string, at time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	// Lines the plugin wrote to its own stderr come through go-plugin with their "[LEVEL]"
	// prefix; they are the plugin's business, not a host-side failure.
	if (level.ID <= mlog.LvlError.ID || level.ID == mlog.LvlCritical.ID) && !strings.HasPrefix(msg, "[") {
		s.errors = append(s.errors, msg)
	}
	if i := strings.Index(msg, "pause stats:"); i >= 0 {
		s.pauseStats = msg[i:]
	}
	switch {
	case msg == "starting plugin" && s.startingAt.IsZero():
		s.startingAt = at
	case msg == "using plugin" && s.usingPluginAt.IsZero():
		s.usingPluginAt = at
	}
}

func (s *logSink) takeErrors() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.errors
	s.errors = nil
	return out
}

// takePauseStats is the plugin's last "pause stats:" line (RELEASE_CHECKLIST_PAUSE_STATS).
func (s *logSink) takePauseStats() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pauseStats
}

func (s *logSink) handshakeTimes() (started, using time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.startingAt, s.usingPluginAt
}

// childPIDs lists the live direct children of pid from /proc.
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
		f := procStat(n)
		if len(f) > 1 && f[1] == strconv.Itoa(pid) && f[0] != "Z" && f[0] != "X" {
			out = append(out, n)
		}
	}
	return out
}

// procStat is /proc/<pid>/stat's fields after the parenthesised command: state, ppid, ...
func procStat(pid int) []string {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return nil
	}
	s := string(raw)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return nil
	}
	return strings.Fields(s[i+1:])
}

// alive reports whether pid exists and is not a zombie.
func alive(pid int) bool {
	f := procStat(pid)
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
