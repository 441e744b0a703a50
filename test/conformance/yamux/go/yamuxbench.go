// yamuxbench: the Go reference for scripts/bench-yamux.js. Without -listen or -dial: two
// hashicorp/yamux sessions in one process over a unix socket; one stream carries -mb MiB
// from client to server; prints the elapsed seconds as JSON. With -listen or -dial: one end
// of a session with another process, the way Mattermost and a plugin are connected (see
// runEnd).
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
	"syscall"
	"time"

	"github.com/hashicorp/yamux"
)

func main() {
	mb := flag.Int("mb", 256, "MiB to transfer")
	listen := flag.String("listen", "", "unix socket to listen on: be the yamux server (the plugin's side)")
	dial := flag.String("dial", "", "unix socket to dial: be the yamux client (the host's side)")
	send := flag.Bool("send", false, "with -listen or -dial: this end writes the data (else it reads)")
	warm := flag.Int("warm", 0, "with -listen or -dial: MiB carried on a first, untimed stream")
	flag.Parse()
	if *listen != "" || *dial != "" {
		runEnd(*listen, *dial, *send, int64(*warm)*1024*1024, int64(*mb)*1024*1024)
		return
	}
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

// runEnd is one end in its own process. First a stream of warm bytes, untimed (the
// TypeScript end's JIT warms up as a long-lived plugin's has), then the measured one.
func runEnd(listen, dial string, send bool, warm, total int64) {
	var conn net.Conn
	var sess *yamux.Session
	var err error
	if listen != "" {
		ln, lerr := net.Listen("unix", listen)
		if lerr != nil {
			log.Fatal(lerr)
		}
		fmt.Println("listening")
		if conn, err = ln.Accept(); err != nil {
			log.Fatal(err)
		}
		ln.Close()
		sess, err = yamux.Server(conn, nil)
	} else {
		if conn, err = net.Dial("unix", dial); err != nil {
			log.Fatal(err)
		}
		sess, err = yamux.Client(conn, nil)
	}
	if err != nil {
		log.Fatal(err)
	}
	if warm > 0 {
		transfer(sess, listen != "", send, warm)
	}
	cpu0 := cpuMs()
	secs := transfer(sess, listen != "", send, total)
	// Every end reports its CPU over the measured stream; the receiver also the seconds.
	if send {
		fmt.Printf("{\"cpu_ms\": %f}\n", cpuMs()-cpu0)
	} else {
		fmt.Printf("{\"seconds\": %f, \"bytes\": %d, \"cpu_ms\": %f}\n", secs, total, cpuMs()-cpu0)
	}
	sess.Close()
}

// cpuMs is the process's user and system CPU time so far, in ms.
func cpuMs() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		log.Fatal(err)
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e6
}

// transfer carries total bytes over one new stream: the client opens it; the sender writes
// 64 KiB at a time and closes its side, then waits for the receiver's close; the receiver
// reads in 64 KiB reads until EOF, closes its side and returns the seconds from its first
// byte to EOF.
func transfer(sess *yamux.Session, accept, send bool, total int64) float64 {
	var s net.Conn
	var err error
	if accept {
		s, err = sess.AcceptStream()
	} else {
		s, err = sess.OpenStream()
	}
	if err != nil {
		log.Fatal(err)
	}
	buf := make([]byte, 64*1024)
	if send {
		for sent := int64(0); sent < total; sent += int64(len(buf)) {
			if _, err := s.Write(buf); err != nil {
				log.Fatal(err)
			}
		}
		s.Close()
		io.Copy(ioutil.Discard, s)
		return 0
	}
	var n int64
	var start time.Time
	for {
		m, rerr := s.Read(buf)
		if n == 0 && m > 0 {
			start = time.Now()
		}
		n += int64(m)
		if rerr != nil {
			break
		}
	}
	secs := time.Since(start).Seconds()
	s.Close()
	if n != total {
		log.Fatalf("received %d of %d bytes", n, total)
	}
	return secs
}
