// The response writer's calls on the host's response-writer service: order, header sync,
// status, chunking, Go's rules (first status wins, implicit 200), and the headers the
// server set before ServeHTTP surviving SyncHeader's replace-the-map semantics.
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
        ['Plugin.Header', {}],
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
    expect(r.calls).toEqual([['Plugin.Header', {}], ['Plugin.SyncHeader', {Location: ['/x']}], ['Plugin.WriteHeader', 302]]);
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

/**
 * The server side as http.go's httpResponseWriterRPCServer over a Go ResponseWriter: Header
 * answers the current map, SyncHeader deletes every key the plugin did not send and sets the
 * rest, and the map is frozen into the response at the first WriteHeader or Write.
 */
function fakeHost(initial: Record<string, string[]>, opts: {headerFails?: boolean; headerReply?: unknown} = {}) {
    let header = new Map(Object.entries(initial));
    let sent: Record<string, string[]> | null = null;
    const calls: string[] = [];
    const freeze = () => {
        sent ??= Object.fromEntries(header);
    };
    const rpc = {
        call: async (method: string, _a: unknown, args: unknown) => {
            calls.push(method);
            await new Promise((r) => setImmediate(r));
            switch (method) {
            case 'Plugin.Header':
                if (opts.headerFails) {
                    throw new Error('connection is shut down');
                }
                return opts.headerReply ?? new Map(header);
            case 'Plugin.SyncHeader': {
                const next = args as Map<string, string[]>;
                for (const k of [...header.keys()]) {
                    if (!next.has(k)) {
                        header.delete(k);
                    }
                }
                header = new Map([...header, ...next]);
                return {};
            }
            case 'Plugin.WriteHeader':
            case 'Plugin.Write':
                freeze();
                return {};
            default:
                throw new Error(`unexpected ${method}`);
            }
        },
    };
    return {rpc: rpc as never, calls, sent: () => sent, current: () => Object.fromEntries(header)};
}

const preset = {'X-Content-Type-Options': ['nosniff'], 'Vary': ['Origin'], 'Cache-Control': ['public']};

test('the fake host deletes what a sync leaves out, as Mattermost does', async () => {
    const host = fakeHost(preset);
    await (host.rpc as {call: (m: string, a: unknown, b: unknown) => Promise<unknown>}).call('Plugin.SyncHeader', null, new Map([['Content-Type', ['text/plain']]]));
    expect(host.current()).toEqual({'Content-Type': ['text/plain']});
});

test('headers the server set before ServeHTTP survive; the product wins on the same name', async () => {
    const host = fakeHost(preset);
    const w = new RemoteResponseWriter(host.rpc);
    w.setHeader('content-type', 'application/json');
    w.setHeader('cache-control', 'no-store');
    w.writeHead(201);
    await w.write('{}');
    await w.finish();
    expect(host.sent()).toEqual({
        'X-Content-Type-Options': ['nosniff'],
        'Vary': ['Origin'],
        'Cache-Control': ['no-store'],
        'Content-Type': ['application/json'],
    });
    expect(host.calls).toEqual(['Plugin.Header', 'Plugin.SyncHeader', 'Plugin.WriteHeader', 'Plugin.Write']);
});

test('the server\'s headers are fetched once, at the first setHeader, while the handler still works', async () => {
    const host = fakeHost(preset);
    const w = new RemoteResponseWriter(host.rpc);
    w.setHeader('Content-Type', 'text/plain');
    // In flight before the handler writes anything: the fetch overlaps the handler's work.
    expect(host.calls).toEqual(['Plugin.Header']);
    await w.write('a');
    w.setHeader('X-Late', '1');
    await w.write('b');
    await w.finish();
    expect(host.calls.filter((c) => c === 'Plugin.Header')).toHaveLength(1);
    expect(host.current()).toEqual({...preset, 'Content-Type': ['text/plain'], 'X-Late': ['1']});
});

test('a response that sets no header neither fetches nor syncs, so the server\'s headers stay as they were', async () => {
    const host = fakeHost(preset);
    const w = new RemoteResponseWriter(host.rpc);
    await w.write('hello');
    await w.finish();
    expect(host.calls).toEqual(['Plugin.Write']);
    expect(host.sent()).toEqual(preset);
});

test('a failed Plugin.Header fails the write with a clear error and never sends a sync that would wipe the server\'s headers', async () => {
    const host = fakeHost(preset, {headerFails: true});
    const w = new RemoteResponseWriter(host.rpc);
    w.setHeader('Content-Type', 'text/plain');
    await new Promise((r) => setImmediate(r));
    await expect(w.write('x')).rejects.toThrow(/Plugin\.Header.*connection is shut down/);
    expect(host.calls).not.toContain('Plugin.SyncHeader');
    expect(host.current()).toEqual(preset);
});

test('a malformed Plugin.Header reply keeps only its well-formed entries, canonicalised', async () => {
    const reply = new Map<unknown, unknown>([['x-frame-options', ['DENY']], ['X-Bad', 'not-a-list'], ['X-Mixed', ['a', 1]]]);
    const host = fakeHost({}, {headerReply: reply});
    const w = new RemoteResponseWriter(host.rpc);
    w.setHeader('Content-Type', 'text/plain');
    await w.write('x');
    expect(host.sent()).toEqual({'X-Frame-Options': ['DENY'], 'Content-Type': ['text/plain']});
});
