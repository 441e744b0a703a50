// net/rpc between this TypeScript implementation and Go's net/rpc over hashicorp/yamux in a
// real Go process: TypeScript calling Go and Go calling TypeScript, in both yamux roles,
// over a unix socket and TCP.

import net from 'net';
import path from 'path';
import {g} from '../../../server-bridge/src/wire/gob';
import {RpcClient, RpcServer, RpcServerError, rpcMethod} from '../../../server-bridge/src/wire/netrpc';
import {YamuxSession} from '../../../server-bridge/src/wire/yamux';
import {acceptEach, buildGo, connectGoPeer, exitWithin, GoProcess, Transport, within} from '../yamux/go-peer';
import {Args, CallBackArgs, Empty, Record, Reply} from './schemas';

jest.setTimeout(60_000);

let binary: string;
beforeAll(() => {
    binary = buildGo(path.join(__dirname, 'go', 'rpcpeer.go'), 'rpcpeer');
});

const quiet = () => undefined;
const running: Array<() => Promise<void>> = [];
afterEach(async () => {
    for (const stop of running.splice(0)) {
        await stop();
    }
});

/** Calls Go made to Plugin.Hang and are still waiting: each answers when `release` is called. */
interface Hanging {
    received: number;
    waiters: Array<() => void>;
}

/** The TypeScript side's own service, which Go calls back. */
function pluginServer(hanging: Hanging): RpcServer {
    const server = new RpcServer();
    server.register('Plugin', {
        Hang: rpcMethod(Args, Reply, ({A}) => new Promise((resolve) => {
            hanging.received++;
            hanging.waiters.push(() => resolve({Sum: Number(A), Note: 'late'}));
        })),
        Add: rpcMethod(Args, Reply, async ({A, B}) => ({Sum: Number(A) + Number(B), Note: `ts ${A}`})),
        Fail: rpcMethod(Args, Reply, () => {
            throw new Error('boom');
        }),
    });
    return server;
}

interface Peer {
    session: YamuxSession;
    go: GoProcess;
    socket: net.Socket;
    hanging: Hanging;
    /** serveConn's promises, one per stream Go opened. */
    served: Array<Promise<void>>;
    client: () => Promise<RpcClient>;
}

async function startPeer(transport: Transport, tsRole: 'client' | 'server'): Promise<Peer> {
    const {go, socket, stop} = await connectGoPeer(binary, transport, tsRole);
    const session = new YamuxSession(socket, tsRole, {logger: quiet});
    const hanging: Hanging = {received: 0, waiters: []};
    const served: Array<Promise<void>> = [];
    const server = pluginServer(hanging);
    acceptEach(session, (s) => served.push(server.serveConn(s, {logger: quiet})));
    running.push(async () => {
        await session.close();
        await stop();
    });
    return {session, go, socket, hanging, served, client: async () => new RpcClient(await session.open(), {logger: quiet})};
}

describe.each([
    ['unix', 'server'],
    ['unix', 'client'],
    ['tcp', 'server'],
    ['tcp', 'client'],
] as Array<[Transport, 'client' | 'server']>)('over %s, TypeScript as yamux %s', (transport, tsRole) => {
    test('100 concurrent calls to Go, on one stream and across streams', async () => {
        const peer = await startPeer(transport, tsRole);
        const one = await peer.client();
        const many = await Promise.all(Array.from({length: 10}, () => peer.client()));
        const calls = Array.from({length: 100}, (_, i) => (i % 2 ? one : many[i % 10]).call('Arith.Slow', Args, {A: i, B: 7}, Reply));
        const replies = await Promise.all(calls);
        replies.forEach((r, i) => expect(r).toEqual({Sum: i + 7, Note: `added ${i}`}));
        const record = {Name: 'release 1.1.1', Tags: ['security', 'dot'], Meta: new Map([['T', '-4'], ['owner', 'qa']]), Count: 2 ** 40};
        expect(await one.call('Arith.Echo', Record, record, Record)).toEqual(record);
        expect(await one.call('Arith.Nothing', Empty, {}, Empty)).toEqual({});
    });

    test('Go\'s error replies reach TypeScript as ServerError with Go\'s texts', async () => {
        const peer = await startPeer(transport, tsRole);
        const client = await peer.client();
        await expect(client.call('Arith.Fail', Args, {A: 1, B: 0}, Reply)).rejects.toEqual(new RpcServerError('division by zero'));
        await expect(client.call('Arith.Nope', Args, {A: 1, B: 0}, Reply)).rejects.toEqual(new RpcServerError("rpc: can't find method Arith.Nope"));
        await expect(client.call('Nope.Add', Args, {A: 1, B: 0}, Reply)).rejects.toEqual(new RpcServerError("rpc: can't find service Nope.Add"));
        // Arguments Go cannot decode into Args: Go answers with its gob error and reads on.
        const err = await client.call('Arith.Add', g.string(), 'wrong', Reply).catch((e: Error) => e);
        expect(err).toBeInstanceOf(RpcServerError);
        expect((err as Error).message).toMatch(/^gob: /);
        expect(await client.call('Arith.Add', Args, {A: 2, B: 2}, Reply)).toEqual({Sum: 4, Note: 'added 2'});
    });

    test('Go calls the TypeScript server while TypeScript calls are in flight', async () => {
        const peer = await startPeer(transport, tsRole);
        const client = await peer.client();
        const control = await peer.client();
        const mine = Array.from({length: 50}, (_, i) => client.call('Arith.Slow', Args, {A: i, B: 1}, Reply));
        // Ctl.CallBack opens a stream from Go, makes 50 concurrent calls into our Plugin
        // service, and checks our error replies for unknown names and bad arguments.
        expect(await control.call('Ctl.CallBack', CallBackArgs, {N: 50}, g.string())).toBe('ok');
        (await Promise.all(mine)).forEach((r, i) => expect(r.Sum).toBe(i + 1));
    });

    test('ping and go-away with net/rpc streams open', async () => {
        const peer = await startPeer(transport, tsRole);
        const client = await peer.client();
        expect(await peer.session.ping()).toBeGreaterThanOrEqual(0);
        peer.session.goAway();
        // Existing streams keep working; Go can no longer open streams to us.
        expect(await client.call('Arith.Add', Args, {A: 1, B: 1}, Reply)).toEqual({Sum: 2, Note: 'added 1'});
        await expect(client.call('Ctl.CallBack', CallBackArgs, {N: 1}, g.string())).rejects.toThrow('remote end is not accepting connections');
    });

    test('killing Go fails every pending call and nothing hangs', async () => {
        const peer = await startPeer(transport, tsRole);
        const clients = await Promise.all(Array.from({length: 3}, () => peer.client()));
        const pending = clients.flatMap((c) => [c.call('Arith.Hang', Args, {A: 0, B: 0}, Reply), c.call('Arith.Hang', Args, {A: 1, B: 0}, Reply)]);
        const settled = Promise.allSettled(pending);
        expect(await clients[0].call('Arith.Add', Args, {A: 1, B: 1}, Reply)).toEqual({Sum: 2, Note: 'added 1'});
        peer.go.kill();
        const results = await settled;
        expect(results.map((r) => r.status)).toEqual(Array(6).fill('rejected'));
        for (const r of results) {
            expect((r as PromiseRejectedResult).reason.message).toEqual(expect.any(String));
        }
        await expect(clients[1].call('Arith.Add', Args, {A: 1, B: 1}, Reply)).rejects.toThrow();
        expect(await peer.session.closed).not.toBeNull();
    });

    test('TypeScript dropping the connection mid-call: Go\'s calls fail with ErrShutdown or ErrUnexpectedEOF, its server stops, and ours fail too', async () => {
        const peer = await startPeer(transport, tsRole);
        const [waiting, control] = await Promise.all([peer.client(), peer.client()]);
        const bigClient = await peer.client();
        // Go calls into us and waits.
        expect(await control.call('Ctl.HangCalls', CallBackArgs, {N: 5}, g.string())).toBe('ok');
        // Our calls Go is serving: they answer only after the session is gone.
        const mine = Promise.allSettled(Array.from({length: 4}, (_, i) => waiting.call('Arith.Wait', Args, {A: i, B: 0}, Reply)));
        // A call whose arguments are still on their way (far beyond one stream window).
        const big = Promise.allSettled([bigClient.call('Arith.Echo', Record, {Name: 'x'.repeat(4 * 1024 * 1024), Tags: [], Meta: new Map(), Count: 0}, Record)]);
        await new Promise<void>((resolve) => {
            const check = () => (peer.hanging.received === 5 ? resolve() : setTimeout(check, 5));
            check();
        });
        expect(await control.call('Arith.Add', Args, {A: 1, B: 1}, Reply)).toEqual({Sum: 2, Note: 'added 1'});

        peer.socket.destroy();

        // Our side: every pending call fails with a message, the clients report the end,
        // new calls fail at once.
        for (const r of [...await within(mine, 5000, 'our Arith.Wait calls'), ...await within(big, 5000, 'our big Arith.Echo call')]) {
            expect(r.status).toBe('rejected');
            expect((r as PromiseRejectedResult).reason.message).toEqual(expect.any(String));
        }
        for (const c of [waiting, control, bigClient]) {
            expect((await within(c.closed, 5000, 'RpcClient.closed'))?.message).toEqual(expect.any(String));
            expect(c.pendingCalls).toBe(0);
        }
        await expect(waiting.call('Arith.Add', Args, {A: 1, B: 1}, Reply)).rejects.toThrow('connection is shut down');
        // Our handlers answering after the end write into a dead stream: no error escapes,
        // and serving ends once they have answered.
        for (const release of peer.hanging.waiters.splice(0)) {
            release();
        }
        await within(Promise.all(peer.served), 5000, 'serveConn');

        // Go's side, as it printed it.
        const {code, lines} = await exitWithin(peer.go, 20_000);
        expect(code).toBe(0);
        expect(lines).toContain('session closed true');
        expect(lines).toContain('all reported');
        expect(lines.find((l) => l.startsWith('accept '))).toMatch(/^accept ".+"$/);
        const calls = lines.filter((l) => l.startsWith('call '));
        expect(calls).toHaveLength(5);
        for (const line of calls) {
            // Go's client fails pending calls with ErrUnexpectedEOF when the stream ends
            // without an error, ErrShutdown otherwise.
            expect(line).toMatch(/^call \d ".+" (shutdown=true unexpected-eof=false|shutdown=false unexpected-eof=true)$/);
        }
        // Every stream Go served ended on a failed read; the streams with replies still to
        // send (Arith.Wait) also failed to write.
        const serves = lines.filter((l) => l.startsWith('serve '));
        expect(serves).toHaveLength(3);
        for (const line of serves) {
            expect(line).toMatch(/^serve \d+ ended read ".+" write (nil|".+")$/);
        }
        expect(serves.filter((l) => !l.endsWith('write nil')).length).toBeGreaterThanOrEqual(1);
    });
});
