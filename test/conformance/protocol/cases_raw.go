package main

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"io"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/yamux"
)

// Arguments and replies of the test plugin's extra Plugin.Proto* methods
// (ts-protocol-plugin.ts declares the same fields).
type ProtoAcceptLateArgs struct {
	Id      uint32
	DelayMs int64
}

type ProtoStreamArgs struct {
	Id     uint32
	Mode   string
	Send   int64
	HoldMs int64
}

type ProtoStreamReply struct {
	Received   int64
	Sha        string
	WriteError string
	ResetSeen  bool
}

type ProtoBusyArgs struct {
	Ms      int64
	Mode    string
	AfterMs int64
}

// pattern is the byte sequence the test plugin sends (a 32-bit LCG, as the yamux peers use).
func pattern(n int) []byte {
	b := make([]byte, n)
	x := uint32(1)
	for i := range b {
		x = x*1103515245 + 12345
		b[i] = byte(x >> 16)
	}
	return b
}

// waitFor polls cond until it holds or the limit passes.
func waitFor(limit time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(10 * time.Millisecond)
	}
	return true
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// caseLateAccept: the host opens a broker stream the plugin accepts only 1.5 s later, with a
// 500 ms StreamOpenTimeout (75 s in go-plugin). yamux v0.1.x closes the whole session when a
// SYN stays unacknowledged that long; the bridge's session acknowledges at once (its broker
// takes every stream), so only the broker-level accept is late. The control run opens a
// stream while the plugin's event loop is blocked, so nothing can acknowledge it.
func caseLateAccept(pluginPath, dir string) (map[string]any, error) {
	noKeepAlive := func(c *yamux.Config) {
		c.EnableKeepAlive = false
		c.StreamOpenTimeout = 500 * time.Millisecond
	}
	out := map[string]any{}

	cfg, log := rawConfig(noKeepAlive)
	h, err := startRaw(pluginPath, dir, cfg, log)
	if err != nil {
		return nil, err
	}
	const id = 7001
	if err := h.plugin.Call("Plugin.ProtoAcceptLate", &ProtoAcceptLateArgs{Id: id, DelayMs: 1500}, &struct{}{}); err != nil {
		h.stop()
		return nil, err
	}
	start := time.Now()
	payload := make([]byte, 100*1024)
	_, _ = rand.Read(payload)
	late := map[string]any{}
	if s, err := h.sess.OpenStream(); err != nil {
		late["openError"] = err.Error()
	} else {
		_ = binary.Write(s, binary.LittleEndian, uint32(id))
		_, _ = s.Write(payload)
		var ack uint32
		ackErr := binary.Read(s, binary.LittleEndian, &ack)
		late["ackAfterMs"] = time.Since(start).Milliseconds()
		late["ack"] = ack
		late["ackError"] = errText(ackErr)
		_ = s.Close()
		echo, readErr := io.ReadAll(s)
		late["echoed"] = bytes.Equal(echo, payload)
		late["readError"] = errText(readErr)
	}
	late["sessionClosed"] = h.sess.IsClosed()
	late["pingError"] = errText(h.ping())
	late["yamuxLog"] = log.String()
	out["lateAccept"] = late
	h.stop()

	cfg, log = rawConfig(noKeepAlive)
	h, err = startRaw(pluginPath, dir, cfg, log)
	if err != nil {
		return nil, err
	}
	defer h.stop()
	// The block starts 50 ms after the reply and lasts 4 s; the open comes 1 s in, so its
	// timeout (1.5 s) falls well inside the block.
	if err := h.plugin.Call("Plugin.ProtoBusy", &ProtoBusyArgs{Ms: 4000, Mode: "sync", AfterMs: 50}, &struct{}{}); err != nil {
		return nil, err
	}
	time.Sleep(time.Second)
	blocked := map[string]any{}
	if s, err := h.sess.OpenStream(); err != nil {
		blocked["openError"] = err.Error()
	} else {
		_ = binary.Write(s, binary.LittleEndian, uint32(id+1))
	}
	blocked["sessionClosed"] = waitFor(5*time.Second, h.sess.IsClosed)
	blocked["yamuxLog"] = log.String()
	out["blockedOpen"] = blocked
	return out, nil
}

// halfClose runs one ProtoStream exchange on a broker stream the host dials: the host sends
// up bytes and reads what the plugin sends; the plugin's reply says what it received.
func halfClose(h *rawHost, id uint32, mode string, up []byte, down int64) map[string]any {
	res := map[string]any{}
	base := h.sess.NumStreams()
	reply := make(chan error, 1)
	var r ProtoStreamReply
	go func() {
		reply <- h.plugin.Call("Plugin.ProtoStream", &ProtoStreamArgs{Id: id, Mode: mode, Send: down}, &r)
	}()
	s, err := h.dial(id)
	if err != nil {
		res["dialError"] = err.Error()
		return res
	}
	var got []byte
	var readErr, writeErr error
	switch mode {
	case "host-first":
		// Everything up, then the half-close, with the plugin's bytes still on the way.
		_, writeErr = s.Write(up)
		_ = s.Close()
		got, readErr = io.ReadAll(s)
	case "plugin-first":
		// Still sending after the plugin's FIN arrived; then the half-close.
		written := make(chan error, 1)
		go func() {
			_, err := s.Write(up)
			_ = s.Close()
			written <- err
		}()
		got, readErr = io.ReadAll(s)
		writeErr = <-written
	}
	select {
	case err := <-reply:
		res["replyError"] = errText(err)
	case <-time.After(20 * time.Second):
		res["replyError"] = "no reply within 20 s"
	}
	res["hostReceivedAll"] = bytes.Equal(got, pattern(int(down)))
	res["hostReceived"] = len(got)
	res["hostReadError"] = errText(readErr)
	res["hostWriteError"] = errText(writeErr)
	res["pluginReceived"] = r.Received
	res["pluginReceivedAll"] = r.Received == int64(len(up)) && r.Sha == hexSum(up)
	res["pluginWriteError"] = r.WriteError
	res["pluginResetSeen"] = r.ResetSeen
	// Both FINs exchanged: yamux forgets the stream (no close timeout is armed here).
	res["fullyClosed"] = waitFor(5*time.Second, func() bool { return h.sess.NumStreams() <= base })
	return res
}

// caseHalfClose: half-close in each direction with data in flight (2 MiB up, 3 MiB down,
// past the 256 KiB window), then the request-body stream as Mattermost serves it (host
// closes after the body) while the plugin's handler goes on longer than StreamCloseTimeout
// (500 ms here, 5 min in go-plugin), after which yamux v0.1.x resets a half-closed stream.
func caseHalfClose(pluginPath, dir string) (map[string]any, error) {
	out := map[string]any{}
	cfg, log := rawConfig(func(c *yamux.Config) {
		c.EnableKeepAlive = false
		c.StreamCloseTimeout = 0
	})
	h, err := startRaw(pluginPath, dir, cfg, log)
	if err != nil {
		return nil, err
	}
	up := make([]byte, 2<<20)
	_, _ = rand.Read(up)
	out["hostFirst"] = halfClose(h, 7101, "host-first", up, 3<<20)
	out["pluginFirst"] = halfClose(h, 7102, "plugin-first", up, 3<<20)
	out["pingError"] = errText(h.ping())
	h.stop()

	cfg, log = rawConfig(func(c *yamux.Config) {
		c.EnableKeepAlive = false
		c.StreamCloseTimeout = 500 * time.Millisecond
	})
	h, err = startRaw(pluginPath, dir, cfg, log)
	if err != nil {
		return nil, err
	}
	defer h.stop()
	body := make([]byte, 1<<20)
	_, _ = rand.Read(body)
	const id = 7201
	base := h.sess.NumStreams()
	var r ProtoStreamReply
	reply := make(chan error, 1)
	go func() {
		reply <- h.plugin.Call("Plugin.ProtoStream", &ProtoStreamArgs{Id: id, Mode: "read-body", HoldMs: 1500}, &r)
	}()
	conn, err := h.accept(id)
	if err != nil {
		return nil, err
	}
	// As hooksRPCClient.ServeHTTP does: serve the body, then close (a half-close).
	serveBody(bytes.NewReader(body), conn)
	_ = conn.Close()
	closedAt := time.Now()
	// yamux v0.1.x reads on after the local half-close: EOF if the plugin closed its side
	// too, a reset if it reset the stream (or the close timeout did).
	_, afterClose := conn.Read(make([]byte, 1))
	// The stream is forgotten once the plugin's FIN arrives, or by the close timeout's reset.
	freed := waitFor(5*time.Second, func() bool { return h.sess.NumStreams() < base+1 })
	freedAfter := time.Since(closedAt).Milliseconds()
	res := map[string]any{"freed": freed, "freedAfterMs": freedAfter, "hostReadAfterClose": errText(afterClose)}
	select {
	case err := <-reply:
		res["replyError"] = errText(err)
	case <-time.After(20 * time.Second):
		res["replyError"] = "no reply within 20 s"
	}
	res["pluginReceivedAll"] = r.Received == int64(len(body)) && r.Sha == hexSum(body)
	res["pluginResetSeen"] = r.ResetSeen
	res["pluginError"] = r.WriteError
	res["pingError"] = errText(h.ping())
	out["bodyHeldOpen"] = res
	return out, nil
}

// caseKeepAlive: keepalive every 100 ms with a 1 s ping wait (30 s and 10 s in go-plugin)
// while the plugin is busy for 3 s in a hook: working in slices (the event loop turns between
// them) the session survives and pings are answered; the control run blocks the event loop
// for the whole 3 s, and the host's keepalive closes the session.
func caseKeepAlive(pluginPath, dir string) (map[string]any, error) {
	fast := func(c *yamux.Config) {
		c.KeepAliveInterval = 100 * time.Millisecond
		c.ConnectionWriteTimeout = time.Second
	}
	out := map[string]any{}

	cfg, log := rawConfig(fast)
	h, err := startRaw(pluginPath, dir, cfg, log)
	if err != nil {
		return nil, err
	}
	var pingsOK, pingsFailed atomic.Int32
	stop := make(chan struct{})
	go func() {
		for {
			select {
			case <-stop:
				return
			case <-time.After(100 * time.Millisecond):
			}
			if _, err := h.sess.Ping(); err != nil {
				pingsFailed.Add(1)
			} else {
				pingsOK.Add(1)
			}
		}
	}()
	callErr := h.plugin.Call("Plugin.ProtoBusy", &ProtoBusyArgs{Ms: 3000, Mode: "chunked"}, &struct{}{})
	close(stop)
	out["chunked"] = map[string]any{
		"callError": errText(callErr), "pingsOK": pingsOK.Load(), "pingsFailed": pingsFailed.Load(),
		"sessionClosed": h.sess.IsClosed(), "pingError": errText(h.ping()), "keepaliveFailed": strings.Contains(log.String(), "keepalive failed"),
	}
	h.stop()

	cfg, log = rawConfig(fast)
	h, err = startRaw(pluginPath, dir, cfg, log)
	if err != nil {
		return nil, err
	}
	defer h.stop()
	callErr = h.plugin.Call("Plugin.ProtoBusy", &ProtoBusyArgs{Ms: 3000, Mode: "sync"}, &struct{}{})
	out["sync"] = map[string]any{
		"callError": errText(callErr), "sessionClosed": waitFor(5*time.Second, h.sess.IsClosed),
		"keepaliveFailed": strings.Contains(log.String(), "keepalive failed"),
	}
	return out, nil
}
