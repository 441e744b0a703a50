// protocol drives a plugin built from the TypeScript bridge through the go-plugin protocol
// cases the old conformance peers (go-plugin 1.0.1, a 2019 yamux) could not show, against
// Mattermost's own modules: its plugin.Environment (supervisor, hooks client, API server,
// health check) with go-plugin v1.7.0 and yamux v0.1.2, and a hand-made go-plugin session
// on yamux v0.1.2 where a case needs yamux timeouts shorter than the defaults go-plugin
// fixes. Each case prints one JSON object with what it observed on stdout; the jest test
// (protocol.test.ts) makes the assertions. Diagnostics go to stderr.
//
// usage: protocol -plugin <executable> -case <name> [-dir <scratch dir>]
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sort"
)

var cases = map[string]func(pluginPath, dir string) (map[string]any, error){
	"serve-http-shapes": caseServeHTTPShapes,
	"config":            caseConfig,
	"slow-hook":         caseSlowHook,
	"stderr":            caseStderr,
	"ping-under-load":   casePingUnderLoad,
	"quit":              caseQuit,
	"plugin-killed":     casePluginKilled,
	"host-killed":       caseHostKilled,
	"late-accept":       caseLateAccept,
	"half-close":        caseHalfClose,
	"keepalive":         caseKeepAlive,
}

func main() {
	pluginPath := flag.String("plugin", "", "plugin executable (a go-plugin server)")
	name := flag.String("case", "", "case to run")
	dir := flag.String("dir", "", "scratch directory (plugin bundle, sockets)")
	flag.Parse()
	run, ok := cases[*name]
	if *pluginPath == "" || !ok {
		names := make([]string, 0, len(cases))
		for n := range cases {
			names = append(names, n)
		}
		sort.Strings(names)
		fmt.Fprintf(os.Stderr, "usage: protocol -plugin <executable> -case <%v> [-dir <dir>]\n", names)
		os.Exit(2)
	}
	scratch := *dir
	if scratch == "" {
		var err error
		if scratch, err = os.MkdirTemp("", "protocol-"); err != nil {
			fatal(err)
		}
		defer os.RemoveAll(scratch)
	}
	out, err := run(*pluginPath, scratch)
	if err != nil {
		fatal(fmt.Errorf("case %s: %w", *name, err))
	}
	out["case"] = *name
	b, err := json.Marshal(out)
	if err != nil {
		fatal(err)
	}
	fmt.Println(string(b))
}

func fatal(err error) {
	fmt.Fprintf(os.Stderr, "protocol: %v\n", err)
	os.Exit(1)
}

// emit prints an observation before the case ends, for a test that acts on it (a pid to kill).
func emit(v map[string]any) {
	b, _ := json.Marshal(v)
	fmt.Println(string(b))
}
