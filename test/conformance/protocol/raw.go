package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"net/rpc"
	"os"
	"os/exec"
	"sync"
	"time"

	hclog "github.com/hashicorp/go-hclog"
	goplugin "github.com/hashicorp/go-plugin"
	"github.com/hashicorp/yamux"
)

// mattermostHandshake holds the values of Mattermost's handshake (plugin/api.go's unexported
// `handshake`), which the Environment cases use through the supervisor itself.
var mattermostHandshake = goplugin.HandshakeConfig{
	ProtocolVersion:  1,
	MagicCookieKey:   "MATTERMOST_PLUGIN",
	MagicCookieValue: "Securely message teams, anywhere.",
}

// rawHost is go-plugin's host side assembled by hand so that the yamux session can take a
// config: go-plugin v1.7.0 always calls yamux.Client(conn, nil), i.e. the defaults (30 s
// keepalive, 10 s ping wait, 75 s stream-open timeout, 5 min close timeout). The process is
// still started and its stdout/stderr read by go-plugin's own Client (Start), and the
// session follows go-plugin's order: control, stdout and stderr streams, then the broker.
type rawHost struct {
	client   *goplugin.Client
	sess     *yamux.Session
	control  *rpc.Client
	plugin   *rpc.Client
	yamuxLog *syncBuffer

	mu      sync.Mutex
	waiting map[uint32]chan net.Conn
}

// syncBuffer collects yamux's log lines from its goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	os.Stderr.Write(p)
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// rawConfig is yamux's default config with the given changes, logging to a buffer.
func rawConfig(change func(*yamux.Config)) (*yamux.Config, *syncBuffer) {
	cfg := yamux.DefaultConfig()
	log := &syncBuffer{}
	cfg.LogOutput = log
	change(cfg)
	return cfg, log
}

// noPlugin satisfies go-plugin's plugin map; the raw host dispenses by hand.
type noPlugin struct{}

func (noPlugin) Server(*goplugin.MuxBroker) (any, error) { return nil, errors.New("host only") }
func (noPlugin) Client(*goplugin.MuxBroker, *rpc.Client) (any, error) {
	return nil, errors.New("raw host")
}

func startRaw(pluginPath, dir string, cfg *yamux.Config, yamuxLog *syncBuffer) (*rawHost, error) {
	c := goplugin.NewClient(&goplugin.ClientConfig{
		HandshakeConfig:  mattermostHandshake,
		Plugins:          map[string]goplugin.Plugin{"hooks": noPlugin{}},
		Cmd:              exec.Command(pluginPath),
		StartTimeout:     3 * time.Second,
		UnixSocketConfig: &goplugin.UnixSocketConfig{TempDir: dir},
		Logger:           hclog.New(&hclog.LoggerOptions{Name: "raw", Level: hclog.Warn, Output: os.Stderr}),
	})
	addr, err := c.Start()
	if err != nil {
		return nil, err
	}
	h := &rawHost{client: c, waiting: map[uint32]chan net.Conn{}, yamuxLog: yamuxLog}
	fail := func(err error) (*rawHost, error) {
		c.Kill()
		return nil, err
	}
	conn, err := net.Dial(addr.Network(), addr.String())
	if err != nil {
		return fail(err)
	}
	if h.sess, err = yamux.Client(conn, cfg); err != nil {
		return fail(err)
	}
	control, err := h.sess.Open()
	if err != nil {
		return fail(err)
	}
	for i := 0; i < 2; i++ {
		std, err := h.sess.Open()
		if err != nil {
			return fail(err)
		}
		go func() { _, _ = io.Copy(io.Discard, std) }()
	}
	go h.acceptLoop()
	h.control = rpc.NewClient(control)
	var id uint32
	if err := h.control.Call("Dispenser.Dispense", "hooks", &id); err != nil {
		return fail(fmt.Errorf("dispense: %w", err))
	}
	pc, err := h.dial(id)
	if err != nil {
		return fail(fmt.Errorf("dial hooks: %w", err))
	}
	h.plugin = rpc.NewClient(pc)
	return h, nil
}

// stop asks the plugin to quit on this session (or lets a closed session end it) and waits
// for the exit; go-plugin's Kill, which would dial a session of its own for Control.Quit,
// is left for a plugin that does not exit.
func (h *rawHost) stop() {
	if !h.sess.IsClosed() {
		done := make(chan struct{})
		go func() {
			_ = h.control.Call("Control.Quit", true, &struct{}{})
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(2 * time.Second):
		}
		_ = h.sess.Close()
	}
	if !waitFor(3*time.Second, h.client.Exited) {
		h.client.Kill()
	}
}

func (h *rawHost) ping() error {
	return h.control.Call("Control.Ping", true, &struct{}{})
}

// dial is MuxBroker.Dial: open a stream, send the id, wait for the same id back.
func (h *rawHost) dial(id uint32) (*yamux.Stream, error) {
	s, err := h.sess.OpenStream()
	if err != nil {
		return nil, err
	}
	if err := binary.Write(s, binary.LittleEndian, id); err != nil {
		return nil, err
	}
	var ack uint32
	if err := binary.Read(s, binary.LittleEndian, &ack); err != nil {
		return nil, fmt.Errorf("ack for %d: %w", id, err)
	}
	if ack != id {
		return nil, fmt.Errorf("bad ack %d for %d", ack, id)
	}
	return s, nil
}

func (h *rawHost) waiter(id uint32) chan net.Conn {
	h.mu.Lock()
	defer h.mu.Unlock()
	ch, ok := h.waiting[id]
	if !ok {
		ch = make(chan net.Conn, 1)
		h.waiting[id] = ch
	}
	return ch
}

// acceptLoop is MuxBroker.Run: every stream the plugin opens starts with the id it dials.
func (h *rawHost) acceptLoop() {
	for {
		s, err := h.sess.AcceptStream()
		if err != nil {
			return
		}
		go func() {
			var id uint32
			if err := binary.Read(s, binary.LittleEndian, &id); err != nil {
				_ = s.Close()
				return
			}
			select {
			case h.waiter(id) <- s:
			default:
				_ = s.Close()
			}
		}()
	}
}

// accept is MuxBroker.Accept: wait up to 5 s for the plugin to dial id, then ack it.
func (h *rawHost) accept(id uint32) (net.Conn, error) {
	select {
	case c := <-h.waiter(id):
		if err := binary.Write(c, binary.LittleEndian, id); err != nil {
			return nil, err
		}
		return c, nil
	case <-time.After(5 * time.Second):
		return nil, errors.New("timeout waiting for accept")
	}
}
