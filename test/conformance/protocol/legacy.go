package main

import (
	"bufio"
	"encoding/binary"
	"errors"
	"io"
	"net/http"
	"net/rpc"
	"reflect"
	"unsafe"

	goplugin "github.com/hashicorp/go-plugin"
	"github.com/mattermost/mattermost/server/public/plugin"
)

// Z_ServeHTTPArgs as Mattermost servers before 10.7 declared it (server/public v0.1.9,
// plugin/client_rpc.go): the request travels as a *http.Request, so its gob type is the
// whole net/http Request of the server's Go version; later servers send HTTPRequestSubset.
type Z_ServeHTTPArgs struct {
	ResponseWriterStream uint32
	Request              *http.Request
	Context              *plugin.Context
	RequestBodyStream    uint32
}

// oldServerRequest is the request those servers forwarded (hooksRPCClient.ServeHTTP built a
// fresh http.Request of these nine fields).
func oldServerRequest(r *http.Request) *http.Request {
	return &http.Request{
		Method: r.Method, URL: r.URL, Proto: r.Proto, ProtoMajor: r.ProtoMajor, ProtoMinor: r.ProtoMinor,
		Header: r.Header, Host: r.Host, RemoteAddr: r.RemoteAddr, RequestURI: r.RequestURI,
	}
}

// fullRequest is every field of a server request that gob can carry, set as net/http set
// it, TLS included: more than any server sent, to show the receiver skips what it does not
// declare. Body (an unregistered concrete type behind an interface) cannot be encoded;
// GetBody and Cancel (func, chan) gob ignores; Response is nil on a server request.
func fullRequest(r *http.Request) *http.Request {
	_ = r.ParseForm()
	return &http.Request{
		Method: r.Method, URL: r.URL, Proto: r.Proto, ProtoMajor: r.ProtoMajor, ProtoMinor: r.ProtoMinor,
		Header: r.Header, ContentLength: r.ContentLength, TransferEncoding: r.TransferEncoding, Close: r.Close,
		Host: r.Host, Form: r.Form, PostForm: r.PostForm, MultipartForm: r.MultipartForm, Trailer: r.Trailer,
		RemoteAddr: r.RemoteAddr, RequestURI: r.RequestURI, TLS: r.TLS, Pattern: r.Pattern,
	}
}

// unexported reads an unexported field of an addressable struct value.
func unexported(v reflect.Value, name string) reflect.Value {
	f := v.FieldByName(name)
	if !f.IsValid() {
		panic("no field " + name + " in " + v.Type().String())
	}
	return reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem()
}

// hooksConnection reaches into Mattermost's hooks client (hooksTimerLayer.hooksImpl, a
// *hooksRPCClient) for its net/rpc client and mux broker: the old argument shape is sent on
// the very connection the Environment activated, so only the argument differs. The fields
// are those of the pinned server/public version.
func hooksConnection(h plugin.Hooks) (*rpc.Client, *goplugin.MuxBroker) {
	impl := unexported(reflect.ValueOf(h).Elem(), "hooksImpl").Elem().Elem()
	return unexported(impl, "client").Interface().(*rpc.Client), unexported(impl, "muxBroker").Interface().(*goplugin.MuxBroker)
}

// legacyServeHTTP is hooksRPCClient.ServeHTTP of those servers with a chosen request value:
// a response writer served on one broker id and the body on another.
func legacyServeHTTP(h plugin.Hooks, c *plugin.Context, w http.ResponseWriter, r *http.Request, forwarded *http.Request) error {
	client, broker := hooksConnection(h)
	rwID := broker.NextId()
	go func() {
		conn, err := broker.Accept(rwID)
		if err != nil {
			return
		}
		defer conn.Close()
		srv := rpc.NewServer()
		_ = srv.RegisterName("Plugin", &responseWriterServer{w: w})
		srv.ServeConn(conn)
	}()
	var bodyID uint32
	if r.Body != nil {
		bodyID = broker.NextId()
		go func() {
			conn, err := broker.Accept(bodyID)
			if err != nil {
				return
			}
			defer conn.Close()
			serveBody(r.Body, conn)
		}()
	}
	return client.Call("Plugin.ServeHTTP", Z_ServeHTTPArgs{ResponseWriterStream: rwID, Request: forwarded, Context: c, RequestBodyStream: bodyID}, nil)
}

// responseWriterServer is the host's response writer service (plugin/http.go's methods).
type responseWriterServer struct{ w http.ResponseWriter }

func (s *responseWriterServer) Header(_ struct{}, reply *http.Header) error {
	*reply = s.w.Header()
	return nil
}

func (s *responseWriterServer) SyncHeader(h http.Header, _ *struct{}) error {
	dest := s.w.Header()
	for k := range dest {
		if _, ok := h[k]; !ok {
			delete(dest, k)
		}
	}
	for k, v := range h {
		dest[k] = v
	}
	return nil
}

func (s *responseWriterServer) WriteHeader(status int, _ *struct{}) error {
	if status < 100 || status > 999 {
		return errors.New("invalid http status code")
	}
	s.w.WriteHeader(status)
	return nil
}

func (s *responseWriterServer) Write(b []byte, _ *struct{}) error {
	_, err := s.w.Write(b)
	return err
}

func (s *responseWriterServer) Flush(_ struct{}, _ *struct{}) error {
	if f, ok := s.w.(http.Flusher); ok {
		f.Flush()
	}
	return nil
}

// serveBody is the host side of the request-body stream (plugin/io_rpc.go's protocol): the
// reader asks for n bytes with a signed varint, the host copies up to n, and closes the
// stream when the body has no more.
func serveBody(body io.Reader, conn io.ReadWriteCloser) {
	cr := bufio.NewReader(conn)
	buf := make([]byte, 32*1024)
	for {
		n, err := binary.ReadVarint(cr)
		if err != nil {
			return
		}
		written, err := io.CopyBuffer(conn, io.LimitReader(body, n), buf)
		if err != nil || written < n {
			return
		}
	}
}
