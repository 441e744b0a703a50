// rpcpeer: Go's net/rpc over hashicorp/yamux, driven by the TypeScript conformance tests.
// It dials the given address, runs yamux in the requested role and serves net/rpc on every
// stream the TypeScript side opens (service Arith, and Ctl which makes Go call back into
// TypeScript's "Plugin" service over streams Go opens). When the session ends it prints what
// it observed on stdout (served streams' read and write errors, its own calls' errors), so
// tests can check how Go sees TypeScript dropping the connection.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/rpc"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/yamux"
)

// watched counts served streams and Go's own calls still running; once the session ends,
// main waits for them (bounded) so every observation is printed and a hang shows as "hung".
var watched sync.WaitGroup

// sessionClosed is the session's close channel, for handlers that wait for it.
var sessionClosed <-chan struct{}

// observe prints one observation line for the tests; Println is one write, so lines never interleave.
func observe(format string, args ...interface{}) {
	fmt.Println(fmt.Sprintf(format, args...))
}

func errText(err error) string {
	if err == nil {
		return "nil"
	}
	return strconv.Quote(err.Error())
}

// watchedConn remembers the first read and write errors of a served stream.
type watchedConn struct {
	net.Conn
	mu                sync.Mutex
	readErr, writeErr error
}

func (c *watchedConn) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	c.mu.Lock()
	if err != nil && c.readErr == nil {
		c.readErr = err
	}
	c.mu.Unlock()
	return n, err
}

func (c *watchedConn) Write(b []byte) (int, error) {
	n, err := c.Conn.Write(b)
	c.mu.Lock()
	if err != nil && c.writeErr == nil {
		c.writeErr = err
	}
	c.mu.Unlock()
	return n, err
}

type Args struct{ A, B int }
type Reply struct {
	Sum  int
	Note string
}
type Record struct {
	Name  string
	Tags  []string
	Meta  map[string]string
	Count int64
}

type Arith int

func (t *Arith) Add(args *Args, reply *Reply) error {
	reply.Sum = args.A + args.B
	reply.Note = fmt.Sprintf("added %d", args.A)
	return nil
}

func (t *Arith) Fail(args *Args, reply *Reply) error { return errors.New("division by zero") }

func (t *Arith) Slow(args *Args, reply *Reply) error {
	time.Sleep(time.Duration(args.A%5) * time.Millisecond)
	return t.Add(args, reply)
}

func (t *Arith) Hang(args *Args, reply *Reply) error { select {} }

// Wait answers only once the session has ended, so its reply can never be delivered.
func (t *Arith) Wait(args *Args, reply *Reply) error {
	<-sessionClosed
	return t.Add(args, reply)
}

func (t *Arith) Echo(args *Record, reply *Record) error {
	*reply = *args
	return nil
}

type Empty struct{}

func (t *Arith) Nothing(args *Empty, reply *Empty) error { return nil }

type CallBackArgs struct{ N int }

type Ctl struct{ sess *yamux.Session }

func expectServerError(err error, want string) error {
	if _, ok := err.(rpc.ServerError); !ok || err.Error() != want {
		return fmt.Errorf("want ServerError %q, got %T %v", want, err, err)
	}
	return nil
}

// HangCalls opens a stream to TypeScript and leaves N calls to Plugin.Hang pending there;
// each prints how it failed once the connection is gone.
func (c *Ctl) HangCalls(args *CallBackArgs, reply *string) error {
	s, err := c.sess.OpenStream()
	if err != nil {
		return err
	}
	client := rpc.NewClient(s)
	for i := 0; i < args.N; i++ {
		watched.Add(1)
		go func(i int) {
			defer watched.Done()
			var r Reply
			err := client.Call("Plugin.Hang", &Args{i, 0}, &r)
			observe("call %d %s shutdown=%v unexpected-eof=%v", i, errText(err), err == rpc.ErrShutdown, err == io.ErrUnexpectedEOF)
		}(i)
	}
	*reply = "ok"
	return nil
}

// CallBack opens a stream to TypeScript and checks its net/rpc server.
func (c *Ctl) CallBack(args *CallBackArgs, reply *string) error {
	s, err := c.sess.OpenStream()
	if err != nil {
		return err
	}
	client := rpc.NewClient(s)
	defer client.Close()
	var wg sync.WaitGroup
	errs := make(chan error, args.N)
	for i := 0; i < args.N; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			var r Reply
			if err := client.Call("Plugin.Add", &Args{i, 1000}, &r); err != nil {
				errs <- err
				return
			}
			if r.Sum != i+1000 || r.Note != fmt.Sprintf("ts %d", i) {
				errs <- fmt.Errorf("call %d: reply %+v", i, r)
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		return err
	}
	var r Reply
	if err := expectServerError(client.Call("Plugin.Nope", &Args{}, &r), "rpc: can't find method Plugin.Nope"); err != nil {
		return err
	}
	if err := expectServerError(client.Call("Nope.Add", &Args{}, &r), "rpc: can't find service Nope.Add"); err != nil {
		return err
	}
	if err := expectServerError(client.Call("Plugin.Fail", &Args{}, &r), "boom"); err != nil {
		return err
	}
	bad := "not the argument type"
	if err := client.Call("Plugin.Add", &bad, &r); err == nil || !strings.HasPrefix(err.Error(), "gob: ") {
		return fmt.Errorf("bad argument: want a gob error reply, got %v", err)
	}
	if err := client.Call("Plugin.Add", &Args{1, 2}, &r); err != nil || r.Sum != 3 {
		return fmt.Errorf("call after bad argument: %v %+v", err, r)
	}
	*reply = "ok"
	return nil
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
	var sess *yamux.Session
	if *role == "client" {
		sess, err = yamux.Client(conn, nil)
	} else {
		sess, err = yamux.Server(conn, nil)
	}
	if err != nil {
		log.Fatalf("session: %v", err)
	}
	sessionClosed = sess.CloseChan()
	server := rpc.NewServer()
	server.Register(new(Arith))
	server.Register(&Ctl{sess})
	for served := 0; ; served++ {
		s, err := sess.Accept()
		if err != nil {
			log.Printf("accept ended: %v", err)
			observe("accept %s", errText(err))
			break
		}
		watched.Add(1)
		go func(k int) {
			defer watched.Done()
			c := &watchedConn{Conn: s}
			server.ServeConn(c)
			c.mu.Lock()
			defer c.mu.Unlock()
			observe("serve %d ended read %s write %s", k, errText(c.readErr), errText(c.writeErr))
		}(served)
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
