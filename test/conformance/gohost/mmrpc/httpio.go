package mmrpc

import (
	"encoding/binary"
	"errors"
	"io"
	"net/http"
	"net/rpc"
	"sync/atomic"
)

// ServeBody answers the pull protocol of io_rpc.go on conn: the reader sends a signed
// varint byte count, this side copies at most that many bytes of body, and closes the
// stream when the body ends.
func ServeBody(body io.Reader, conn io.ReadWriteCloser) {
	defer conn.Close()
	buf := make([]byte, 32*1024)
	one := make([]byte, 1)
	br := byteReaderFunc(func() (byte, error) {
		_, err := io.ReadFull(conn, one)
		return one[0], err
	})
	for {
		n, err := binary.ReadVarint(br)
		if err != nil || n < 0 {
			return
		}
		written, err := io.CopyBuffer(conn, io.LimitReader(body, n), buf)
		if err != nil || written < n {
			return
		}
	}
}

type byteReaderFunc func() (byte, error)

func (f byteReaderFunc) ReadByte() (byte, error) { return f() }

// RemoteBody is the plugin side of the body stream.
type RemoteBody struct{ Conn io.ReadWriteCloser }

func (r *RemoteBody) Read(p []byte) (int, error) {
	var hdr [binary.MaxVarintLen64]byte
	n := binary.PutVarint(hdr[:], int64(len(p)))
	if _, err := r.Conn.Write(hdr[:n]); err != nil {
		return 0, err
	}
	return r.Conn.Read(p)
}

func (r *RemoteBody) Close() error { return r.Conn.Close() }

// ResponseWriterServer is the host's side of the response-writer stream (http.go),
// registered as "Plugin". Writes counts the body chunks so tests can see streaming.
type ResponseWriterServer struct {
	W      http.ResponseWriter
	Writes int64
}

func (s *ResponseWriterServer) Header(args struct{}, reply *http.Header) error {
	*reply = s.W.Header()
	return nil
}

func (s *ResponseWriterServer) Write(args []byte, reply *struct{}) error {
	atomic.AddInt64(&s.Writes, 1)
	_, err := s.W.Write(args)
	return err
}

func (s *ResponseWriterServer) WriteHeader(args int, reply *struct{}) error {
	if args < 100 || args > 999 {
		return errors.New("invalid http status code")
	}
	s.W.WriteHeader(args)
	return nil
}

func (s *ResponseWriterServer) SyncHeader(args http.Header, reply *struct{}) error {
	dest := s.W.Header()
	for k := range dest {
		if _, ok := args[k]; !ok {
			delete(dest, k)
		}
	}
	for k, v := range args {
		dest[k] = v
	}
	return nil
}

// ResponseWriterClient is the plugin's http.ResponseWriter over the stream.
type ResponseWriterClient struct {
	Client *rpc.Client
	header http.Header
}

func (w *ResponseWriterClient) Header() http.Header {
	if w.header == nil {
		if err := w.Client.Call("Plugin.Header", struct{}{}, &w.header); err != nil || w.header == nil {
			w.header = http.Header{}
		}
	}
	return w.header
}

func (w *ResponseWriterClient) Write(b []byte) (int, error) {
	if err := w.Client.Call("Plugin.SyncHeader", w.header, nil); err != nil {
		return 0, err
	}
	if err := w.Client.Call("Plugin.Write", b, nil); err != nil {
		return 0, err
	}
	return len(b), nil
}

func (w *ResponseWriterClient) WriteHeader(status int) {
	if err := w.Client.Call("Plugin.SyncHeader", w.header, nil); err != nil {
		return
	}
	_ = w.Client.Call("Plugin.WriteHeader", status, nil)
}

func (w *ResponseWriterClient) Close() error { return w.Client.Close() }
