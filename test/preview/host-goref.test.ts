// The bridge's host side (server-bridge/src/host) against a real Go plugin written the way
// Mattermost plugins are (test/conformance/goref: plugin.ClientMain from server/public, so
// Mattermost's own plugin-side RPC glue over go-plugin v1.7.0 and yamux v0.1.2): handshake,
// yamux, net/rpc, dispense, OnActivate with the API and the database driver streams served
// over the broker (OnConfigurationChange's LoadPluginConfiguration runs first, then
// RegisterCommand), ServeHTTP with streamed request and response bodies and a KVGet,
// ExecuteCommand, and a clean stop that leaves no process behind.
import {buildGoPrograms} from '../conformance/gohost/build-go';
import {PluginHost} from '../../server-bridge/src/host';
import type {HttpResponse} from '../../server-bridge/src/product/http-types';
import {MemoryPlatform} from '../../server-bridge/src/product/testing';

jest.setTimeout(120_000);

let goref: string;
let platform: MemoryPlatform;
let host: PluginHost;
const logs: string[] = [];

function body(chunks: Uint8Array[]): AsyncIterable<Uint8Array> {
    return {async* [Symbol.asyncIterator]() {
        for (const c of chunks) {
            yield c;
        }
    }};
}

async function request(method: string, url: string, headers: Record<string, string[]>, chunks: Uint8Array[] = []) {
    let status = 0;
    const outHeaders: Record<string, string> = {};
    const parts: Buffer[] = [];
    const res: HttpResponse = {
        setHeader: (k, v) => {
            outHeaders[k.toLowerCase()] = v;
        },
        writeHead: (s) => {
            status = s;
        },
        write: async (c) => {
            parts.push(Buffer.from(c));
        },
    };
    await host.serveHTTP({method, url, headers, body: body(chunks)}, res);
    return {status, headers: outHeaders, body: Buffer.concat(parts)};
}

beforeAll(async () => {
    goref = buildGoPrograms(['goref']).goref;
    platform = new MemoryPlatform({users: [{id: 'u1', username: 'alice'}]});
    host = new PluginHost({executable: goref, bundlePath: process.cwd(), api: platform, log: (level, m) => logs.push(`${level} ${m}`)});
    await host.start();
});

afterAll(async () => {
    await host?.stop();
});

test('the host dispenses hooks and learns what the plugin implements', () => {
    expect([...host.implementedHooks].sort()).toEqual(['ExecuteCommand', 'OnActivate', 'OnConfigurationChange', 'OnDeactivate', 'ServeHTTP']);
});

test('OnActivate serves the API over the broker: the plugin registers its command', async () => {
    await host.ping();
    await host.activate();
    expect(platform.commands.map((c) => c.trigger)).toEqual(['ref']);
    expect(platform.commands[0].autoCompleteDesc).toBe('reference plugin');
    await host.onConfigurationChange();
});

test('ServeHTTP passes the user id header and streams the answer', async () => {
    const hello = await request('GET', '/hello', {'mattermost-user-id': ['u1']});
    expect(hello).toMatchObject({status: 200});
    expect(hello.body.toString()).toBe('hello u1');
    const anonymous = await request('GET', '/hello', {});
    expect(anonymous.status).toBe(401);
    const missing = await request('GET', '/nothing-here', {'mattermost-user-id': ['u1']});
    expect(missing.status).toBe(404);
});

test('a request body larger than one pull streams through and back', async () => {
    const big = Buffer.alloc(300 * 1024);
    for (let i = 0; i < big.length; i++) {
        big[i] = (i * 7) & 255;
    }
    const chunks = [big.subarray(0, 1000), big.subarray(1000, 200_000), big.subarray(200_000)];
    const echo = await request('POST', '/echo', {'mattermost-user-id': ['u1']}, chunks);
    expect(echo.status).toBe(200);
    expect(echo.headers['content-type']).toBe('application/octet-stream');
    expect(echo.body.equals(big)).toBe(true);
});

test('an API call inside ServeHTTP reads the platform KV store', async () => {
    await platform.kv.set('bench', new Uint8Array([1, 2, 3, 4, 5]));
    const kv = await request('GET', '/bench/kv', {'mattermost-user-id': ['u1']});
    expect(kv.body.toString()).toBe('kv 5');
});

test('ExecuteCommand carries the command and returns the response', async () => {
    const r = await host.executeCommand({command: '/ref go', userId: 'u1', channelId: 'c1', teamId: 't1'}, 'http://localhost');
    expect(r).toEqual({responseType: 'ephemeral', text: 'ref: /ref go'});
});

test('stop deactivates, quits and leaves no process', async () => {
    const pid = host.pid!;
    await host.stop();
    expect(() => process.kill(pid, 0)).toThrow();
    await expect(host.ping()).rejects.toThrow('the plugin is not running');
});
