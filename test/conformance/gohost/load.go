package main

// Load mode (-load spec.json): the product under concurrent writers through ServeHTTP, as a
// Mattermost server drives it. Each phase has N writers toggle steps of one run (done, undo)
// for a fixed time; afterwards GET /runs/:id and the events route must hold every acknowledged
// action. Then timed reads (list routes, /release commands, the report) and start-up figures.
// Prints LOAD, TIMING, STARTUP and MEM lines as JSON for scripts/bench-bridge.js.

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
)

type LoadSpec struct {
	Writers int           `json:"writers"`
	Seconds float64       `json:"seconds"`
	User    string        `json:"user"`
	Phases  []LoadPhase   `json:"phases"`
	Timings []LoadTiming  `json:"timings"`
	Command []LoadCommand `json:"commands"`
	// Settle: seconds of idle after the load before RSS is sampled once more (0: not).
	Settle float64 `json:"settleSeconds"`
}

// LoadPhase names the run whose steps the writers toggle.
type LoadPhase struct {
	Name  string `json:"name"`
	RunID string `json:"runId"`
}

// LoadTiming is one request repeated N times sequentially; Peak also reports how much the
// plugin's peak RSS grew while answering it.
type LoadTiming struct {
	Name   string `json:"name"`
	Method string `json:"method"`
	Path   string `json:"path"`
	N      int    `json:"n"`
	Peak   bool   `json:"peak"`
}

type LoadCommand struct {
	Name      string `json:"name"`
	Command   string `json:"command"`
	ChannelID string `json:"channelId"`
	TeamID    string `json:"teamId"`
	N         int    `json:"n"`
}

type loadRun struct {
	Revision int `json:"revision"`
	Steps    []struct {
		ID    string `json:"id"`
		State string `json:"state"`
	} `json:"steps"`
}

type loadEvent struct {
	Seq    int    `json:"seq"`
	Type   string `json:"type"`
	StepID string `json:"stepId"`
}

// call makes one ServeHTTP call and returns the status and body.
func loadCall(hooks plugin.Hooks, method, path, user string, body []byte) (int, []byte, error) {
	var reader io.ReadCloser = http.NoBody
	hdr := map[string]string{}
	if body != nil {
		reader = io.NopCloser(strings.NewReader(string(body)))
		hdr["Content-Type"] = "application/json"
	}
	req, err := newRequest(method, path, user, hdr, reader)
	if err != nil {
		return 0, nil, err
	}
	rec := httptest.NewRecorder()
	serveHTTP(hooks, rec, req)
	return rec.Code, rec.Body.Bytes(), nil
}

func percentile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p * float64(len(sorted)))
	if i >= len(sorted) {
		i = len(sorted) - 1
	}
	return sorted[i]
}

// cpuTicks is the process's user+system time in clock ticks (1/100 s on Linux).
func cpuTicks(pid int) int {
	f := procStat(pid)
	if len(f) < 13 {
		return -1
	}
	u, _ := strconv.Atoi(f[11])
	s, _ := strconv.Atoi(f[12])
	return u + s
}

func statusKiB(pid int, field string) int {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if strings.HasPrefix(line, field+":") {
			if f := strings.Fields(line); len(f) >= 2 {
				n, _ := strconv.Atoi(f[1])
				return n
			}
		}
	}
	return -1
}

// resetPeak makes VmHWM start again from the current RSS (Linux clear_refs 5).
func resetPeak(pid int) {
	_ = os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0o644)
}

const apiPrefix = "/api/v1"

func getRun(hooks plugin.Hooks, user, runID string) (*loadRun, error) {
	code, body, err := loadCall(hooks, "GET", apiPrefix+"/runs/"+runID, user, nil)
	if err != nil || code != 200 {
		return nil, fmt.Errorf("GET run %s: %d %v %s", runID, code, err, truncate(string(body), 200))
	}
	var r loadRun
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// eventsSince pages the events route newest first down to seq > after.
func eventsSince(hooks plugin.Hooks, user, runID string, after int) ([]loadEvent, error) {
	var out []loadEvent
	before := ""
	for {
		path := apiPrefix + "/runs/" + runID + "/events?limit=200" + before
		code, body, err := loadCall(hooks, "GET", path, user, nil)
		if err != nil || code != 200 {
			return nil, fmt.Errorf("GET %s: %d %v %s", path, code, err, truncate(string(body), 200))
		}
		var page struct {
			Events     []loadEvent `json:"events"`
			NextBefore *int        `json:"nextBefore"`
		}
		if err := json.Unmarshal(body, &page); err != nil {
			return nil, err
		}
		for _, e := range page.Events {
			if e.Seq <= after {
				return out, nil
			}
			out = append(out, e)
		}
		if page.NextBefore == nil {
			return out, nil
		}
		before = "&before=" + strconv.Itoa(*page.NextBefore)
	}
}

func lastSeq(hooks plugin.Hooks, user, runID string) (int, error) {
	code, body, err := loadCall(hooks, "GET", apiPrefix+"/runs/"+runID+"/events?limit=1", user, nil)
	if err != nil || code != 200 {
		return 0, fmt.Errorf("GET events: %d %v", code, err)
	}
	var page struct {
		Events []loadEvent `json:"events"`
	}
	if err := json.Unmarshal(body, &page); err != nil {
		return 0, err
	}
	if len(page.Events) == 0 {
		return -1, nil
	}
	return page.Events[0].Seq, nil
}

type stepTally struct {
	done, undone   int    // acknowledged
	attempts       int    // sent, acknowledged or not
	state          string // expected after the last acknowledged action
	uncertain      bool   // an action was not acknowledged: its effect is unknown
	failureExample string
}

// runPhase toggles the run's open/done steps from spec.Writers goroutines for spec.Seconds,
// then checks the run and its event log hold every acknowledged action.
func runPhase(h *host, hooks plugin.Hooks, spec *LoadSpec, ph LoadPhase) map[string]any {
	out := map[string]any{"name": ph.Name, "writers": spec.Writers}
	run, err := getRun(hooks, spec.User, ph.RunID)
	if err != nil {
		out["error"] = err.Error()
		return out
	}
	startSeq, err := lastSeq(hooks, spec.User, ph.RunID)
	if err != nil {
		out["error"] = err.Error()
		return out
	}
	out["steps"] = len(run.Steps)
	out["events_before"] = startSeq + 1
	tallies := map[string]*stepTally{}
	var ids []string
	for _, s := range run.Steps {
		if s.State == "open" || s.State == "done" {
			tallies[s.ID] = &stepTally{state: s.State}
			ids = append(ids, s.ID)
		}
	}
	lat := make([][]float64, spec.Writers)
	failures := make([]int, spec.Writers)
	cpu0 := cpuTicks(h.pid)
	deadline := time.Now().Add(time.Duration(spec.Seconds * float64(time.Second)))
	start := time.Now()
	var wg sync.WaitGroup
	for w := 0; w < spec.Writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			var mine []string
			for i := w; i < len(ids); i += spec.Writers {
				mine = append(mine, ids[i])
			}
			for i := 0; len(mine) > 0 && time.Now().Before(deadline); i++ {
				id := mine[i%len(mine)]
				t := tallies[id]
				if t.uncertain {
					continue
				}
				action := "done"
				if t.state == "done" {
					action = "undo"
				}
				t.attempts++
				began := time.Now()
				code, body, err := loadCall(hooks, "POST", apiPrefix+"/runs/"+ph.RunID+"/steps/"+id+"/"+action, spec.User, []byte(`{"source":"api"}`))
				if err != nil || code != 200 {
					t.uncertain = true
					t.failureExample = fmt.Sprintf("%s %s: %d %v %s", action, id, code, err, truncate(string(body), 200))
					failures[w]++
					continue
				}
				lat[w] = append(lat[w], float64(time.Since(began).Microseconds())/1000)
				if action == "done" {
					t.done++
					t.state = "done"
				} else {
					t.undone++
					t.state = "open"
				}
			}
		}(w)
	}
	wg.Wait()
	elapsed := time.Since(start).Seconds()
	cpu1 := cpuTicks(h.pid)
	var all []float64
	failed := 0
	for w := range lat {
		all = append(all, lat[w]...)
		failed += failures[w]
	}
	sort.Float64s(all)
	acks := len(all)
	out["acked"] = acks
	out["failed"] = failed
	out["seconds"] = elapsed
	out["actions_per_s"] = float64(acks) / elapsed
	out["p50_ms"] = percentile(all, 0.50)
	out["p95_ms"] = percentile(all, 0.95)
	out["p99_ms"] = percentile(all, 0.99)
	if acks > 0 {
		out["cpu_ms_per_action"] = float64(cpu1-cpu0) * 10 / float64(acks)
	}
	out["rss_kib"] = rssKiB(h.pid)

	// Every acknowledged action must be in the run and in its event log.
	var problems []string
	after, err := getRun(hooks, spec.User, ph.RunID)
	if err != nil {
		problems = append(problems, err.Error())
	} else {
		if after.Revision-run.Revision < acks {
			problems = append(problems, fmt.Sprintf("revision grew by %d for %d acknowledged actions", after.Revision-run.Revision, acks))
		}
		for _, s := range after.Steps {
			if t := tallies[s.ID]; t != nil && !t.uncertain && s.State != t.state {
				problems = append(problems, fmt.Sprintf("step %s is %s, the last acknowledged action left it %s", s.ID, s.State, t.state))
			}
		}
	}
	events, err := eventsSince(hooks, spec.User, ph.RunID, startSeq)
	if err != nil {
		problems = append(problems, err.Error())
	}
	got := map[string]*[2]int{}
	for _, e := range events {
		if e.Type != "step-done" && e.Type != "step-undone" {
			continue
		}
		c := got[e.StepID]
		if c == nil {
			c = &[2]int{}
			got[e.StepID] = c
		}
		if e.Type == "step-done" {
			c[0]++
		} else {
			c[1]++
		}
	}
	for id, t := range tallies {
		c := got[id]
		if c == nil {
			c = &[2]int{}
		}
		sent := t.done + t.undone
		if c[0] < t.done || c[1] < t.undone || c[0]+c[1] > t.attempts {
			problems = append(problems, fmt.Sprintf("step %s: %d done/%d undone events for %d/%d acknowledged (%d sent)", id, c[0], c[1], t.done, t.undone, sent))
		}
		if t.failureExample != "" && len(problems) < 20 {
			problems = append(problems, "not acknowledged: "+t.failureExample)
		}
	}
	out["events_checked"] = len(events)
	out["verified"] = len(problems) == 0 || (failed > 0 && allFailures(problems))
	if len(problems) > 0 {
		if len(problems) > 10 {
			problems = append(problems[:10], fmt.Sprintf("... %d more", len(problems)-10))
		}
		out["problems"] = problems
	}
	return out
}

func allFailures(problems []string) bool {
	for _, p := range problems {
		if !strings.HasPrefix(p, "not acknowledged: ") {
			return false
		}
	}
	return true
}

func runTiming(h *host, hooks plugin.Hooks, user string, t LoadTiming) map[string]any {
	out := map[string]any{"name": t.Name, "n": t.N}
	method := t.Method
	if method == "" {
		method = "GET"
	}
	var lat []float64
	var peakGrowth int
	for i := 0; i < t.N; i++ {
		rss := rssKiB(h.pid)
		if t.Peak {
			resetPeak(h.pid)
		}
		began := time.Now()
		code, body, err := loadCall(hooks, method, t.Path, user, nil)
		lat = append(lat, float64(time.Since(began).Microseconds())/1000)
		if err != nil || code != 200 {
			out["error"] = fmt.Sprintf("%s %s: %d %v %s", method, t.Path, code, err, truncate(string(body), 200))
			return out
		}
		out["bytes"] = len(body)
		if t.Peak {
			if g := statusKiB(h.pid, "VmHWM") - rss; g > peakGrowth {
				peakGrowth = g
			}
		}
	}
	sort.Float64s(lat)
	out["p50_ms"] = percentile(lat, 0.5)
	out["max_ms"] = lat[len(lat)-1]
	if t.Peak {
		out["peak_growth_kib"] = peakGrowth
	}
	return out
}

func runCommandTiming(hooks plugin.Hooks, user string, c LoadCommand) map[string]any {
	out := map[string]any{"name": c.Name, "n": c.N}
	var lat []float64
	for i := 0; i < c.N; i++ {
		args := &model.CommandArgs{UserId: user, ChannelId: c.ChannelID, TeamId: c.TeamID, Command: c.Command, SiteURL: "http://localhost:8065"}
		began := time.Now()
		resp, appErr := hooks.ExecuteCommand(&plugin.Context{RequestId: "cmd"}, args)
		lat = append(lat, float64(time.Since(began).Microseconds())/1000)
		if appErr != nil || resp == nil {
			out["error"] = fmt.Sprintf("%s: %v", c.Command, appErr)
			return out
		}
	}
	sort.Float64s(lat)
	out["p50_ms"] = percentile(lat, 0.5)
	out["max_ms"] = lat[len(lat)-1]
	return out
}

func runLoad(path string, s *Script, specPath string) int {
	raw, err := os.ReadFile(specPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gohost:", err)
		return 2
	}
	var spec LoadSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		fmt.Fprintln(os.Stderr, "gohost: load spec:", err)
		return 2
	}
	h, _, err := quietHost(path, s)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gohost:", err)
		return 1
	}
	defer h.close()
	if _, _, err := h.activate(); err != nil {
		fmt.Fprintln(os.Stderr, "gohost: activate:", err)
		return 1
	}
	hooks, err := h.hooks()
	if err != nil {
		fmt.Fprintln(os.Stderr, "gohost: hooks:", err)
		return 1
	}
	emit("MEM", map[string]int{"idle_kib": rssKiB(h.pid)})
	emit("MEM", map[string]any{"idle_breakdown_kib": smapsBreakdown(h.pid)})
	code := 0
	actions := 0
	for _, ph := range spec.Phases {
		res := runPhase(h, hooks, &spec, ph)
		if n, ok := res["acked"].(int); ok {
			actions += n
		}
		if v, _ := res["verified"].(bool); !v {
			code = 1
		}
		emit("LOAD", res)
	}
	time.Sleep(300 * time.Millisecond)
	emit("MEM", map[string]int{"after_actions": actions, "after_kib": rssKiB(h.pid)})
	emit("MEM", map[string]any{"after_breakdown_kib": smapsBreakdown(h.pid)})
	if spec.Settle > 0 {
		// What the process gives back by itself when idle (V8's memory reducer, malloc trims).
		time.Sleep(time.Duration(spec.Settle * float64(time.Second)))
		emit("MEM", map[string]int{"settled_kib": rssKiB(h.pid)})
		emit("MEM", map[string]any{"settled_breakdown_kib": smapsBreakdown(h.pid)})
	}
	for _, t := range spec.Timings {
		res := runTiming(h, hooks, spec.User, t)
		if _, bad := res["error"]; bad {
			code = 1
		}
		emit("TIMING", res)
	}
	for _, c := range spec.Command {
		res := runCommandTiming(hooks, spec.User, c)
		if _, bad := res["error"]; bad {
			code = 1
		}
		emit("TIMING", res)
	}
	emitPauseStats(h)
	return code
}

// runStartup execs the plugin as go-plugin does n times and reads its handshake line: wall
// time and CPU (from the child's rusage, killed right after the line) and RSS at that moment.
// Then one Environment activation for exec to OnActivate's return, and the CPU by then.
func runStartup(path string, s *Script, n int) int {
	var walls, cpus, rss []float64
	for i := 0; i < n; i++ {
		cmd := exec.Command(path)
		cmd.Env = append(os.Environ(), "MATTERMOST_PLUGIN=Securely message teams, anywhere.", "PLUGIN_PROTOCOL_VERSIONS=1",
			"PLUGIN_MIN_PORT=10000", "PLUGIN_MAX_PORT=25000")
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			fmt.Fprintln(os.Stderr, "gohost:", err)
			return 1
		}
		cmd.Stdin = nil
		began := time.Now()
		if err := cmd.Start(); err != nil {
			fmt.Fprintln(os.Stderr, "gohost:", err)
			return 1
		}
		line, err := bufio.NewReader(stdout).ReadString('\n')
		wall := time.Since(began)
		r := rssKiB(cmd.Process.Pid)
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if err != nil || !strings.Contains(line, "|") {
			fmt.Fprintf(os.Stderr, "gohost: no handshake line: %q %v\n", line, err)
			return 1
		}
		ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		walls = append(walls, ms(wall))
		cpus = append(cpus, ms(cpu))
		rss = append(rss, float64(r))
	}
	sort.Float64s(walls)
	sort.Float64s(cpus)
	sort.Float64s(rss)
	emit("STARTUP", map[string]float64{"handshake_wall_ms": percentile(walls, 0.5), "handshake_cpu_ms": percentile(cpus, 0.5), "handshake_rss_kib": percentile(rss, 0.5)})

	var acts []float64
	var actCPU []float64
	// newHost points TMPDIR at each host's socket folder, which close removes.
	tmp := os.Getenv("TMPDIR")
	defer os.Setenv("TMPDIR", tmp)
	for i := 0; i < n; i++ {
		_ = os.Setenv("TMPDIR", tmp)
		h, _, err := quietHost(path, s)
		if err != nil {
			fmt.Fprintln(os.Stderr, "gohost:", err)
			return 1
		}
		_, _, err = h.activate()
		done := time.Now()
		if err != nil {
			h.close()
			fmt.Fprintln(os.Stderr, "gohost: activate:", err)
			return 1
		}
		started, _ := h.logs.handshakeTimes()
		acts = append(acts, ms(done.Sub(started)))
		actCPU = append(actCPU, float64(cpuTicks(h.pid)*10))
		h.close()
	}
	sort.Float64s(acts)
	sort.Float64s(actCPU)
	emit("STARTUP", map[string]float64{"activate_wall_ms": percentile(acts, 0.5), "activate_cpu_ms": percentile(actCPU, 0.5)})
	return 0
}

// smapsBreakdown sums the process's resident memory by kind of mapping: the executable's
// own file, other files (libraries), the brk heap (glibc's main arena), anonymous mappings
// (V8's heap pages, other malloc arenas, thread stacks) and the main stack.
func smapsBreakdown(pid int) map[string]int {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/smaps", pid))
	if err != nil {
		return nil
	}
	exe, _ := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid))
	out := map[string]int{}
	kind := ""
	for _, line := range strings.Split(string(raw), "\n") {
		f := strings.Fields(line)
		if len(f) >= 5 && strings.Contains(f[0], "-") && !strings.HasSuffix(f[0], ":") {
			name := ""
			if len(f) >= 6 {
				name = f[5]
			}
			switch {
			case name == exe:
				kind = "executable"
			case name == "[heap]":
				kind = "brk_heap"
			case name == "[stack]":
				kind = "stack"
			case name == "":
				kind = "anonymous"
			case strings.HasPrefix(name, "["):
				kind = "other"
			default:
				kind = "libraries"
			}
			continue
		}
		if len(f) >= 2 && f[0] == "Rss:" {
			n, _ := strconv.Atoi(f[1])
			out[kind] += n
		}
	}
	return out
}
