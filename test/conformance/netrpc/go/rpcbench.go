// rpcbench: the Go side of scripts/bench-yamux.js's net/rpc round-trip benchmark.
//   -serve PATH         listen on a unix socket, yamux server, net/rpc "Plugin.Nothing"
//   -dial PATH -calls N  yamux client, one stream, N sequential empty calls; prints JSON
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/rpc"
	"time"

	"github.com/hashicorp/yamux"
)

type Empty struct{}

type Plugin int

func (p *Plugin) Nothing(args *Empty, reply *Empty) error { return nil }

func serve(path string) {
	ln, err := net.Listen("unix", path)
	if err != nil {
		log.Fatal(err)
	}
	server := rpc.NewServer()
	server.Register(new(Plugin))
	for {
		c, err := ln.Accept()
		if err != nil {
			log.Fatal(err)
		}
		go func() {
			sess, _ := yamux.Server(c, nil)
			for {
				s, err := sess.Accept()
				if err != nil {
					return
				}
				go server.ServeConn(s)
			}
		}()
	}
}

func dial(path string, calls int) {
	c, err := net.Dial("unix", path)
	if err != nil {
		log.Fatal(err)
	}
	sess, _ := yamux.Client(c, nil)
	s, err := sess.Open()
	if err != nil {
		log.Fatal(err)
	}
	client := rpc.NewClient(s)
	var reply Empty
	for i := 0; i < calls/10; i++ { // warm up
		if err := client.Call("Plugin.Nothing", &Empty{}, &reply); err != nil {
			log.Fatal(err)
		}
	}
	start := time.Now()
	for i := 0; i < calls; i++ {
		if err := client.Call("Plugin.Nothing", &Empty{}, &reply); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Printf("{\"microsPerCall\": %f}\n", float64(time.Since(start).Microseconds())/float64(calls))
	client.Close()
	sess.Close()
}

func main() {
	servePath := flag.String("serve", "", "unix socket to serve on")
	dialPath := flag.String("dial", "", "unix socket to call")
	calls := flag.Int("calls", 10000, "calls to make")
	flag.Parse()
	if *servePath != "" {
		serve(*servePath)
	} else {
		dial(*dialPath, *calls)
	}
}
