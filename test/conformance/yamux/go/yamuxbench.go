// yamuxbench: the Go reference for scripts/bench-yamux.js. Two hashicorp/yamux sessions in
// one process over a unix socket; one stream carries -mb MiB from client to server.
// Prints the elapsed seconds as JSON.
package main

import (
	"flag"
	"fmt"
	"io"
	"io/ioutil"
	"log"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/hashicorp/yamux"
)

func main() {
	mb := flag.Int("mb", 256, "MiB to transfer")
	flag.Parse()
	dir, err := ioutil.TempDir("", "yamuxbench")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	sock := filepath.Join(dir, "s")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		log.Fatal(err)
	}
	done := make(chan int64)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			log.Fatal(err)
		}
		srv, _ := yamux.Server(c, nil)
		s, err := srv.AcceptStream()
		if err != nil {
			log.Fatal(err)
		}
		n, _ := io.Copy(ioutil.Discard, s)
		done <- n
	}()
	c, err := net.Dial("unix", sock)
	if err != nil {
		log.Fatal(err)
	}
	cli, _ := yamux.Client(c, nil)
	s, err := cli.OpenStream()
	if err != nil {
		log.Fatal(err)
	}
	buf := make([]byte, 64*1024)
	total := int64(*mb) * 1024 * 1024
	start := time.Now()
	for sent := int64(0); sent < total; sent += int64(len(buf)) {
		if _, err := s.Write(buf); err != nil {
			log.Fatal(err)
		}
	}
	s.Close()
	n := <-done
	if n != total {
		log.Fatalf("received %d of %d bytes", n, total)
	}
	fmt.Printf("{\"seconds\": %f}\n", time.Since(start).Seconds())
}
