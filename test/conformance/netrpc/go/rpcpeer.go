// rpcpeer: Go's net/rpc over hashicorp/yamux, driven by the TypeScript conformance tests.
// It dials the given address, runs yamux in the requested role and serves net/rpc on every
// stream the TypeScript side opens (service Arith, and Ctl which makes Go call back into
// TypeScript's "Plugin" service over streams Go opens).
package main

import (
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/rpc"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/yamux"
)

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
	server := rpc.NewServer()
	server.Register(new(Arith))
	server.Register(&Ctl{sess})
	for {
		s, err := sess.Accept()
		if err != nil {
			log.Printf("accept ended: %v", err)
			os.Exit(0)
		}
		go server.ServeConn(s)
	}
}
