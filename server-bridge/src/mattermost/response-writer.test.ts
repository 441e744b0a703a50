// The response writer's calls on the host's response-writer service: order, header sync,
// status, chunking, and Go's rules (first status wins, implicit 200).
import {canonicalHeaderKey, MAX_WRITE_BYTES, RemoteResponseWriter} from './response-writer';

function recorder(failOn?: string) {
    const calls: Array<[string, unknown]> = [];
    const rpc = {
        call: async (method: string, _a: unknown, args: unknown) => {
            // Let other calls run in between, to show the writer still keeps them in order.
            await new Promise((r) => setImmediate(r));
            if (method === failOn) {
                throw new Error('connection is shut down');
            }
            calls.push([method, args instanceof Map ? Object.fromEntries(args) : args instanceof Uint8Array ? args.length : args]);
            return {};
        },
    };
    return {calls, rpc: rpc as never};
}

test('header names are canonicalised like Go', () => {
    expect(canonicalHeaderKey('content-type')).toBe('Content-Type');
    expect(canonicalHeaderKey('X-CONTENT-type-OPTIONS')).toBe('X-Content-Type-Options');
    expect(canonicalHeaderKey('bad header')).toBe('bad header');
});

test('headers are synced before the status, the status before the body, then each chunk is written', async () => {
    const r = recorder();
    const w = new RemoteResponseWriter(r.rpc);
    w.setHeader('content-type', 'application/json');
    w.writeHead(404);
    w.writeHead(500);
    const a = w.write('{"error":');
    const b = w.write(new Uint8Array(3));
    await Promise.all([a, b]);
    await w.finish();
    expect(r.calls).toEqual([
        ['Plugin.SyncHeader', {'Content-Type': ['application/json']}],
        ['Plugin.WriteHeader', 404],
        ['Plugin.Write', 9],
        ['Plugin.Write', 3],
    ]);
    expect(w.statusSent).toBe(404);
});

test('a 200 before the first write is left to the host; a large chunk is split', async () => {
    const r = recorder();
    const w = new RemoteResponseWriter(r.rpc);
    w.writeHead(200);
    await w.write(new Uint8Array(MAX_WRITE_BYTES * 2 + 1));
    await w.finish();
    expect(r.calls).toEqual([['Plugin.Write', MAX_WRITE_BYTES], ['Plugin.Write', MAX_WRITE_BYTES], ['Plugin.Write', 1]]);
    expect(w.written).toBe(MAX_WRITE_BYTES * 2 + 1);
});

test('a handler that writes nothing still sends its status and headers on finish', async () => {
    const r = recorder();
    const w = new RemoteResponseWriter(r.rpc);
    w.setHeader('Location', '/x');
    w.writeHead(302);
    await w.finish();
    await w.finish();
    expect(r.calls).toEqual([['Plugin.SyncHeader', {Location: ['/x']}], ['Plugin.WriteHeader', 302]]);
});

test('bad statuses and header injection are refused; a failed write rejects and later writes still run in order', async () => {
    const w0 = new RemoteResponseWriter(recorder().rpc);
    expect(() => w0.writeHead(99)).toThrow(RangeError);
    expect(() => w0.writeHead(1000)).toThrow(RangeError);
    expect(() => w0.setHeader('X-A', 'a\r\nSet-Cookie: x')).toThrow(/line break/);
    const r = recorder('Plugin.Write');
    const w = new RemoteResponseWriter(r.rpc);
    await expect(w.write('x')).rejects.toThrow('connection is shut down');
    await expect(w.write('y')).rejects.toThrow('connection is shut down');
});
