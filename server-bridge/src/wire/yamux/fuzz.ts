// Fuzz harness for the yamux session: valid frame sequences from a simulated peer, mutated
// (bit flips, bad headers, huge lengths, dropped/duplicated/reordered frames, truncation),
// fed in random chunks to a session whose application side accepts, reads and writes.
// Checks that nothing throws out, every session ends or stays consistent, buffered data
// stays within the windows, and heap use stays bounded. Used by scripts/fuzz-yamux.js and,
// with a small count, by fuzz.test.ts.

import {Duplex} from 'stream';
import {YamuxSession} from './session';
import {encodeHeader, Flag, FrameType, GoAwayCode, INITIAL_STREAM_WINDOW} from './frame';

/** A connection that discards what the session writes; input is injected with feed(). */
class FuzzConn extends Duplex {
    written = 0;

    override _read(): void {
        // Input is pushed by the harness.
    }

    override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
        this.written += chunk.length;
        cb();
    }

    feed(chunk: Buffer): void {
        this.push(chunk);
    }
}

/** xorshift32: reproducible from the seed. */
class Rng {
    constructor(private s: number) {
        this.s = (s >>> 0) || 0x9e3779b9;
    }

    next(): number {
        let x = this.s;
        x ^= x << 13;
        x >>>= 0;
        x ^= x >>> 17;
        x ^= x << 5;
        this.s = x >>> 0;
        return this.s;
    }

    int(n: number): number {
        return this.next() % n;
    }

    chance(p: number): boolean {
        return this.next() / 0x100000000 < p;
    }
}

interface Frame {
    header: Buffer;
    body?: Buffer;
}

function frame(type: FrameType, flags: number, id: number, length: number, body?: Buffer): Frame {
    return {header: encodeHeader(type, flags, id, length), body};
}

/** A plausible conversation from the peer: opens, data within windows, updates, pings, closes. */
function validFrames(rng: Rng, sessionRole: 'client' | 'server'): Frame[] {
    const peerFirst = sessionRole === 'server' ? 1 : 2;
    const ourFirst = sessionRole === 'server' ? 2 : 1;
    const open: number[] = [];
    const frames: Frame[] = [];
    const streams = 1 + rng.int(4);
    for (let k = 0; k < streams; k++) {
        const id = peerFirst + 2 * k;
        open.push(id);
        if (rng.chance(0.5)) {
            const len = rng.int(64);
            frames.push(frame(FrameType.Data, Flag.SYN, id, len, Buffer.alloc(len, k)));
        } else {
            frames.push(frame(FrameType.WindowUpdate, Flag.SYN, id, 0));
        }
    }
    const ops = 1 + rng.int(14);
    for (let i = 0; i < ops; i++) {
        const id = rng.chance(0.8) ? open[rng.int(open.length)] : ourFirst + 2 * rng.int(3);
        switch (rng.int(8)) {
        case 0:
        case 1:
        case 2: {
            // Now and then more than a whole window, which the session must refuse.
            const len = rng.int(rng.chance(0.03) ? 600_000 : rng.chance(0.1) ? 70_000 : 1500);
            frames.push(frame(FrameType.Data, 0, id, len, Buffer.alloc(len, i)));
            break;
        }
        case 3:
            frames.push(frame(FrameType.WindowUpdate, rng.chance(0.3) ? Flag.ACK : 0, id, rng.int(INITIAL_STREAM_WINDOW)));
            break;
        case 4:
            frames.push(frame(FrameType.Ping, rng.chance(0.5) ? Flag.SYN : Flag.ACK, 0, rng.next()));
            break;
        case 5:
            frames.push(frame(FrameType.WindowUpdate, Flag.FIN, id, 0));
            break;
        case 6:
            frames.push(frame(FrameType.WindowUpdate, Flag.RST, id, 0));
            break;
        default:
            frames.push(frame(FrameType.GoAway, 0, 0, rng.chance(0.8) ? GoAwayCode.Normal : rng.int(4)));
            break;
        }
    }
    return frames;
}

function mutate(rng: Rng, frames: Frame[]): Buffer {
    const mutations = rng.int(4);
    for (let m = 0; m < mutations && frames.length > 0; m++) {
        const f = frames[rng.int(frames.length)];
        switch (rng.int(9)) {
        case 0: f.header[0] = rng.int(3); break; // version
        case 1: f.header[1] = rng.int(6); break; // type
        case 2: f.header.writeUInt16BE(rng.int(32), 2); break; // flags
        case 3: f.header.writeUInt32BE(rng.chance(0.5) ? rng.int(12) : rng.next(), 4); break; // stream id
        case 4: f.header.writeUInt32BE(rng.chance(0.5) ? rng.next() : rng.int(INITIAL_STREAM_WINDOW * 2), 8); break; // length
        case 5: frames.splice(rng.int(frames.length), 1); break;
        case 6: frames.splice(rng.int(frames.length), 0, frames[rng.int(frames.length)]); break;
        case 7: {
            const a = rng.int(frames.length);
            const b = rng.int(frames.length);
            [frames[a], frames[b]] = [frames[b], frames[a]];
            break;
        }
        default:
            f.body = Buffer.from(Array.from({length: rng.int(40)}, () => rng.int(256)));
            break;
        }
    }
    let bytes = Buffer.concat(frames.flatMap((f) => (f.body ? [f.header, f.body] : [f.header])));
    if (bytes.length > 0 && rng.chance(0.3)) {
        const flips = 1 + rng.int(4);
        for (let i = 0; i < flips; i++) {
            bytes[rng.int(bytes.length)] ^= 1 << rng.int(8);
        }
    }
    if (bytes.length > 0 && rng.chance(0.1)) {
        bytes = bytes.subarray(0, rng.int(bytes.length));
    }
    return bytes;
}

export interface FuzzReport {
    inputs: number;
    /** Inputs after which the session had ended with an error (rejected input). */
    rejected: number;
    /** Exceptions that escaped the session (must be 0). */
    crashes: number;
    /** Sessions that did not finish closing (must be 0). */
    hangs: number;
    /** Largest unread payload one session held, in bytes. */
    maxBuffered: number;
    /** Largest heap use seen, in MiB. */
    maxHeapMiB: number;
    failures: string[];
}

export interface FuzzOptions {
    count: number;
    seed?: number;
    onProgress?: (done: number, report: FuzzReport) => void;
    /** A full garbage collection, when available, so heap figures show live memory only. */
    gc?: () => void;
    /** Shared counters for a watchdog in another thread: [inputs done, index of the input running]. */
    progress?: Int32Array;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function runYamuxFuzz(options: FuzzOptions): Promise<FuzzReport> {
    const rng = new Rng(options.seed ?? 1);
    const report: FuzzReport = {inputs: 0, rejected: 0, crashes: 0, hangs: 0, maxBuffered: 0, maxHeapMiB: 0, failures: []};
    const escaped = (err: unknown) => {
        report.crashes++;
        if (report.failures.length < 20) {
            report.failures.push(`input ${report.inputs}: escaped ${err instanceof Error ? err.stack : String(err)}`);
        }
    };
    process.on('uncaughtException', escaped);
    process.on('unhandledRejection', escaped);
    const maxStreams = 16;
    // Streams x window, plus each stream's small Duplex buffer.
    const streamBound = INITIAL_STREAM_WINDOW + 64 * 1024;
    const bufferBound = maxStreams * streamBound;
    try {
        for (let i = 0; i < options.count; i++) {
            if (options.progress) {
                Atomics.store(options.progress, 1, i);
            }
            const role = rng.chance(0.5) ? 'server' : 'client';
            const conn = new FuzzConn();
            const session = new YamuxSession(conn, role, {
                enableKeepAlive: false,
                acceptBacklog: 8,
                maxStreams,
                logger: () => undefined,
            });
            // The application: accepts some streams and reads (or ignores) them; writes on one it opens.
            const reading = rng.chance(0.7);
            const accepting = (async () => {
                for (;;) {
                    const s = await session.accept();
                    if (reading) {
                        s.resume();
                    }
                }
            })().catch(() => undefined);
            if (rng.chance(0.3)) {
                session.open().then((s) => {
                    s.on('error', () => undefined);
                    s.write(Buffer.alloc(rng.int(300_000)));
                    s.end();
                }, () => undefined);
            }
            const input = mutate(rng, validFrames(rng, role));
            let off = 0;
            while (off < input.length) {
                const n = 1 + rng.int(rng.chance(0.5) ? 16 : 4096);
                conn.feed(input.subarray(off, off + n));
                off += n;
                if (rng.chance(0.2)) {
                    await tick();
                }
            }
            await tick();
            report.maxBuffered = Math.max(report.maxBuffered, session.bufferedBytes);
            if (session.bufferedBytes > bufferBound) {
                report.failures.push(`input ${i}: ${session.bufferedBytes} bytes buffered, bound ${bufferBound}`);
            }
            for (const st of session.streamStats()) {
                if (st.buffered > streamBound) {
                    report.failures.push(`input ${i}: stream ${st.id} holds ${st.buffered} unread bytes, bound ${streamBound}`);
                }
            }
            if (session.isClosed) {
                report.rejected++;
            }
            void session.close();
            conn.push(null); // the peer hangs up too
            let ended = false;
            void session.closed.then(() => {
                ended = true;
            });
            await tick();
            await accepting;
            if (!ended) {
                report.hangs++;
                report.failures.push(`input ${i}: session did not close`);
            }
            report.inputs++;
            if (options.progress) {
                Atomics.store(options.progress, 0, report.inputs);
            }
            if (i % 10_000 === 0) {
                options.gc?.();
                report.maxHeapMiB = Math.max(report.maxHeapMiB, process.memoryUsage().heapUsed / 1048576);
                options.onProgress?.(i, report);
            }
        }
    } finally {
        process.off('uncaughtException', escaped);
        process.off('unhandledRejection', escaped);
    }
    options.gc?.();
    report.maxHeapMiB = Math.max(report.maxHeapMiB, process.memoryUsage().heapUsed / 1048576);
    return report;
}
