// Replies the server side of the API may get wrong: a reply field of another type fails only
// that call, with the method named and the connection kept; bytes that are not gob at all
// fail the pending call with a clear error and every later call as well, and nothing throws
// out of the client.
import net from 'net';
import {g} from '../wire/gob';
import {RpcClient, RpcServer, rpcMethod} from '../wire/netrpc';
import {socketPair} from '../wire/yamux/test-socket-pair';
import {MattermostApiClient} from './api-client';
import {mattermostRegistry} from './model-schemas';
import {apiZ} from './z-schemas';

const quiet = () => undefined;

test('a reply field of the wrong type fails that call with the method named; the next call works', async () => {
    const [a, b, cleanup] = await socketPair();
    const registry = mattermostRegistry();
    const server = new RpcServer();
    server.register('Plugin', {
        // Z_KVGetReturns.A is []byte; this server sends an int64 there.
        KVGet: rpcMethod(apiZ('KVGet').args, g.struct('Z_KVGetReturns', {A: g.int64()}), () => ({A: 42n})),
        GetServerVersion: rpcMethod(apiZ('GetServerVersion').args, apiZ('GetServerVersion').returns, () => ({A: '10.5.0'})),
    });
    void server.serveConn(b, {registry, logger: quiet});
    const rpc = new RpcClient(a, {registry, logger: quiet});
    const api = new MattermostApiClient(rpc);
    try {
        await expect(api.kv.get('k')).rejects.toThrow(/^KVGet: reading body gob: cannot decode int into \[\]uint8$/);
        await expect(api.getServerVersion()).resolves.toBe('10.5.0');
    } finally {
        rpc.close();
        cleanup();
    }
});

test('bytes that are not gob fail the call with a clear error, and later calls too, without throwing', async () => {
    const [a, b, cleanup] = await socketPair();
    // A broken server: answers every request with a whole gob message naming type id 0, which no gob stream may use.
    b.on('data', () => b.write(Buffer.from([0x02, 0x00, 0x00])));
    const rpc = new RpcClient(a, {registry: mattermostRegistry(), logger: quiet});
    const api = new MattermostApiClient(rpc);
    try {
        const err = await api.kv.get('k').then(() => null, (e: Error) => e);
        expect(err).toBeInstanceOf(Error);
        expect(err?.message).toMatch(/^KVGet: .*type id 0|^KVGet: .*invalid/i);
        await expect(api.getServerVersion()).rejects.toThrow(/^GetServerVersion: /);
    } finally {
        rpc.close();
        cleanup();
        (b as net.Socket).destroy();
    }
});
