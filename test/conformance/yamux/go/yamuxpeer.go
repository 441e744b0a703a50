// yamuxpeer: a hashicorp/yamux peer driven by the TypeScript conformance tests.
// It dials the address it is given, runs a yamux session in the requested role and
// serves every stream the TypeScript side opens: the first line of a stream is a command.
package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"

	"github.com/hashicorp/yamux"
)

// pattern writes n bytes of the deterministic sequence the tests also generate.
func pattern(n int64, w io.Writer) error {
	buf := make([]byte, 32*1024)
	var x uint32 = 1
	var written int64
	for written < n {
		m := int64(len(buf))
		if n-written < m {
			m = n - written
		}
		for i := int64(0); i < m; i++ {
			x = x*1103515245 + 12345
			buf[i] = byte(x >> 16)
		}
		if _, err := w.Write(buf[:m]); err != nil {
			return err
		}
		written += m
	}
	return nil
}

// openEchoes opens k streams to the other side, each expecting its payload echoed back.
func openEchoes(sess *yamux.Session, k int) error {
	var wg sync.WaitGroup
	errs := make(chan error, k)
	for i := 0; i < k; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			s, err := sess.OpenStream()
			if err != nil {
				errs <- err
				return
			}
			defer s.Close()
			payload := bytes.Repeat([]byte(fmt.Sprintf("from-go %d;", i)), 1000+i*37)
			// This yamux version ends reads at a local Close, so read the echo back
			// in full before closing our side.
			go s.Write(payload)
			got := make([]byte, len(payload))
			if _, err := io.ReadFull(s, got); err != nil {
				errs <- fmt.Errorf("stream %d: %v", s.StreamID(), err)
				return
			}
			if !bytes.Equal(got, payload) {
				errs <- fmt.Errorf("stream %d: echo mismatch", s.StreamID())
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		return err
	}
	return nil
}

func reply(s *yamux.Stream, err error) {
	if err != nil {
		fmt.Fprintf(s, "err %v\n", err)
	} else {
		fmt.Fprintf(s, "ok\n")
	}
}

func handle(sess *yamux.Session, s *yamux.Stream) {
	defer s.Close()
	br := bufio.NewReader(s)
	line, err := br.ReadString('\n')
	if err != nil {
		log.Printf("stream %d: no command: %v", s.StreamID(), err)
		return
	}
	fields := strings.Fields(line)
	if len(fields) == 0 {
		return
	}
	switch fields[0] {
	case "echo":
		io.Copy(s, br)
	case "sink":
		h := sha256.New()
		n, err := io.Copy(h, br)
		if err != nil {
			fmt.Fprintf(s, "err %v\n", err)
			return
		}
		fmt.Fprintf(s, "%d %s\n", n, hex.EncodeToString(h.Sum(nil)))
	case "source":
		n, _ := strconv.ParseInt(fields[1], 10, 64)
		if err := pattern(n, s); err != nil {
			log.Printf("source: %v", err)
		}
	case "open":
		k, _ := strconv.Atoi(fields[1])
		reply(s, openEchoes(sess, k))
	case "ping":
		_, err := sess.Ping()
		reply(s, err)
	case "goaway":
		reply(s, sess.GoAway())
	case "tryopen":
		st, err := sess.OpenStream()
		if err == nil {
			st.Close()
		}
		reply(s, err)
	case "numstreams":
		fmt.Fprintf(s, "%d\n", sess.NumStreams())
	default:
		fmt.Fprintf(s, "err unknown command %q\n", fields[0])
	}
}

func main() {
	network := flag.String("net", "unix", "unix or tcp")
	addr := flag.String("addr", "", "address to dial")
	role := flag.String("role", "client", "yamux role: client or server")
	flag.Parse()

	conn, err := net.Dial(*network, *addr)
	if err != nil {
		log.Fatalf("dial: %v", err)
	}
	cfg := yamux.DefaultConfig()
	cfg.LogOutput = os.Stderr
	var sess *yamux.Session
	if *role == "client" {
		sess, err = yamux.Client(conn, cfg)
	} else {
		sess, err = yamux.Server(conn, cfg)
	}
	if err != nil {
		log.Fatalf("session: %v", err)
	}
	for {
		s, err := sess.AcceptStream()
		if err != nil {
			log.Printf("accept ended: %v", err)
			os.Exit(0)
		}
		go handle(sess, s)
	}
}
