// net/rpc between this TypeScript implementation and Go's net/rpc over hashicorp/yamux in a
// real Go process: TypeScript calling Go and Go calling TypeScript, in both yamux roles,
// over a unix socket and TCP.

import path from 'path';
import {g} from '../../../server-bridge/src/wire/gob';
import {RpcClient, RpcServer, RpcServerError, rpcMethod} from '../../../server-bridge/src/wire/netrpc';
import {YamuxSession, YamuxStream} from '../../../server-bridge/src/wire/yamux';
import {buildGo, GoProcess, listen, runGo, Transport} from '../yamux/go-peer';
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

/** The TypeScript side's own service, which Go calls back. */
function pluginServer(): RpcServer {
    const server = new RpcServer();
    server.register('Plugin', {
        Add: rpcMethod(Args, Reply, async ({A, B}) => ({Sum: Number(A) + Number(B), Note: `ts ${A}`})),
        Fail: rpcMethod(Args, Reply, () => {
            throw new Error('boom');
        }),
    });
    return server;
}

async function startPeer(transport: Transport, tsRole: 'client' | 'server'): Promise<{session: YamuxSession; go: GoProcess; client: () => Promise<RpcClient>}> {
    const listener = await listen(transport);
    const go = runGo(binary, ['-net', transport, '-addr', listener.address, '-role', tsRole === 'client' ? 'server' : 'client']);
    const socket = await Promise.race([
        listener.connection,
        go.exited.then(() => {
            throw new Error(`Go peer exited before connecting: ${go.stderr()}`);
        }),
    ]);
    const session = new YamuxSession(socket, tsRole, {logger: quiet});
    const server = pluginServer();
    void (async () => {
        for (;;) {
            let s: YamuxStream;
            try {
                s = await session.accept();
            } catch {
                return;
            }
            void server.serveConn(s, {logger: quiet});
        }
    })();
    running.push(async () => {
        await session.close();
        go.kill();
        await go.exited;
        listener.close();
    });
    return {session, go, client: async () => new RpcClient(await session.open(), {logger: quiet})};
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
});
