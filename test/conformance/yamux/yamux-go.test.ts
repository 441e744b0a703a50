// yamux between this TypeScript implementation and hashicorp/yamux (Debian's package) in a
// real Go process, in both roles, over a unix socket (as go-plugin uses on Linux) and TCP.

import crypto from 'crypto';
import net from 'net';
import path from 'path';
import {PLUGIN_STREAM_WINDOW} from '../../../server-bridge/src/goplugin/session-config';
import {INITIAL_STREAM_WINDOW, YamuxSession, YamuxStream, type YamuxConfig} from '../../../server-bridge/src/wire/yamux';
import {acceptEach, buildGo, connectGoPeer, exitWithin, GoProcess, pattern, Transport, within} from './go-peer';

jest.setTimeout(60_000);

let binary: string;
beforeAll(() => {
    binary = buildGo(path.join(__dirname, 'go', 'yamuxpeer.go'), 'yamuxpeer');
});

interface Peer {
    session: YamuxSession;
    go: GoProcess;
    socket: net.Socket;
    logged: string[];
}

const running: Array<() => Promise<void>> = [];
afterEach(async () => {
    for (const stop of running.splice(0)) {
        await stop();
    }
});

async function startPeer(transport: Transport, tsRole: 'client' | 'server', config: Partial<YamuxConfig> = {}): Promise<Peer> {
    const {go, socket, stop} = await connectGoPeer(binary, transport, tsRole);
    const logged: string[] = [];
    const session = new YamuxSession(socket, tsRole, {logger: (level, msg) => void logged.push(`${level}: ${msg}`), ...config});
    // Echo every stream the Go side opens.
    acceptEach(session, (s) => s.pipe(s));
    running.push(async () => {
        await session.close();
        await stop();
    });
    return {session, go, socket, logged};
}

function readAll(stream: YamuxStream): Promise<Buffer> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => resolve(Buffer.concat(chunks)));
        stream.on('error', reject);
    });
}

/** Resolves with the first chunk the stream delivers, leaving the rest flowing. */
function firstData(stream: YamuxStream): Promise<Buffer> {
    return new Promise((resolve, reject) => {
        stream.once('data', resolve);
        stream.once('error', reject);
    });
}

/** How a promise settled, so a test can wait for many without one rejection hiding the rest. */
function outcome(p: Promise<unknown>): Promise<string> {
    return p.then(() => 'resolved', (e: unknown) => `rejected: ${e instanceof Error ? e.message : String(e)}`);
}

async function command(session: YamuxSession, line: string, body?: Buffer): Promise<string> {
    const s = await session.open();
    s.write(`${line}\n`);
    s.end(body);
    return (await readAll(s)).toString().trim();
}

const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

describe.each([
    ['unix', 'client'],
    ['unix', 'server'],
    ['tcp', 'client'],
    ['tcp', 'server'],
] as Array<[Transport, 'client' | 'server']>)('over %s, TypeScript as %s', (transport, tsRole) => {
    test('100 concurrent streams echo their payloads', async () => {
        const {session} = await startPeer(transport, tsRole);
        const payloads = Array.from({length: 100}, (_, i) => crypto.randomBytes(1000 + i * 997));
        const results = await Promise.all(payloads.map(async (p) => {
            const s = await session.open();
            expect(s.id % 2).toBe(tsRole === 'client' ? 1 : 0);
            const got = readAll(s);
            s.write('echo\n');
            s.end(p);
            return got;
        }));
        results.forEach((r, i) => expect(sha256(r)).toBe(sha256(payloads[i])));
    });

    test('10 MB each way through one stream with the default window', async () => {
        const {session} = await startPeer(transport, tsRole);
        const size = 10 * 1024 * 1024;
        const up = crypto.randomBytes(size);
        expect(await command(session, 'sink', up)).toBe(`${size} ${sha256(up)}`);
        const down = await session.open();
        const got = readAll(down);
        down.end(`source ${size}\n`);
        expect(sha256(await got)).toBe(sha256(pattern(size)));
    });

    test('the plugin\'s larger receive window: Go fills exactly that much of an unread stream, and 10 MB arrive intact', async () => {
        const {session} = await startPeer(transport, tsRole, {maxStreamWindowSize: PLUGIN_STREAM_WINDOW});
        expect(PLUGIN_STREAM_WINDOW).toBeGreaterThan(INITIAL_STREAM_WINDOW);
        const held = await session.open();
        held.pause();
        held.write('flood\n');
        // Go writes until the window we granted is used up, then waits for an update.
        await within(new Promise<void>((resolve) => {
            const check = () => (held.bufferedBytes >= PLUGIN_STREAM_WINDOW ? resolve() : setTimeout(check, 5));
            check();
        }), 10_000, 'Go filling the window');
        await new Promise((r) => setTimeout(r, 100));
        expect(held.bufferedBytes).toBe(PLUGIN_STREAM_WINDOW);
        held.destroy();
        const size = 10 * 1024 * 1024;
        const down = await session.open();
        const got = readAll(down);
        down.end(`source ${size}\n`);
        expect(sha256(await got)).toBe(sha256(pattern(size)));
    });

    test('streams in flight while the Go side opens its own', async () => {
        const {session} = await startPeer(transport, tsRole);
        const mine = Array.from({length: 50}, async (_, i) => {
            const payload = crypto.randomBytes(20_000 + i);
            const s = await session.open();
            const got = readAll(s);
            s.write('echo\n');
            // Write in two halves so the stream is still open while Go opens streams.
            s.write(payload.subarray(0, 10_000));
            await new Promise((r) => setImmediate(r));
            s.end(payload.subarray(10_000));
            return sha256(await got) === sha256(payload);
        });
        const goOpens = command(session, 'open 50');
        expect(await goOpens).toBe('ok');
        expect(await Promise.all(mine)).toEqual(Array(50).fill(true));
    });

    test('ping in both directions', async () => {
        const {session} = await startPeer(transport, tsRole);
        const rtt = await session.ping();
        expect(rtt).toBeGreaterThanOrEqual(0);
        expect(await command(session, 'ping')).toBe('ok');
    });

    test('go-away from Go stops our opens; ours stops Go\'s', async () => {
        const {session} = await startPeer(transport, tsRole);
        expect(await command(session, 'goaway')).toBe('ok');
        expect(session.remoteWentAway).toBe(true);
        await expect(session.open()).rejects.toMatchObject({code: 'ERR_REMOTE_GOAWAY'});

        const other = await startPeer(transport, tsRole);
        const keep = await other.session.open();
        keep.write('numstreams\n');
        other.session.goAway();
        const s = await other.session.open();
        const answer = readAll(s);
        s.end('tryopen\n');
        expect((await answer).toString()).toBe('err remote end is not accepting connections\n');
        keep.end();
        expect((await readAll(keep)).toString()).toMatch(/^\d+\n$/);
    });

    test('killing the Go process ends everything pending without a hang', async () => {
        const {session, go} = await startPeer(transport, tsRole);
        const pendingAccept = session.accept().then(() => 'accepted', () => 'failed');
        const stalled = await session.open();
        stalled.write('echo\n');
        stalled.write(Buffer.alloc(1000));
        const stalledRead = readAll(stalled).then(() => 'ended', () => 'failed');
        const big = await session.open();
        big.end('source 100000000\n');
        const bigRead = readAll(big).then((b) => b.length, () => -1);
        await session.ping();
        go.kill();
        // Socket errors come from Node's realm, so check the shape rather than the class.
        const reason = await session.closed;
        expect(reason?.message).toEqual(expect.any(String));
        expect(['ended', 'failed']).toContain(await stalledRead);
        expect(await bigRead).toBeLessThan(100_000_000);
        expect(await pendingAccept).toBe('failed');
        await expect(session.open()).rejects.toHaveProperty('message');
        const writeErr = await new Promise<Error | null | undefined>((resolve) => stalled.write('more', resolve));
        expect(writeErr?.message).toEqual(expect.any(String));
    });

    test('TypeScript dropping the connection mid-transfer: Go sees the session close and every stream fail, and so do we', async () => {
        const {session, go, socket} = await startPeer(transport, tsRole);
        // A stream Go opened, Go blocked reading it.
        expect(await command(session, 'dial')).toBe('ok');
        // An upload Go is reading, cut off long before its end.
        const upSize = 64 * 1024 * 1024;
        const up = await session.open();
        const upErrors: string[] = [];
        up.on('error', (e: Error) => upErrors.push(e.message));
        const upClosed = new Promise((resolve) => up.once('close', resolve));
        const upReady = firstData(up);
        up.write('hold\n');
        expect((await upReady).toString()).toBe('ok\n');
        const upWritten = new Promise<Error | null | undefined>((resolve) => up.write(Buffer.alloc(upSize, 1), resolve));
        // A download Go is writing without end.
        const down = await session.open();
        let downBytes = 0;
        const downEnded = new Promise<string>((resolve) => {
            down.on('data', (c: Buffer) => {
                downBytes += c.length;
            });
            down.on('end', () => resolve('ended'));
            down.on('error', (e: Error) => resolve(`error: ${e.message}`));
        });
        down.write('flood\n');
        await new Promise<void>((resolve) => {
            const check = () => (downBytes >= 1024 * 1024 ? resolve() : setTimeout(check, 5));
            check();
        });
        const pendingAccept = outcome(session.accept());

        socket.destroy();

        // Our side: everything pending settles, with errors where something was lost.
        expect((await within(session.closed, 5000, 'session.closed'))?.message).toEqual(expect.any(String));
        const writeErr = await within(upWritten, 5000, 'the cut-off write');
        expect(writeErr?.message).toEqual(expect.any(String));
        // The failed write surfaces once more, as the stream's one 'error' event before 'close'.
        await within(upClosed, 5000, 'the upload stream\'s close');
        expect(upErrors).toEqual([writeErr?.message]);
        expect(await within(downEnded, 5000, 'the download stream\'s end')).toMatch(/^(ended|error: .+)$/);
        expect(await within(pendingAccept, 5000, 'accept()')).toMatch(/^rejected: .+/);
        await expect(session.open()).rejects.toHaveProperty('message');
        expect(session.numStreams).toBe(0);

        // Go's side, as it printed it: the session closed, the accept loop ended with an
        // error, the read and write in progress failed, and every handler returned.
        const {code, lines} = await exitWithin(go, 20_000);
        expect(code).toBe(0);
        expect(lines).toContain('session closed true');
        expect(lines).toContain('all reported');
        expect(lines.find((l) => l.startsWith('accept '))).toMatch(/^accept ".+"$/);
        const hold = /^hold \d+ read (\d+) (".+")$/.exec(lines.find((l) => l.startsWith('hold ')) ?? '');
        expect(hold).not.toBeNull();
        expect(Number(hold?.[1])).toBeLessThan(upSize);
        const flood = /^flood \d+ write (\d+) (".+")$/.exec(lines.find((l) => l.startsWith('flood ')) ?? '');
        expect(flood).not.toBeNull();
        // Not compared with what we received: a Go write that fails can have put part of
        // its chunk on the wire without counting it.
        expect(Number(flood?.[1])).toBeGreaterThan(0);
        expect(lines.find((l) => l.startsWith('dial '))).toMatch(/^dial \d+ read \d+ ".+"$/);
    });
});
