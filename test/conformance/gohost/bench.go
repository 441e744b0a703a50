package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"sync"
	"time"
)

type benchOptions struct {
	n      int
	http1k string
	httpKV string
	user   string
	// idleSettle: seconds after the idle sample before RSS is sampled once more (0: not).
	idleSettle float64
}

type benchResult struct {
	Name  string  `json:"name"`
	N     int     `json:"n"`
	P50us float64 `json:"p50_us"`
	P99us float64 `json:"p99_us"`
	// The first n calls, before the steady-state ones (see measure).
	ColdP50us float64 `json:"cold_p50_us"`
	ColdP99us float64 `json:"cold_p99_us"`
	RPS       float64 `json:"rps"`
}

// discardWriter is a ResponseWriter that keeps only the status, so the bench measures
// the plugin and the wire rather than buffering.
type discardWriter struct {
	h      http.Header
	status int
}

func (d *discardWriter) Header() http.Header         { return d.h }
func (d *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (d *discardWriter) WriteHeader(s int)           { d.status = s }

func emit(kind string, v interface{}) {
	b, _ := json.Marshal(v)
	fmt.Printf("%s %s\n", kind, b)
}

// atPercent is the p-th percentile (0 < p < 100) of sorted latencies, as the bench has always taken it.
func atPercent(sorted []float64, p int) float64 {
	return sorted[(len(sorted)*p)/100]
}

// timeCalls makes n sequential calls and returns their latencies in us, sorted.
func timeCalls(n int, call func() error) ([]float64, error) {
	lat := make([]float64, n)
	for i := 0; i < n; i++ {
		t := time.Now()
		if err := call(); err != nil {
			return nil, err
		}
		lat[i] = float64(time.Since(t).Nanoseconds()) / 1000
	}
	sort.Float64s(lat)
	return lat, nil
}

// measure times n sequential calls twice: the first n (cold: for the first kind measured
// they are the first calls after activation, while V8 is still optimising the TypeScript
// plugin's hot path, which the Go reference never needs), then n more at steady state,
// the latency figures; then n calls from 8 goroutines for throughput.
func measure(name string, n int, call func() error) (benchResult, error) {
	cold, err := timeCalls(n, call)
	if err != nil {
		return benchResult{}, fmt.Errorf("%s (cold): %w", name, err)
	}
	lat, err := timeCalls(n, call)
	if err != nil {
		return benchResult{}, fmt.Errorf("%s: %w", name, err)
	}
	const workers = 8
	var wg sync.WaitGroup
	var firstErr error
	var mu sync.Mutex
	start := time.Now()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(share int) {
			defer wg.Done()
			for i := 0; i < share; i++ {
				if err := call(); err != nil {
					mu.Lock()
					firstErr = err
					mu.Unlock()
					return
				}
			}
		}(n / workers)
	}
	wg.Wait()
	if firstErr != nil {
		return benchResult{}, fmt.Errorf("%s concurrent: %w", name, firstErr)
	}
	total := time.Since(start).Seconds()
	return benchResult{
		Name: name, N: n,
		P50us: atPercent(lat, 50), P99us: atPercent(lat, 99),
		ColdP50us: atPercent(cold, 50), ColdP99us: atPercent(cold, 99),
		RPS: float64(workers*(n/workers)) / total,
	}, nil
}

// quietHost loads the plugin for a measuring mode: the API answers without logging and
// Mattermost's log lines go nowhere, so the mode's own lines are the whole output.
func quietHost(path string, s *Script) (*host, *apiServer, error) {
	api := newAPIServer(s)
	api.quiet = true
	h, err := newHost(path, api, io.Discard)
	return h, api, err
}

func runBench(path string, s *Script, o benchOptions) int {
	h, api, err := quietHost(path, s)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gohost:", err)
		return 1
	}
	defer h.close()
	handshake, _, err := h.activate()
	if err != nil {
		fmt.Fprintln(os.Stderr, "gohost: activate:", err)
		return 1
	}
	emit("HANDSHAKE", map[string]float64{"ms": ms(handshake)})
	hooks, err := h.hooks()
	if err != nil {
		fmt.Fprintln(os.Stderr, "gohost: hooks:", err)
		return 1
	}
	time.Sleep(500 * time.Millisecond)
	emit("RSS", map[string]int{"idle_kib": rssKiB(h.pid), "idle_anon_kib": statusKiB(h.pid, "RssAnon")})
	if o.idleSettle > 0 {
		// What the idle process gives back by itself (V8's memory reducer runs after some seconds).
		time.Sleep(time.Duration(o.idleSettle * float64(time.Second)))
		emit("RSS", map[string]int{"settled_idle_kib": rssKiB(h.pid), "settled_idle_anon_kib": statusKiB(h.pid, "RssAnon")})
	}

	httpCall := func(path string) func() error {
		return func() error {
			req, err := newRequest("GET", path, o.user, nil, http.NoBody)
			if err != nil {
				return err
			}
			w := &discardWriter{h: http.Header{}}
			serveHTTP(hooks, w, req)
			// The hooks client reports a failed call only by logging it and answering 500.
			if w.status != 0 && w.status != http.StatusOK {
				return fmt.Errorf("GET %s answered %d", path, w.status)
			}
			return nil
		}
	}
	cases := []struct {
		name string
		call func() error
	}{
		{"ping", func() error { return h.env.PerformHealthCheck(pluginID) }},
		{"implemented", func() error { _, err := hooks.Implemented(); return err }},
		{"http_1k", httpCall(o.http1k)},
		{"http_kv_get", httpCall(o.httpKV)},
	}
	code := 0
	for _, c := range cases {
		res, err := measure(c.name, o.n, c.call)
		if err != nil {
			fmt.Fprintln(os.Stderr, "gohost:", err)
			code = 1
			continue
		}
		emit("BENCH", res)
	}
	emit("RSS", map[string]int{"after_kib": rssKiB(h.pid)})
	emitPauseStats(h)
	// Each was named on stderr when first called.
	if len(api.unimplementedCalls()) > 0 {
		code = 1
	}
	return code
}

// emitPauseStats deactivates a plugin started with RELEASE_CHECKLIST_PAUSE_STATS, which then
// logs its event-loop and GC pauses and memory, and prints that line as PAUSES.
func emitPauseStats(h *host) {
	if os.Getenv("RELEASE_CHECKLIST_PAUSE_STATS") == "" {
		return
	}
	h.env.Deactivate(pluginID)
	// The line comes through the plugin's stderr, read on its own goroutine.
	line := ""
	for i := 0; i < 100 && line == ""; i++ {
		_ = h.logger.Flush()
		line = h.logs.takePauseStats()
		time.Sleep(10 * time.Millisecond)
	}
	emit("PAUSES", map[string]string{"line": line})
}
