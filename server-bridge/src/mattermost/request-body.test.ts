// The request-body pull protocol against a host stand-in that serves it as io_rpc.go does:
// read a signed varint, copy at most that many bytes, close when the body ends.
import type {Duplex} from 'stream';
import {YamuxSession} from '../wire/yamux';
import {socketPair} from '../wire/yamux/test-socket-pair';
import {encodeVarint, remoteBody} from './request-body';

test('varints are Go binary.PutVarint bytes', () => {
    expect([...encodeVarint(0)]).toEqual([0x00]);
    expect([...encodeVarint(-1)]).toEqual([0x01]);
    expect([...encodeVarint(1)]).toEqual([0x02]);
    expect([...encodeVarint(64)]).toEqual([0x80, 0x01]);
    expect([...encodeVarint(32768)]).toEqual([0x80, 0x80, 0x04]);
    expect(() => encodeVarint(2 ** 60)).toThrow(RangeError);
});

/** Serves `body` on `conn` like the host; resolves with the byte counts asked for. */
function serveBody(conn: Duplex, body: Buffer): Promise<number[]> {
    return new Promise((resolve) => {
        const asked: number[] = [];
        let pending = Buffer.alloc(0);
        let sent = 0;
        let done = false;
        const finish = () => {
            if (!done) {
                done = true;
                conn.end();
                resolve(asked);
            }
        };
        conn.on('error', finish);
        conn.on('close', finish);
        conn.on('data', (chunk: Buffer) => {
            pending = Buffer.concat([pending, chunk]);
            while (!done && pending.length > 0) {
                // Decode one varint (zig-zag).
                let ux = 0n;
                let shift = 0n;
                let i = 0;
                for (; i < pending.length; i++) {
                    ux |= BigInt(pending[i] & 0x7f) << shift;
                    shift += 7n;
                    if (pending[i] < 0x80) {
                        break;
                    }
                }
                if (i === pending.length) {
                    return;
                }
                pending = pending.subarray(i + 1);
                const n = Number(ux & 1n ? ~(ux >> 1n) : ux >> 1n);
                asked.push(n);
                const piece = body.subarray(sent, sent + n);
                sent += piece.length;
                conn.write(piece);
                if (piece.length < n) {
                    finish();
                }
            }
        });
    });
}

async function pair() {
    const [plugin, host, cleanup] = await socketPair();
    return {plugin, host, cleanup};
}

test('a body arrives whole, in pieces no larger than asked, and the stream ends cleanly', async () => {
    const {plugin, host, cleanup} = await pair();
    try {
        const body = Buffer.alloc(300_000, 7);
        body.write('start');
        const served = serveBody(host, body);
        const rb = remoteBody(plugin, 40_000);
        const chunks: Uint8Array[] = [];
        for await (const c of rb.body) {
            chunks.push(c);
        }
        rb.close();
        expect(Buffer.concat(chunks).equals(body)).toBe(true);
        const asked = await served;
        expect(asked.every((n) => n === 40_000)).toBe(true);
        // Never more than two requests ahead of what was delivered.
        expect(asked.length).toBeLessThanOrEqual(Math.ceil(body.length / 40_000) + 2);
    } finally {
        cleanup();
    }
});

test('the body can be read once', async () => {
    const {plugin, host, cleanup} = await pair();
    try {
        const served = serveBody(host, Buffer.from('abc'));
        const rb = remoteBody(plugin);
        const first: Uint8Array[] = [];
        for await (const c of rb.body) {
            first.push(c);
        }
        expect(Buffer.concat(first).toString()).toBe('abc');
        await expect((async () => {
            for await (const _c of rb.body) {
                // never reached
            }
        })()).rejects.toThrow('already read');
        rb.close();
        await served;
    } finally {
        cleanup();
    }
});

test('an empty body ends at once', async () => {
    const {plugin, host, cleanup} = await pair();
    try {
        const served = serveBody(host, Buffer.alloc(0));
        const rb = remoteBody(plugin);
        const chunks: Uint8Array[] = [];
        for await (const c of rb.body) {
            chunks.push(c);
        }
        rb.close();
        expect(chunks).toEqual([]);
        expect(await served).toEqual([64 * 1024]);
    } finally {
        cleanup();
    }
});

test('a reader that stops early closes the stream so the host stops sending', async () => {
    const {plugin, host, cleanup} = await pair();
    try {
        const served = serveBody(host, Buffer.alloc(5 << 20, 1));
        const rb = remoteBody(plugin, 65536);
        let got = 0;
        for await (const c of rb.body) {
            got += c.length;
            if (got > 100_000) {
                break;
            }
        }
        rb.close();
        const asked = await served;
        expect(plugin.destroyed).toBe(true);
        expect(asked.length).toBeLessThan(10);
    } finally {
        cleanup();
    }
});

test('a body read to its end is closed at once (a FIN, as the Go reader closes it), not reset', async () => {
    // Over yamux, where a close and a reset differ: the host closed its side after the body,
    // and yamux v0.1.x resets a half-closed stream whose peer does not close within its close
    // timeout (5 min), which a handler running on after reading the body would outlast.
    const [a, b, cleanup] = await socketPair();
    const hostSession = new YamuxSession(a, 'client');
    const pluginSession = new YamuxSession(b, 'server');
    try {
        const hostStream = await hostSession.open();
        const pluginStream = await pluginSession.accept();
        const hostSaw = new Promise<string>((resolve) => {
            hostStream.once('end', () => resolve('end'));
            hostStream.once('error', (err: Error) => resolve(`error: ${err.message}`));
        });
        const served = serveBody(hostStream, Buffer.alloc(100_000, 3));
        const rb = remoteBody(pluginStream);
        let got = 0;
        for await (const c of rb.body) {
            got += c.length;
        }
        // Before the handler is done (close()), the host has the plugin's FIN.
        expect(await hostSaw).toBe('end');
        rb.close();
        expect(got).toBe(100_000);
        await served;
    } finally {
        await hostSession.close();
        await pluginSession.close();
        cleanup();
    }
});
