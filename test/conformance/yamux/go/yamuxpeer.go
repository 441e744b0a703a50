// yamuxpeer: a hashicorp/yamux peer driven by the TypeScript conformance tests.
// It dials the address it is given, runs a yamux session in the requested role and
// serves every stream the TypeScript side opens: the first line of a stream is a command.
// The "hold", "flood" and "dial" commands watch a transfer until the session dies and print
// what Go observed on stdout, so tests can check how Go sees an abrupt close from TypeScript.
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
	"time"

	"github.com/hashicorp/yamux"
)

// watched counts the streams and transfers still running; once the session ends, main waits
// for them (bounded) so that every observation is printed and a hang shows as "hung".
var watched sync.WaitGroup

// observe prints one observation line for the tests; Println is one write, so lines never interleave.
func observe(format string, args ...interface{}) {
	fmt.Println(fmt.Sprintf(format, args...))
}

// errText names an error the same way for every line ("nil" when there was none).
func errText(err error) string {
	if err == nil {
		return "nil"
	}
	return strconv.Quote(err.Error())
}

// drain reads until Read fails and returns the bytes read and Read's own error (io.EOF
// included, which io.Copy would hide: this yamux ends reads with EOF when the session dies).
func drain(r io.Reader) (int64, error) {
	buf := make([]byte, 32*1024)
	var n int64
	for {
		m, err := r.Read(buf)
		n += int64(m)
		if err != nil {
			return n, err
		}
	}
}

// dialAndWait opens a stream to the other side, checks one echoed byte, then blocks
// reading until the session fails.
func dialAndWait(sess *yamux.Session) error {
	st, err := sess.OpenStream()
	if err != nil {
		return err
	}
	if _, err := st.Write([]byte("x")); err != nil {
		return err
	}
	one := make([]byte, 1)
	if _, err := io.ReadFull(st, one); err != nil {
		return err
	}
	watched.Add(1)
	go func() {
		defer watched.Done()
		n, err := drain(st)
		observe("dial %d read %d %s", st.StreamID(), n, errText(err))
	}()
	return nil
}

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
	case "hold":
		// Reads until the stream fails: an upload cut off mid-transfer. "ok" tells the
		// test that Go is reading.
		fmt.Fprintf(s, "ok\n")
		n, err := drain(br)
		observe("hold %d read %d %s", s.StreamID(), n, errText(err))
	case "flood":
		// Writes until the stream fails: a download cut off mid-transfer.
		var n int64
		chunk := bytes.Repeat([]byte{0x5a}, 64*1024)
		for {
			m, err := s.Write(chunk)
			n += int64(m)
			if err != nil {
				observe("flood %d write %d %s", s.StreamID(), n, errText(err))
				break
			}
		}
	case "dial":
		reply(s, dialAndWait(sess))
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
			observe("accept %s", errText(err))
			break
		}
		watched.Add(1)
		go func() {
			defer watched.Done()
			handle(sess, s)
		}()
	}
	select {
	case <-sess.CloseChan():
		observe("session closed %v", sess.IsClosed())
	case <-time.After(5 * time.Second):
		observe("session still open")
	}
	done := make(chan struct{})
	go func() {
		watched.Wait()
		close(done)
	}()
	select {
	case <-done:
		observe("all reported")
	case <-time.After(5 * time.Second):
		observe("hung")
	}
	os.Exit(0)
}
