import {Duplex, PassThrough} from 'node:stream';

import {encodeVarint} from '../mattermost/request-body';
import {RemoteResponseWriter} from '../mattermost/response-writer';
import type {HttpResponse} from '../product/http-types';
import type {RpcMethod} from '../wire/netrpc';

import {canonicalHeaderKey, readVarint, responseWriterMethods, serveRequestBody, type ResponseState} from './http-streams';

test('canonical header keys as Go writes them', () => {
    expect(canonicalHeaderKey('mattermost-user-id')).toBe('Mattermost-User-Id');
    expect(canonicalHeaderKey('CONTENT-TYPE')).toBe('Content-Type');
});

test.each([0, 1, -1, 63, 64, 32768, 1 << 20, -(1 << 20)])('varint %d reads back what the plugin side writes', (n) => {
    const bytes = encodeVarint(n);
    expect(readVarint(Buffer.concat([bytes, Buffer.from([0xff])]))).toEqual({value: n, length: bytes.length});
    expect(readVarint(bytes.subarray(0, bytes.length - 1))).toBeNull();
});

test('a varint longer than 64 bits is an error, not a hang', () => {
    expect(() => readVarint(Buffer.alloc(10, 0xff))).toThrow('varint');
});

/** The host end and the plugin end of one stream. */
function pair(): {host: Duplex; plugin: {write(b: Buffer): void; end(): void; sofar(): string; received: Promise<Buffer>}} {
    const toHost = new PassThrough();
    const toPlugin = new PassThrough();
    const host = Duplex.from({readable: toHost, writable: toPlugin});
    const parts: Buffer[] = [];
    toPlugin.on('data', (c: Buffer) => parts.push(c));
    toPlugin.on('error', () => undefined);
    const received = new Promise<Buffer>((resolve) => {
        toPlugin.on('end', () => resolve(Buffer.concat(parts)));
        toPlugin.on('close', () => resolve(Buffer.concat(parts)));
    });
    return {host, plugin: {write: (b) => toHost.write(b), end: () => toHost.end(), sofar: () => Buffer.concat(parts).toString(), received}};
}

const tick = () => new Promise((r) => setTimeout(r, 20));

async function* chunks(...parts: string[]): AsyncGenerator<Uint8Array> {
    for (const p of parts) {
        yield Buffer.from(p);
    }
}

test('the body is answered pull by pull, never more than asked, and the stream ends with it', async () => {
    const {host, plugin} = pair();
    const served = serveRequestBody(host, chunks('hello ', 'world', '!'));
    plugin.write(encodeVarint(4));
    await tick();
    expect(plugin.sofar()).toBe('hell');
    plugin.write(encodeVarint(100));
    const got = await plugin.received;
    expect(got.toString()).toBe('hello world!');
    plugin.end();
    await served;
});

test('a plugin that floods the stream instead of asking is cut off', async () => {
    const {host, plugin} = pair();
    const served = serveRequestBody(host, chunks('x'));
    plugin.write(Buffer.alloc(200, 0x80));
    await served;
    expect(host.destroyed).toBe(true);
});

/** An HttpResponse that records what reached it. */
function recordingResponse() {
    const out = {status: 0, headers: {} as Record<string, string>, body: ''};
    const res: HttpResponse = {
        setHeader: (name, value) => {
            out.headers[name] = value;
        },
        writeHead: (status) => {
            out.status = status;
        },
        write: async (chunk) => {
            out.body += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
        },
    };
    return {res, out};
}

/** Calls the service's handlers directly, as the net/rpc server would after decoding. */
function directCaller(methods: Record<string, RpcMethod>) {
    return {
        call: async (serviceMethod: string, _a: unknown, args: unknown) => {
            const m = methods[serviceMethod.replace(/^Plugin\./, '')];
            if (!m) {
                throw new Error(`rpc: can't find method ${serviceMethod}`);
            }
            return m.handler(args as never);
        },
    } as never;
}

function writerService(preset: Record<string, string[]>) {
    const {res, out} = recordingResponse();
    const state: ResponseState = {status: 0, headersSent: false};
    const methods = responseWriterMethods(res, state, preset);
    return {methods, out, state, caller: directCaller(methods)};
}

test('Plugin.Header answers the headers the host set before ServeHTTP, canonicalised, as a copy', async () => {
    const {methods} = writerService({'x-content-type-options': ['nosniff']});
    const first = await methods.Header.handler({} as never) as Map<string, string[]>;
    expect(Object.fromEntries(first)).toEqual({'X-Content-Type-Options': ['nosniff']});
    first.set('X-Injected', ['1']);
    const again = await methods.Header.handler({} as never) as Map<string, string[]>;
    expect(again.has('X-Injected')).toBe(false);
});

test('the bridge\'s writer keeps the host\'s preset headers and its own win on the same name', async () => {
    const svc = writerService({'X-Content-Type-Options': ['nosniff'], 'Cache-Control': ['public']});
    const w = new RemoteResponseWriter(svc.caller);
    w.setHeader('Cache-Control', 'no-store');
    w.setHeader('Content-Type', 'application/json');
    w.writeHead(201);
    await w.write('{}');
    await w.finish();
    expect(svc.out).toEqual({
        status: 201,
        headers: {'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store', 'Content-Type': 'application/json'},
        body: '{}',
    });
});

test('SyncHeader deletes a preset header the plugin leaves out, as http.go does', async () => {
    const svc = writerService({'X-Content-Type-Options': ['nosniff'], 'Vary': ['Origin']});
    await svc.methods.SyncHeader.handler(new Map([['Vary', ['Origin']], ['content-type', ['text/plain']]]) as never);
    await svc.methods.Write.handler(Buffer.from('x') as never);
    expect(svc.out.headers).toEqual({'Vary': 'Origin', 'Content-Type': 'text/plain'});
    expect(svc.state).toEqual({status: 200, headersSent: true});
});

test('a plugin that sets no header leaves the preset headers untouched', async () => {
    const svc = writerService({'X-Content-Type-Options': ['nosniff']});
    const w = new RemoteResponseWriter(svc.caller);
    await w.write('plain');
    await w.finish();
    expect(svc.out).toEqual({status: 200, headers: {'X-Content-Type-Options': 'nosniff'}, body: 'plain'});
});
