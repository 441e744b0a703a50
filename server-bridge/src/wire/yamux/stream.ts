// One yamux stream as a Node Duplex. Reading: payload arrives into a private queue whose
// size the receive window bounds; bytes count as consumed once handed to the Duplex (which
// only asks for more while its own small buffer has room), and window updates follow Go's
// rule: only when at least half the window can be returned. Writing: each write waits for
// send window, sends at most the window per frame and waits for the connection to drain,
// so neither side ever buffers more than the window.

import {Duplex} from 'stream';
import {YamuxConfig, YamuxLogLevel} from './config';
import {errors, YamuxError} from './errors';
import {Flag, FrameType, INITIAL_STREAM_WINDOW, MAX_UINT32} from './frame';

export enum StreamState {
    Init = 'init',
    SYNSent = 'syn-sent',
    SYNReceived = 'syn-received',
    Established = 'established',
    LocalClose = 'local-close',
    RemoteClose = 'remote-close',
    Closed = 'closed',
    Reset = 'reset',
}

/** What a stream needs from its session. */
export interface StreamHost {
    readonly config: YamuxConfig;
    sendControl(type: FrameType, flags: number, streamId: number, length: number): void;
    sendData(flags: number, streamId: number, body: Buffer): void;
    waitWritable(): Promise<void>;
    /** True when a writer may go on without waiting (the connection's queue is short). */
    writable(): boolean;
    closeStream(streamId: number): void;
    establishStream(streamId: number): void;
    log(level: YamuxLogLevel, message: string): void;
}

// A payload piece smaller than this share of the socket chunk it came in is copied, so a
// few unread bytes cannot pin large socket buffers in memory.
const COPY_BELOW_SHARE = 4;

export class YamuxStream extends Duplex {
    readonly id: number;
    private streamState: StreamState;
    private recvWindow = INITIAL_STREAM_WINDOW;
    private sendWindow = INITIAL_STREAM_WINDOW;
    private readonly recvQueue: Buffer[] = [];
    private recvBuffered = 0;
    /** Bytes announced by data headers that have not arrived yet. */
    private incomingPending = 0;
    private wantRead = false;
    private endPushed = false;
    private sessionGone: Error | null = null;
    private wakeWriter: (() => void) | null = null;

    constructor(private readonly host: StreamHost, id: number, state: StreamState) {
        super({allowHalfOpen: true, emitClose: true});
        this.id = id;
        this.streamState = state;
        // Peer resets and session loss surface as stream errors; a stream nobody listens
        // to must not turn them into an uncaught exception.
        this.on('error', (err: Error) => host.log('debug', `stream ${id}: ${err.message}`));
    }

    get state(): StreamState {
        return this.streamState;
    }

    /** Unread bytes held for this stream: our queue plus the Duplex's own buffer. */
    get bufferedBytes(): number {
        return this.recvBuffered + this.readableLength;
    }

    /** Aborts the stream in both directions and tells the peer (RST). */
    reset(): void {
        this.destroy();
    }

    // ---- Duplex plumbing ----

    override _read(): void {
        this.wantRead = true;
        this.flushRecv();
    }

    override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
        // The common case, a chunk that fits the send window on a connection that is not
        // backed up, is sent at once without a promise per chunk.
        if (chunk.length <= this.sendWindow && chunk.length > 0 && !this.writeBlocker()) {
            this.host.sendData(this.takeSendFlags(), this.id, chunk);
            this.sendWindow -= chunk.length;
            if (this.host.writable()) {
                callback();
                return;
            }
            this.host.waitWritable().then(() => callback(), callback);
            return;
        }
        this.writeAll(chunk).then(() => callback(), callback);
    }

    override _final(callback: (error?: Error | null) => void): void {
        this.sendClose();
        callback();
    }

    override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
        const open = this.streamState !== StreamState.Closed && this.streamState !== StreamState.Reset;
        if (open && !this.sessionGone) {
            this.host.sendControl(FrameType.WindowUpdate, this.takeSendFlags() | Flag.RST, this.id, 0);
            this.streamState = StreamState.Reset;
            this.host.closeStream(this.id);
        }
        this.recvQueue.length = 0;
        this.recvBuffered = 0;
        this.notifyWriter();
        callback(error);
    }

    // ---- sending ----

    private async writeAll(chunk: Buffer): Promise<void> {
        let off = 0;
        while (off < chunk.length) {
            const blocked = this.writeBlocker();
            if (blocked) {
                throw blocked;
            }
            if (this.sendWindow === 0) {
                await new Promise<void>((resolve) => {
                    this.wakeWriter = resolve;
                });
                continue;
            }
            const n = Math.min(this.sendWindow, chunk.length - off);
            this.host.sendData(this.takeSendFlags(), this.id, chunk.subarray(off, off + n));
            this.sendWindow -= n;
            off += n;
            await this.host.waitWritable();
        }
    }

    private writeBlocker(): YamuxError | Error | null {
        if (this.sessionGone) {
            return this.sessionGone;
        }
        switch (this.streamState) {
        case StreamState.LocalClose:
        case StreamState.Closed:
            return errors.streamClosed();
        case StreamState.Reset:
            return errors.connectionReset();
        default:
            return this.destroyed ? errors.streamClosed() : null;
        }
    }

    private notifyWriter(): void {
        const wake = this.wakeWriter;
        this.wakeWriter = null;
        wake?.();
    }

    /** SYN on the first frame of a stream we opened, ACK on the first of one we accepted. */
    private takeSendFlags(): number {
        if (this.streamState === StreamState.Init) {
            this.streamState = StreamState.SYNSent;
            return Flag.SYN;
        }
        if (this.streamState === StreamState.SYNReceived) {
            this.streamState = StreamState.Established;
            return Flag.ACK;
        }
        return 0;
    }

    /** Go's sendWindowUpdate: grant back what the reader consumed once it is half a window, or carry pending SYN/ACK. */
    sendWindowUpdate(): void {
        if (this.sessionGone || this.streamState === StreamState.Reset || this.destroyed) {
            return;
        }
        const max = this.host.config.maxStreamWindowSize;
        const delta = max - this.recvBuffered - this.incomingPending - this.recvWindow;
        const flags = this.takeSendFlags();
        if (delta < max / 2 && flags === 0) {
            return;
        }
        this.recvWindow += delta;
        this.host.sendControl(FrameType.WindowUpdate, flags, this.id, delta);
    }

    private sendClose(): void {
        if (this.sessionGone) {
            return;
        }
        switch (this.streamState) {
        case StreamState.Init:
        case StreamState.SYNSent:
        case StreamState.SYNReceived:
        case StreamState.Established:
            this.host.sendControl(FrameType.WindowUpdate, this.takeSendFlags() | Flag.FIN, this.id, 0);
            this.streamState = StreamState.LocalClose;
            break;
        case StreamState.RemoteClose:
            this.host.sendControl(FrameType.WindowUpdate, this.takeSendFlags() | Flag.FIN, this.id, 0);
            this.streamState = StreamState.Closed;
            this.host.closeStream(this.id);
            break;
        default:
            break;
        }
    }

    // ---- receiving (called by the session) ----

    /** Applies ACK/FIN/RST; returns a protocol error instead of throwing. */
    processFlags(flags: number): YamuxError | null {
        if (flags & Flag.ACK) {
            if (this.streamState === StreamState.SYNSent) {
                this.streamState = StreamState.Established;
            }
            this.host.establishStream(this.id);
        }
        if (flags & Flag.FIN) {
            switch (this.streamState) {
            case StreamState.SYNSent:
            case StreamState.SYNReceived:
            case StreamState.Established:
                this.streamState = StreamState.RemoteClose;
                this.flushRecv();
                break;
            case StreamState.LocalClose:
                this.streamState = StreamState.Closed;
                this.host.closeStream(this.id);
                this.flushRecv();
                break;
            default:
                return errors.unexpectedFlag(this.id, this.streamState);
            }
        }
        if (flags & Flag.RST) {
            const wasOpen = this.streamState !== StreamState.Reset;
            this.streamState = StreamState.Reset;
            this.host.closeStream(this.id);
            if (wasOpen && !this.destroyed) {
                this.destroy(errors.connectionReset());
            }
        }
        return null;
    }

    incrSendWindow(delta: number): YamuxError | null {
        const next = this.sendWindow + delta;
        if (next > MAX_UINT32) {
            return errors.protocol(`send window of stream ${this.id} overflows (${this.sendWindow} + ${delta})`);
        }
        this.sendWindow = next;
        this.notifyWriter();
        return null;
    }

    /** A data header announced `length` bytes; refuse more than the window we granted. */
    beginData(length: number): YamuxError | null {
        if (length > this.recvWindow) {
            return errors.recvWindowExceeded(this.id, this.recvWindow, length);
        }
        this.recvWindow -= length;
        this.incomingPending += length;
        return null;
    }

    receivePiece(piece: Buffer, parent: Buffer): void {
        this.incomingPending -= piece.length;
        if (this.destroyed || this.sessionGone || this.streamState === StreamState.Reset) {
            return;
        }
        const keep = piece.length * COPY_BELOW_SHARE < parent.length ? Buffer.from(piece) : piece;
        this.recvQueue.push(keep);
        this.recvBuffered += keep.length;
        this.flushRecv();
    }

    /** The session ended: deliver what is buffered, then end of stream; writes fail with `reason`. */
    sessionClosed(reason: Error): void {
        if (this.sessionGone) {
            return;
        }
        this.sessionGone = reason;
        this.incomingPending = 0;
        if (this.streamState !== StreamState.Reset) {
            this.streamState = StreamState.Closed;
        }
        this.notifyWriter();
        this.flushRecv();
    }

    private remoteDone(): boolean {
        return this.sessionGone !== null || this.streamState === StreamState.RemoteClose || this.streamState === StreamState.Closed;
    }

    private flushRecv(): void {
        if (this.destroyed) {
            return;
        }
        let consumed = false;
        while (this.wantRead && this.recvQueue.length > 0) {
            const chunk = this.recvQueue.shift() as Buffer;
            this.recvBuffered -= chunk.length;
            consumed = true;
            if (!this.push(chunk)) {
                this.wantRead = false;
            }
        }
        if (!this.endPushed && this.recvQueue.length === 0 && this.incomingPending === 0 && this.remoteDone()) {
            this.endPushed = true;
            this.push(null);
        }
        // Only the reader's progress returns window (as Go's Read does); arrival alone never does.
        if (consumed) {
            this.sendWindowUpdate();
        }
    }
}
