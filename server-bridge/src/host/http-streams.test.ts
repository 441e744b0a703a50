import {Duplex, PassThrough} from 'node:stream';

import {encodeVarint} from '../mattermost/request-body';

import {canonicalHeaderKey, readVarint, serveRequestBody} from './http-streams';

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
