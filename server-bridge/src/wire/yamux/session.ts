// A yamux session over one duplex byte stream (TCP or unix socket), interoperable with
// hashicorp/yamux. The client opens odd stream ids, the server even ones. All input is
// validated as it is parsed; any protocol violation sends a protocol-error go-away, logs,
// and ends the session. Nothing the peer sends can throw out of the socket's data handler.

import {Duplex} from 'stream';
import {resolveConfig, YamuxConfig, YamuxLogLevel} from './config';
import {errors, YamuxError} from './errors';
import {describeHeader, encodeHeader, Flag, FrameHeader, FrameType, GoAwayCode, HEADER_SIZE, MAX_UINT32, PROTO_VERSION, writeHeader} from './frame';
import {BodySink, FrameReader} from './frame-reader';
import {StreamHost, StreamState, YamuxStream} from './stream';

export type YamuxRole = 'client' | 'server';

/** Data frames with at most this much payload are copied behind their header and written once. */
const JOIN_BELOW_BYTES = 1024;

interface Waiter<T> {
    resolve: (value: T) => void;
    reject: (err: Error) => void;
}

interface PendingPing {
    resolve: (rttMs: number) => void;
    reject: (err: Error) => void;
    timer: NodeJS.Timeout;
    started: bigint;
}

// Errors that mean the peer broke the protocol: answered with a protocol-error go-away.
const PROTOCOL_CODES = new Set([
    'ERR_PROTOCOL', 'ERR_INVALID_VERSION', 'ERR_INVALID_MSG_TYPE', 'ERR_DUPLICATE_STREAM',
    'ERR_RECV_WINDOW_EXCEEDED', 'ERR_UNEXPECTED_FLAG',
]);
// Errors that the peer announced itself: nothing to send back.
const REMOTE_CODES = new Set(['ERR_REMOTE_PROTOCOL', 'ERR_REMOTE_INTERNAL', 'ERR_REMOTE_UNEXPECTED_GOAWAY']);
// Socket errors that only say the peer closed or died.
const PEER_GONE_CODES = new Set(['EPIPE', 'ECONNRESET']);

export class YamuxSession implements StreamHost {
    readonly config: YamuxConfig;
    readonly role: YamuxRole;
    /** Resolves when the session has ended: null after close(), else the reason. */
    readonly closed: Promise<Error | null>;

    private readonly conn: Duplex;
    private readonly reader: FrameReader;
    private readonly streams = new Map<number, YamuxStream>();
    private nextStreamId: number;
    private readonly inflight = new Set<number>();
    private readonly openWaiters: Array<() => void> = [];
    private readonly acceptQueue: YamuxStream[] = [];
    private readonly acceptWaiters: Array<Waiter<YamuxStream>> = [];
    private readonly pings = new Map<number, PendingPing>();
    private pingId = 0;
    private localGoAway = false;
    private remoteGoAway = false;
    private shutdown = false;
    private shutdownReason: Error | null = null;
    private resolveClosed!: (reason: Error | null) => void;
    private drainWait: Promise<void> | null = null;
    private rejectDrain: ((err: Error) => void) | null = null;
    private pendingControl = 0;
    private readingPaused = false;
    private keepAliveTimer: NodeJS.Timeout | null = null;

    constructor(conn: Duplex, role: YamuxRole, config: Partial<YamuxConfig> = {}) {
        this.config = resolveConfig(config);
        this.role = role;
        this.conn = conn;
        this.nextStreamId = role === 'client' ? 1 : 2;
        this.closed = new Promise((resolve) => {
            this.resolveClosed = resolve;
        });
        this.reader = new FrameReader({onHeader: (h) => this.onHeader(h)});
        conn.on('data', (chunk: Buffer) => this.onData(chunk));
        conn.on('end', () => this.terminate(new YamuxError('ERR_SESSION_SHUTDOWN', 'connection closed by peer'), false));
        conn.on('close', () => this.terminate(new YamuxError('ERR_SESSION_SHUTDOWN', 'connection closed'), false));
        conn.on('error', (err: NodeJS.ErrnoException) => {
            // The peer going away mid-write is how a session often ends: not worth a line.
            if (!PEER_GONE_CODES.has(err.code ?? '')) {
                this.log('debug', `connection error: ${err.message}`);
            }
            this.terminate(err, false);
        });
        if (this.config.enableKeepAlive) {
            this.keepAliveTimer = setInterval(() => this.keepAlive(), this.config.keepAliveIntervalMs);
            this.keepAliveTimer.unref();
        }
    }

    static client(conn: Duplex, config?: Partial<YamuxConfig>): YamuxSession {
        return new YamuxSession(conn, 'client', config);
    }

    static server(conn: Duplex, config?: Partial<YamuxConfig>): YamuxSession {
        return new YamuxSession(conn, 'server', config);
    }

    get isClosed(): boolean {
        return this.shutdown;
    }

    get numStreams(): number {
        return this.streams.size;
    }

    /** Unread payload held across all streams (bounded by streams x window). */
    get bufferedBytes(): number {
        let total = 0;
        for (const stream of this.streams.values()) {
            total += stream.bufferedBytes;
        }
        return total;
    }

    /** Per-stream unread bytes, for diagnostics and the fuzz harness's bounds check. */
    streamStats(): Array<{id: number; buffered: number}> {
        return [...this.streams.values()].map((st) => ({id: st.id, buffered: st.bufferedBytes}));
    }

    /** True once the peer sent a normal go-away: open() then fails. */
    get remoteWentAway(): boolean {
        return this.remoteGoAway;
    }

    // ---- public operations ----

    /** Opens a stream (sends SYN at once, as Go does; data may follow before the ACK). */
    async open(): Promise<YamuxStream> {
        this.assertOpen();
        if (this.remoteGoAway) {
            throw errors.remoteGoAway();
        }
        // Like Go's synCh: no more unacknowledged opens than the backlog.
        while (this.inflight.size >= this.config.acceptBacklog) {
            await new Promise<void>((resolve) => this.openWaiters.push(resolve));
            this.assertOpen();
        }
        const id = this.nextStreamId;
        if (id >= MAX_UINT32 - 1) {
            throw errors.streamsExhausted();
        }
        this.nextStreamId += 2;
        const stream = new YamuxStream(this, id, StreamState.Init);
        this.streams.set(id, stream);
        this.inflight.add(id);
        stream.sendWindowUpdate();
        return stream;
    }

    /** Waits for the next stream the peer opened, and acknowledges it. */
    accept(): Promise<YamuxStream> {
        while (this.acceptQueue.length > 0) {
            const stream = this.acceptQueue.shift() as YamuxStream;
            if (!stream.destroyed) {
                stream.sendWindowUpdate();
                return Promise.resolve(stream);
            }
        }
        if (this.shutdown) {
            return Promise.reject(this.shutdownReason ?? errors.sessionShutdown());
        }
        return new Promise((resolve, reject) => this.acceptWaiters.push({resolve, reject}));
    }

    /** Round trip time in milliseconds; rejects after connectionWriteTimeoutMs. */
    ping(): Promise<number> {
        this.assertOpen();
        const id = this.pingId;
        this.pingId = (this.pingId + 1) % (MAX_UINT32 + 1);
        return new Promise<number>((resolve, reject) => {
            const timer = setTimeout(() => {
                this.pings.delete(id);
                reject(errors.timeout());
            }, this.config.connectionWriteTimeoutMs);
            timer.unref();
            this.pings.set(id, {resolve, reject, timer, started: process.hrtime.bigint()});
            this.sendControl(FrameType.Ping, Flag.SYN, 0, id);
        });
    }

    /** Tells the peer we accept no more streams; existing streams continue. */
    goAway(): void {
        this.assertOpen();
        this.localGoAway = true;
        this.sendControl(FrameType.GoAway, 0, 0, GoAwayCode.Normal);
    }

    /** Ends the session: a normal go-away, then the connection is closed after flushing. */
    close(): Promise<Error | null> {
        if (!this.shutdown) {
            this.localGoAway = true;
            this.writeRaw(encodeHeader(FrameType.GoAway, 0, 0, GoAwayCode.Normal));
            this.terminate(null, true);
        }
        return this.closed;
    }

    // ---- StreamHost ----

    sendControl(type: FrameType, flags: number, streamId: number, length: number): void {
        if (this.shutdown) {
            return;
        }
        this.pendingControl++;
        this.conn.write(encodeHeader(type, flags, streamId, length), () => this.controlFlushed());
        if (this.pendingControl >= this.config.maxPendingControlFrames && !this.readingPaused) {
            // The peer is not reading what we answer; stop reading what it asks.
            this.readingPaused = true;
            this.conn.pause();
        }
    }

    sendData(flags: number, streamId: number, body: Buffer): void {
        this.assertOpen();
        if (body.length <= JOIN_BELOW_BYTES) {
            // Small frames (most calls) as one buffer from Node's pool: one write, no cork.
            const frame = Buffer.allocUnsafe(HEADER_SIZE + body.length);
            writeHeader(frame, FrameType.Data, flags, streamId, body.length);
            frame.set(body, HEADER_SIZE);
            this.conn.write(frame);
            return;
        }
        this.conn.cork();
        this.conn.write(encodeHeader(FrameType.Data, flags, streamId, body.length));
        this.conn.write(body);
        this.conn.uncork();
    }

    writable(): boolean {
        return !this.shutdown && this.conn.writableLength < this.config.maxWriteQueueBytes;
    }

    waitWritable(): Promise<void> {
        if (this.shutdown) {
            return Promise.reject(this.shutdownReason ?? errors.sessionShutdown());
        }
        // Let a little queue build up so writes and syscalls overlap, but no more than that.
        if (this.conn.writableLength < this.config.maxWriteQueueBytes) {
            return Promise.resolve();
        }
        if (!this.drainWait) {
            this.drainWait = new Promise<void>((resolve, reject) => {
                this.rejectDrain = reject;
                this.conn.once('drain', () => {
                    this.drainWait = null;
                    this.rejectDrain = null;
                    resolve();
                });
            });
        }
        return this.drainWait;
    }

    closeStream(streamId: number): void {
        this.streams.delete(streamId);
        this.releaseInflight(streamId);
    }

    establishStream(streamId: number): void {
        this.releaseInflight(streamId);
    }

    log(level: YamuxLogLevel, message: string): void {
        try {
            this.config.logger(level, message);
        } catch {
            // A failing logger must not take the session down.
        }
    }

    // ---- receiving ----

    private onData(chunk: Buffer): void {
        if (this.shutdown) {
            return;
        }
        try {
            this.reader.feed(chunk);
        } catch (err) {
            this.fail(err instanceof Error ? err : new Error(String(err)));
        }
    }

    private onHeader(h: FrameHeader): BodySink | null {
        if (h.version !== PROTO_VERSION) {
            throw errors.invalidVersion(h.version);
        }
        switch (h.type) {
        case FrameType.Data:
        case FrameType.WindowUpdate:
            return this.onStreamFrame(h);
        case FrameType.Ping:
            this.onPing(h);
            return null;
        case FrameType.GoAway:
            this.onGoAway(h);
            return null;
        default:
            throw errors.invalidMsgType(h.type);
        }
    }

    private onStreamFrame(h: FrameHeader): BodySink | null {
        const id = h.streamId;
        if (id === 0) {
            throw errors.protocol(`stream frame for stream 0 (${describeHeader(h)})`);
        }
        if (h.flags & Flag.SYN) {
            this.incomingStream(id);
        }
        const stream = this.streams.get(id);
        if (!stream) {
            // Usually a stream we reset or closed; a peer may still be sending. The payload
            // is skipped without buffering but can never exceed a window.
            if (h.type === FrameType.Data && h.length > this.config.maxStreamWindowSize) {
                throw errors.protocol(`data frame larger than any window (${describeHeader(h)})`);
            }
            this.log('debug', `frame for missing stream: ${describeHeader(h)}`);
            return null;
        }
        const flagErr = stream.processFlags(h.flags);
        if (flagErr) {
            throw flagErr;
        }
        if (h.type === FrameType.WindowUpdate) {
            const winErr = stream.incrSendWindow(h.length);
            if (winErr) {
                throw winErr;
            }
            return null;
        }
        if (h.length === 0) {
            return null;
        }
        const dataErr = stream.beginData(h.length);
        if (dataErr) {
            throw dataErr;
        }
        return stream;
    }

    private incomingStream(id: number): void {
        const peerParity = this.role === 'client' ? 0 : 1;
        if (id % 2 !== peerParity) {
            throw errors.protocol(`peer opened stream ${id} with our id parity`);
        }
        if (this.localGoAway) {
            this.sendControl(FrameType.WindowUpdate, Flag.RST, id, 0);
            return;
        }
        if (this.streams.has(id)) {
            throw errors.duplicateStream(id);
        }
        if (this.acceptQueue.length >= this.config.acceptBacklog || this.streams.size >= this.config.maxStreams) {
            this.log('warn', `backlog exceeded, forcing connection reset (stream ${id})`);
            this.sendControl(FrameType.WindowUpdate, Flag.RST, id, 0);
            return;
        }
        const stream = new YamuxStream(this, id, StreamState.SYNReceived);
        this.streams.set(id, stream);
        const waiter = this.acceptWaiters.shift();
        if (waiter) {
            stream.sendWindowUpdate();
            waiter.resolve(stream);
        } else {
            this.acceptQueue.push(stream);
        }
    }

    private onPing(h: FrameHeader): void {
        if (h.flags & Flag.SYN) {
            this.sendControl(FrameType.Ping, Flag.ACK, 0, h.length);
            return;
        }
        const pending = this.pings.get(h.length);
        if (pending) {
            this.pings.delete(h.length);
            clearTimeout(pending.timer);
            pending.resolve(Number(process.hrtime.bigint() - pending.started) / 1e6);
        }
    }

    private onGoAway(h: FrameHeader): void {
        switch (h.length) {
        case GoAwayCode.Normal:
            this.remoteGoAway = true;
            return;
        case GoAwayCode.ProtocolError:
            throw errors.remoteProtocol();
        case GoAwayCode.InternalError:
            throw errors.remoteInternal();
        default:
            throw errors.remoteUnexpectedGoAway(h.length);
        }
    }

    // ---- ending ----

    private keepAlive(): void {
        this.ping().catch((err: Error) => {
            if (this.shutdown) {
                return;
            }
            this.log('error', `keepalive failed: ${err.message}`);
            this.terminate(errors.keepAliveTimeout(), false);
        });
    }

    /** An error while handling input: tell the peer why (unless it told us), log, end. */
    private fail(err: Error): void {
        const code = err instanceof YamuxError ? err.code : 'ERR_INTERNAL';
        if (REMOTE_CODES.has(code)) {
            this.log('error', `received go away: ${err.message}`);
            this.terminate(err, false);
            return;
        }
        const reason = PROTOCOL_CODES.has(code) ? GoAwayCode.ProtocolError : GoAwayCode.InternalError;
        this.log('error', `${reason === GoAwayCode.ProtocolError ? 'protocol error' : 'internal error'}: ${err.message}`);
        this.writeRaw(encodeHeader(FrameType.GoAway, 0, 0, reason));
        this.terminate(err, true);
    }

    private writeRaw(buf: Buffer): void {
        if (!this.shutdown && this.conn.writable) {
            this.conn.write(buf);
        }
    }

    private terminate(reason: Error | null, flush: boolean): void {
        if (this.shutdown) {
            return;
        }
        this.shutdown = true;
        this.shutdownReason = reason;
        const streamErr = reason ?? errors.sessionShutdown();
        this.reader.stop();
        if (this.keepAliveTimer) {
            clearInterval(this.keepAliveTimer);
        }
        for (const [, ping] of this.pings) {
            clearTimeout(ping.timer);
            ping.reject(errors.sessionShutdown());
        }
        this.pings.clear();
        for (const waiter of this.acceptWaiters.splice(0)) {
            waiter.reject(streamErr);
        }
        for (const wake of this.openWaiters.splice(0)) {
            wake();
        }
        this.rejectDrain?.(streamErr);
        this.drainWait = null;
        for (const stream of [...this.streams.values()]) {
            stream.sessionClosed(streamErr);
        }
        this.streams.clear();
        this.acceptQueue.length = 0;
        if (flush && !this.conn.destroyed) {
            this.conn.end();
            const t = setTimeout(() => this.conn.destroy(), this.config.connectionWriteTimeoutMs);
            t.unref();
            this.conn.once('close', () => clearTimeout(t));
            if (this.readingPaused) {
                this.conn.resume();
            }
        } else {
            this.conn.destroy();
        }
        this.resolveClosed(reason);
    }

    private assertOpen(): void {
        if (this.shutdown) {
            throw this.shutdownReason ?? errors.sessionShutdown();
        }
    }

    private controlFlushed(): void {
        this.pendingControl--;
        if (this.readingPaused && this.pendingControl < this.config.maxPendingControlFrames / 2) {
            this.readingPaused = false;
            if (!this.shutdown) {
                this.conn.resume();
            }
        }
    }

    private releaseInflight(streamId: number): void {
        if (this.inflight.delete(streamId)) {
            this.openWaiters.shift()?.();
        }
    }
}
