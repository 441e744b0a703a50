import net from 'net';
import {GobDecoder, GobEncoder, g} from '../gob';
import {socketPair} from '../yamux/test-socket-pair';
import {YamuxSession, type YamuxStream} from '../yamux';
import {RpcClient} from './client';
import {RpcConnectionError, RpcServerError} from './errors';
import {RequestHeader, ResponseHeader} from './messages';
import {RpcServer, rpcMethod} from './server';

const Args = g.struct('main.Args', {A: g.int(), B: g.int()});
const Reply = g.struct('main.Reply', {Sum: g.int(), Note: g.string()});
const Empty = g.struct('main.Empty', {});

const quiet = () => undefined;
let cleanups: Array<() => void> = [];
afterEach(() => {
    cleanups.forEach((c) => c());
    cleanups = [];
});

function arithServer(extra?: (s: RpcServer) => void): RpcServer {
    const server = new RpcServer();
    server.register('Arith', {
        Add: rpcMethod(Args, Reply, async ({A, B}) => {
            // Later calls with smaller A finish first, so replies come back out of order.
            await new Promise((r) => setTimeout(r, Number(A) % 5));
            return {Sum: Number(A) + Number(B), Note: `added ${A}`};
        }),
        Fail: rpcMethod(Args, Reply, async () => {
            throw new Error('division by zero');
        }),
        BadReply: rpcMethod(Args, Reply, async () => ({Sum: 'not a number', Note: ''} as never)),
    });
    extra?.(server);
    return server;
}

/** A yamux session over the two sockets and one stream through it: [opened end, accepted end, opening session]. */
async function yamuxStreamPair(a: net.Socket, b: net.Socket): Promise<[YamuxStream, YamuxStream, YamuxSession]> {
    const ys = YamuxSession.client(a, {enableKeepAlive: false, logger: quiet});
    const yc = YamuxSession.server(b, {enableKeepAlive: false, logger: quiet});
    cleanups.push(() => {
        void ys.close();
        void yc.close();
    });
    const stream = await ys.open();
    return [stream, await yc.accept(), ys];
}

async function connect(server: RpcServer, overYamux: boolean, opts = {}): Promise<{client: RpcClient; clientSide: net.Socket | import('stream').Duplex; served: Promise<void>}> {
    const [a, b, cleanup] = await socketPair();
    cleanups.push(cleanup);
    if (!overYamux) {
        return {client: new RpcClient(a, {logger: quiet}), clientSide: a, served: server.serveConn(b, {logger: quiet, ...opts})};
    }
    const [stream, accepted] = await yamuxStreamPair(a, b);
    const served = server.serveConn(accepted, {logger: quiet, ...opts});
    return {client: new RpcClient(stream, {logger: quiet}), clientSide: stream, served};
}

describe.each([false, true])('over yamux: %s', (overYamux) => {
    test('concurrent calls are matched to their replies by sequence', async () => {
        const {client} = await connect(arithServer(), overYamux);
        const calls = Array.from({length: 50}, (_, i) => client.call('Arith.Add', Args, {A: 49 - i, B: 1000}, Reply));
        const replies = await Promise.all(calls);
        replies.forEach((r, i) => expect(r).toEqual({Sum: 49 - i + 1000, Note: `added ${49 - i}`}));
        expect(client.pendingCalls).toBe(0);
    });

    test('service errors and unknown names come back with Go\'s texts', async () => {
        const {client} = await connect(arithServer(), overYamux);
        await expect(client.call('Arith.Fail', Args, {A: 1, B: 2}, Reply)).rejects.toEqual(new RpcServerError('division by zero'));
        await expect(client.call('Nope.Add', Args, {A: 1, B: 2}, Reply)).rejects.toThrow("rpc: can't find service Nope.Add");
        await expect(client.call('Arith.Nope', Args, {A: 1, B: 2}, Reply)).rejects.toThrow("rpc: can't find method Arith.Nope");
        await expect(client.call('NoDot', Args, {A: 1, B: 2}, Reply)).rejects.toThrow('rpc: service/method request ill-formed: NoDot');
        // The connection is still good after all of that.
        expect(await client.call('Arith.Add', Args, {A: 2, B: 3}, Reply)).toEqual({Sum: 5, Note: 'added 2'});
    });

    test('arguments of the wrong type get an error reply and the body is skipped', async () => {
        const {client} = await connect(arithServer(), overYamux);
        const Wrong = g.struct('main.Wrong', {A: g.string(), B: g.slice(g.string())});
        const err = await client.call('Arith.Add', Wrong, {A: 'x', B: ['y', 'z']}, Reply).catch((e: Error) => e);
        expect(err).toBeInstanceOf(RpcServerError);
        expect((err as Error).message).toMatch(/^gob: /);
        expect(await client.call('Arith.Add', Args, {A: 4, B: 4}, Reply)).toEqual({Sum: 8, Note: 'added 4'});
    });

    test('a reply that does not fit its schema becomes an error reply', async () => {
        const {client} = await connect(arithServer(), overYamux);
        await expect(client.call('Arith.BadReply', Args, {A: 1, B: 1}, Reply)).rejects.toThrow(/^rpc: gob error encoding body/);
        expect(await client.call('Arith.Add', Args, {A: 1, B: 1}, Reply)).toEqual({Sum: 2, Note: 'added 1'});
    });

    test('losing the connection fails every pending call', async () => {
        const never = new RpcServer();
        never.register('Slow', {Wait: rpcMethod(Empty, Empty, () => new Promise(() => undefined))});
        const {client, clientSide} = await connect(never, overYamux);
        const pending = [client.call('Slow.Wait', Empty, {}, Empty), client.call('Slow.Wait', Empty, {}, Empty)];
        await new Promise((r) => setTimeout(r, 20));
        clientSide.destroy();
        for (const p of pending) {
            await expect(p).rejects.toBeInstanceOf(Error);
        }
        await expect(client.call('Slow.Wait', Empty, {}, Empty)).rejects.toBeInstanceOf(RpcConnectionError);
    });

    test('close() fails pending calls with Go\'s shutdown error', async () => {
        const never = new RpcServer();
        never.register('Slow', {Wait: rpcMethod(Empty, Empty, () => new Promise(() => undefined))});
        const {client} = await connect(never, overYamux);
        const pending = client.call('Slow.Wait', Empty, {}, Empty);
        client.close();
        expect(await client.closed).toBeNull();
        await expect(pending).rejects.toThrow('connection is shut down');
        await expect(client.call('Slow.Wait', Empty, {}, Empty)).rejects.toThrow('connection is shut down');
    });
});

test('past maxConcurrentCalls the server stops reading until a call finishes', async () => {
    const started: number[] = [];
    const release: Array<() => void> = [];
    const server = new RpcServer();
    server.register('Gate', {
        Enter: rpcMethod(g.int(), g.int(), (n) => {
            started.push(Number(n));
            return new Promise<number>((resolve) => release.push(() => resolve(Number(n))));
        }),
    });
    const {client} = await connect(server, true, {maxConcurrentCalls: 2});
    const calls = [1, 2, 3].map((n) => client.call('Gate.Enter', g.int(), n, g.int()));
    await new Promise((r) => setTimeout(r, 30));
    expect(started).toEqual([1, 2]);
    release.shift()?.();
    expect(await calls[0]).toBe(1);
    await new Promise((r) => setTimeout(r, 30));
    expect(started).toEqual([1, 2, 3]);
    release.splice(0).forEach((f) => f());
    expect(await Promise.all(calls)).toEqual([1, 2, 3]);
});

test('garbage on the wire ends the server connection with a logged error', async () => {
    const [a, b, cleanup] = await socketPair();
    cleanups.push(cleanup);
    const logged: string[] = [];
    const served = arithServer().serveConn(b, {logger: (level, msg) => void logged.push(`${level} ${msg}`)});
    a.write(Buffer.from([0xf8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 2, 3]));
    await served;
    expect(logged.some((l) => l.startsWith('error server cannot decode request'))).toBe(true);
});

test('a caller that never reads its replies makes the server stop reading, not buffer replies without end', async () => {
    let invoked = 0;
    const server = new RpcServer();
    server.register('Big', {
        Get: rpcMethod(g.int(), g.string(), () => {
            invoked++;
            return 'r'.repeat(4096);
        }),
    });
    const [a, b, cleanup] = await socketPair();
    cleanups.push(cleanup);
    const [stream, accepted, ys] = await yamuxStreamPair(a, b);
    stream.pause(); // the caller never reads
    void server.serveConn(accepted, {logger: quiet});
    // 2,000 requests (about 40 KB, within one window) asking for 8 MB of replies in all.
    const enc = new GobEncoder((bytes) => stream.write(bytes));
    const requests = 2000;
    for (let i = 0; i < requests; i++) {
        enc.encode(RequestHeader, {ServiceMethod: 'Big.Get', Seq: i});
        enc.encode(g.int(), i);
    }
    for (let i = 0; i < 5; i++) {
        await ys.ping();
        await new Promise((r) => setImmediate(r));
    }
    // The caller's window and the server stream's write buffer hold some replies; no more calls run.
    expect(invoked).toBeGreaterThan(0);
    expect(invoked).toBeLessThan(requests / 4);
    expect(accepted.writableLength).toBeLessThan(1024 * 1024);
    stream.resume();
    const deadline = Date.now() + 10_000;
    while (invoked < requests && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 10));
    }
    expect(invoked).toBe(requests);
});

/** Requests written straight onto a yamux stream, then its side closed; every reply read until the server closes its side. */
async function burstThenEnd(server: RpcServer, calls: Array<[string, number]>, opts: {maxConcurrentCalls?: number} = {}): Promise<Array<{Seq: number; Error: string; body: unknown}>> {
    const [sa, sb, cleanup] = await socketPair();
    cleanups.push(cleanup);
    const [a, b] = await yamuxStreamPair(sa, sb);
    const served = server.serveConn(b, {logger: quiet, ...opts});
    const parts: Uint8Array[] = [];
    const enc = new GobEncoder((bytes) => parts.push(bytes));
    calls.forEach(([method, arg], seq) => {
        enc.encode(RequestHeader, {ServiceMethod: method, Seq: seq});
        enc.encode(g.int(), arg);
    });
    // One chunk: the server finds every request buffered at once, and the end right behind.
    a.end(Buffer.concat(parts));
    const dec = new GobDecoder();
    const replies: Array<{Seq: number; Error: string; body: unknown}> = [];
    await new Promise<void>((resolve, reject) => {
        let header: {Seq: number | bigint; Error: string} | null = null;
        a.on('data', (chunk: Buffer) => {
            dec.push(chunk);
            for (;;) {
                if (!header) {
                    const h = dec.next(ResponseHeader);
                    if (!h) {
                        return;
                    }
                    header = h.value;
                }
                const body = header.Error === '' ? dec.next(g.int()) : (dec.skip() ? {value: null} : undefined);
                if (!body) {
                    return;
                }
                replies.push({Seq: Number(header.Seq), Error: header.Error, body: body.value});
                header = null;
            }
        });
        a.on('end', resolve);
        a.on('error', reject);
    });
    await served;
    return replies;
}

function nowServer(): RpcServer {
    const server = new RpcServer();
    server.register('Now', {
        Double: rpcMethod(g.int(), g.int(), (n) => Number(n) * 2),
        Throw: rpcMethod(g.int(), g.int(), () => {
            throw new Error('at once');
        }),
        Later: rpcMethod(g.int(), g.int(), async (n) => {
            await new Promise((r) => setTimeout(r, 5));
            return Number(n) + 1;
        }),
    });
    return server;
}

test('calls answered at once: every request buffered before the end of input is answered before the server closes', async () => {
    const server = nowServer();
    const calls: Array<[string, number]> = [];
    for (let i = 0; i < 300; i++) {
        calls.push([['Now.Double', 'Now.Throw', 'Now.Later', 'Now.Missing'][i % 4], i]);
    }
    const replies = await burstThenEnd(server, calls);
    expect(replies).toHaveLength(calls.length);
    const bySeq = new Map(replies.map((r) => [r.Seq, r]));
    calls.forEach(([method, arg], seq) => {
        const r = bySeq.get(seq);
        switch (method) {
        case 'Now.Double':
            expect(r).toEqual({Seq: seq, Error: '', body: arg * 2});
            break;
        case 'Now.Throw':
            expect(r).toMatchObject({Seq: seq, Error: 'at once'});
            break;
        case 'Now.Later':
            expect(r).toEqual({Seq: seq, Error: '', body: arg + 1});
            break;
        default:
            expect(r).toMatchObject({Seq: seq, Error: "rpc: can't find method Now.Missing"});
        }
    });
    // Calls answered at once come back in request order, ahead of the ones that wait.
    const immediate = replies.filter((r) => calls[r.Seq][0] !== 'Now.Later').map((r) => r.Seq);
    expect(immediate).toEqual([...immediate].sort((x, y) => x - y));
});

test('calls answered at once after reading resumed, with the input already ended, are all answered too', async () => {
    // One call at a time: the first waits, the others stay buffered while the end arrives;
    // the last one finishing must not end the connection while those are read.
    const calls: Array<[string, number]> = [['Now.Later', 0], ...Array.from({length: 20}, (_, i): [string, number] => ['Now.Double', i + 1])];
    const replies = await burstThenEnd(nowServer(), calls, {maxConcurrentCalls: 1});
    expect(replies.map((r) => r.Seq)).toEqual(calls.map((_, seq) => seq));
    expect(replies.slice(1).map((r) => r.body)).toEqual(calls.slice(1).map(([, n]) => n * 2));
});
