package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"sort"
	"sync"
	"time"

	plugin "github.com/hashicorp/go-plugin"
)

type benchOptions struct {
	n      int
	http1k string
	httpKV string
	user   string
}

type benchResult struct {
	Name  string  `json:"name"`
	N     int     `json:"n"`
	P50us float64 `json:"p50_us"`
	P99us float64 `json:"p99_us"`
	RPS   float64 `json:"rps"`
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

// measure times n sequential calls for latency, then n calls from 8 goroutines for throughput.
func measure(name string, n int, call func() error) (benchResult, error) {
	for i := 0; i < n/10+10; i++ {
		if err := call(); err != nil {
			return benchResult{}, fmt.Errorf("%s warm-up: %w", name, err)
		}
	}
	lat := make([]float64, n)
	for i := 0; i < n; i++ {
		t := time.Now()
		if err := call(); err != nil {
			return benchResult{}, fmt.Errorf("%s: %w", name, err)
		}
		lat[i] = float64(time.Since(t).Nanoseconds()) / 1000
	}
	sort.Float64s(lat)
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
		P50us: lat[n/2], P99us: lat[(n*99)/100],
		RPS: float64(workers*(n/workers)) / total,
	}, nil
}

func runBench(path string, s *Script, o benchOptions) int {
	sum, err := checksum(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gohost:", err)
		return 1
	}
	client := plugin.NewClient(clientConfig(path, sum, os.Stderr))
	defer client.Kill()
	start := time.Now()
	rpcClient, err := client.Client()
	if err != nil {
		fmt.Fprintln(os.Stderr, "gohost: start:", err)
		return 1
	}
	emit("HANDSHAKE", map[string]float64{"ms": float64(time.Since(start).Microseconds()) / 1000})
	raw, err := rpcClient.Dispense("hooks")
	if err != nil {
		fmt.Fprintln(os.Stderr, "gohost: dispense:", err)
		return 1
	}
	hooks := raw.(*hooksClient)
	api := newAPIServer(s)
	api.quiet = true
	if err := hooks.activate(api); err != nil {
		fmt.Fprintln(os.Stderr, "gohost: activate:", err)
		return 1
	}
	pid := client.ReattachConfig().Pid
	time.Sleep(500 * time.Millisecond)
	emit("RSS", map[string]int{"idle_kib": rssKiB(pid)})

	httpCall := func(path string) func() error {
		return func() error {
			req, err := newRequest("GET", path, o.user, nil)
			if err != nil {
				return err
			}
			w := &discardWriter{h: http.Header{}}
			if _, err := hooks.serveHTTP(w, req, http.NoBody); err != nil {
				return err
			}
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
		{"ping", rpcClient.Ping},
		{"implemented", func() error { _, err := hooks.implemented(); return err }},
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
	emit("RSS", map[string]int{"after_kib": rssKiB(pid)})
	return code
}
