// go-plugin's MuxBroker over a yamux session: further connections between host and plugin
// are yamux streams tagged with a uint32 id. Dial writes the id (4 bytes little-endian) and
// waits for the same 4 bytes back; the accepting side reads the id off every incoming
// stream, parks it, and acks when Accept(id) takes it. Both waits end after 5 s, as in Go.
import type {Duplex, Readable} from 'stream';

/** What the broker needs from a yamux session (YamuxSession satisfies it). */
export interface StreamSession {
    open(): Promise<Duplex>;
    accept(): Promise<Duplex>;
}

export interface BrokerOptions {
    /** go-plugin waits 5 s for a matching accept or dial. */
    timeoutMs?: number;
    /** Incoming streams parked without an Accept at most; more are closed (Go has no cap). */
    maxPending?: number;
}

const MAX_UINT32 = 0xffffffff;

/** Reads exactly n bytes without consuming more, so the stream stays usable afterwards. */
export function readExact(stream: Readable, n: number, timeoutMs: number): Promise<Buffer> {
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`timed out after ${timeoutMs} ms waiting for ${n} bytes`)), timeoutMs);
        const onReadable = () => {
            const chunk = stream.read(n) as Buffer | null;
            if (chunk !== null) {
                if (chunk.length === n) {
                    finish(null, chunk);
                } else {
                    finish(new Error(`stream ended after ${chunk.length} of ${n} bytes`));
                }
            }
        };
        const onEnd = () => finish(new Error(`stream ended before ${n} bytes`));
        const onError = (err: Error) => finish(err);
        function finish(err: Error | null, chunk?: Buffer) {
            clearTimeout(timer);
            stream.off('readable', onReadable);
            stream.off('end', onEnd);
            stream.off('close', onEnd);
            stream.off('error', onError);
            if (err) {
                reject(err);
            } else {
                resolve(chunk as Buffer);
            }
        }
        stream.on('readable', onReadable);
        stream.on('end', onEnd);
        stream.on('close', onEnd);
        stream.on('error', onError);
        onReadable();
    });
}

function idBytes(id: number): Buffer {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(id, 0);
    return b;
}

interface Pending {
    stream: Duplex | null;
    waiter: ((stream: Duplex | null) => void) | null;
    timer: NodeJS.Timeout;
}

export class MuxBroker {
    private lastId = 0;
    private readonly pending = new Map<number, Pending>();
    private readonly timeoutMs: number;
    private readonly maxPending: number;
    private stopped = false;

    constructor(private readonly session: StreamSession, options: BrokerOptions = {}) {
        this.timeoutMs = options.timeoutMs ?? 5000;
        this.maxPending = options.maxPending ?? 256;
    }

    /** A fresh id for a stream the peer will dial (wraps like Go's uint32 counter). */
    nextId(): number {
        this.lastId = this.lastId >= MAX_UINT32 ? 1 : this.lastId + 1;
        return this.lastId;
    }

    /** Takes incoming streams until the session ends. Run it once, after the fixed streams. */
    async run(): Promise<void> {
        while (!this.stopped) {
            let stream: Duplex;
            try {
                stream = await this.session.accept();
            } catch {
                break;
            }
            void this.park(stream);
        }
        this.stop();
    }

    /** Drops every parked stream and waiter; later accepts fail. */
    stop(): void {
        this.stopped = true;
        for (const [id, p] of this.pending) {
            clearTimeout(p.timer);
            p.stream?.destroy();
            p.waiter?.(null);
            this.pending.delete(id);
        }
    }

    private async park(stream: Duplex): Promise<void> {
        let id: number;
        try {
            id = (await readExact(stream, 4, this.timeoutMs)).readUInt32LE(0);
        } catch {
            stream.destroy();
            return;
        }
        const p = this.pending.get(id);
        if (p?.waiter) {
            this.pending.delete(id);
            clearTimeout(p.timer);
            p.waiter(stream);
            return;
        }
        if (p || this.pending.size >= this.maxPending || this.stopped) {
            // A second stream for a parked id, or too many parked: Go drops it, we close it.
            stream.destroy();
            return;
        }
        const timer = setTimeout(() => {
            if (this.pending.get(id)?.stream === stream) {
                this.pending.delete(id);
                stream.destroy();
            }
        }, this.timeoutMs);
        timer.unref();
        this.pending.set(id, {stream, waiter: null, timer});
        // A parked stream the dialer gave up on is forgotten at once.
        stream.once('close', () => {
            const cur = this.pending.get(id);
            if (cur?.stream === stream) {
                clearTimeout(cur.timer);
                this.pending.delete(id);
            }
        });
    }

    /** Waits (up to the timeout) for the peer to dial id, acks it and returns the stream. */
    accept(id: number): Promise<Duplex> {
        return new Promise((resolve, reject) => {
            if (this.stopped) {
                reject(new Error('broker stopped'));
                return;
            }
            const ack = (stream: Duplex | null) => {
                if (!stream) {
                    reject(new Error(`broker stopped while accepting stream ${id}`));
                    return;
                }
                stream.write(idBytes(id));
                resolve(stream);
            };
            const p = this.pending.get(id);
            if (p?.stream) {
                this.pending.delete(id);
                clearTimeout(p.timer);
                ack(p.stream);
                return;
            }
            if (p?.waiter) {
                reject(new Error(`stream ${id} is already being accepted`));
                return;
            }
            const timer = setTimeout(() => {
                this.pending.delete(id);
                reject(new Error('timeout waiting for accept'));
            }, this.timeoutMs);
            timer.unref();
            this.pending.set(id, {stream: null, waiter: ack, timer});
        });
    }

    /** Opens a stream to the peer's Accept(id). */
    async dial(id: number): Promise<Duplex> {
        if (!Number.isInteger(id) || id < 0 || id > MAX_UINT32) {
            throw new RangeError(`broker id ${id} is not a uint32`);
        }
        const stream = await this.session.open();
        stream.write(idBytes(id));
        let ack: Buffer;
        try {
            ack = await readExact(stream, 4, this.timeoutMs);
        } catch (err) {
            stream.destroy();
            throw new Error(`dial ${id}: ${(err as Error).message}`);
        }
        const got = ack.readUInt32LE(0);
        if (got !== id) {
            stream.destroy();
            throw new Error(`bad ack: ${got} (expected ${id})`);
        }
        return stream;
    }
}
