// The stand-in's websocket against the behaviour the real server showed (docs/real-server.md):
// the Origin must be the site URL's, nothing is answered before the session is known, the
// hello comes first and numbers the stream, broadcasts reach a channel's members or one
// user, and a client that comes back with its connection id and sequence number gets what
// it missed, while one whose events are gone gets a new connection id and a hello.
import {createServer, type Server, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';

import WS from 'ws';

import {EventHub, WEBSOCKET_PATH} from './lib/event-hub';
import {setSession} from './lib/session';

interface Frame {event?: string; seq?: number; seq_reply?: number; status?: string; data?: Record<string, unknown>; broadcast?: Record<string, unknown>}

const members: Record<string, string[]> = {release: ['ann', 'bob']};
let server: Server;
let hub: EventHub;
let url = '';

/** The session cookie of a user, as the sign-in route sets it. */
function cookieOf(userId: string): {cookie: string; token: string} {
    const headers: string[] = [];
    const token = setSession({setHeader: (_name: string, value: string[]) => headers.push(...value)} as unknown as ServerResponse, userId);
    return {cookie: headers.map((h) => h.split(';')[0]).join('; '), token};
}

interface Client {
    ws: WS;
    frames: Frame[];
    next(pred: (f: Frame) => boolean): Promise<Frame>;
}

async function open(query = '', headers: Record<string, string> = {}): Promise<Client> {
    const ws = new WS(`${url.replace('http', 'ws')}${WEBSOCKET_PATH}${query}`, {headers: {origin: url, ...headers}});
    const frames: Frame[] = [];
    ws.on('message', (d) => frames.push(JSON.parse(d.toString()) as Frame));
    await new Promise((resolve, reject) => {
        ws.once('open', resolve);
        ws.once('error', reject);
    });
    return {
        ws, frames,
        async next(pred) {
            const deadline = Date.now() + 5000;
            for (;;) {
                const found = frames.find(pred);
                if (found) {
                    return found;
                }
                if (Date.now() > deadline) {
                    throw new Error(`no matching frame; got ${JSON.stringify(frames)}`);
                }
                await new Promise((r) => setTimeout(r, 10));
            }
        },
    };
}

const settle = () => new Promise((r) => setTimeout(r, 100));

beforeEach(async () => {
    server = createServer((_req, res) => res.writeHead(404).end());
    hub = new EventHub((channel, user) => members[channel]?.includes(user) ?? false, {siteURL: () => url});
    server.on('upgrade', (req, socket, head) => hub.upgrade(req, socket, head));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
    hub.stop();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
});

test('an upgrade from another origin is refused with 403', async () => {
    const ws = new WS(`${url.replace('http', 'ws')}${WEBSOCKET_PATH}`, {headers: {origin: 'http://elsewhere.example', cookie: cookieOf('ann').cookie}});
    const status = await new Promise<number>((resolve) => {
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => resolve(101));
    });
    expect(status).toBe(403);
});

test('with the session cookie the hello comes first, numbered 0, then events in order; a ping is answered', async () => {
    const ann = await open('', {cookie: cookieOf('ann').cookie});
    const hello = await ann.next((f) => f.event === 'hello');
    expect(hello).toMatchObject({seq: 0, broadcast: {user_id: 'ann'}, data: {connection_id: expect.stringMatching(/^[a-z0-9]{26}$/)}});
    ann.ws.send(JSON.stringify({action: 'ping', seq: 1}));
    expect(await ann.next((f) => f.seq_reply === 1)).toMatchObject({status: 'OK', data: {text: 'pong'}});
    hub.publish({event: 'custom_x', data: {n: 1}, broadcast: {channel_id: 'release'}});
    const event = await ann.next((f) => f.event === 'custom_x');
    expect(event.seq).toBe(Math.max(...ann.frames.filter((f) => f.seq !== undefined && f !== event).map((f) => f.seq!)) + 1);
    ann.ws.close();
});

test('without a cookie nothing is answered until authentication_challenge; then the hello, then the answer', async () => {
    const anon = await open();
    anon.ws.send(JSON.stringify({action: 'ping', seq: 1}));
    await settle();
    expect(anon.frames).toEqual([]);
    anon.ws.send(JSON.stringify({action: 'authentication_challenge', seq: 2, data: {token: cookieOf('bob').token}}));
    await anon.next((f) => f.seq_reply === 2);
    expect(anon.frames.slice(0, 2).map((f) => f.event ?? `reply ${f.seq_reply} ${f.status}`)).toEqual(['hello', 'reply 2 OK']);
    anon.ws.close();
});

test('a channel event reaches its members only; a user event that user only', async () => {
    const ann = await open('', {cookie: cookieOf('ann').cookie});
    const cid = await open('', {cookie: cookieOf('cid').cookie});
    await ann.next((f) => f.event === 'hello');
    await cid.next((f) => f.event === 'hello');
    hub.publish({event: 'to_channel', data: {}, broadcast: {channel_id: 'release'}});
    hub.publish({event: 'to_cid', data: {}, broadcast: {user_id: 'cid'}});
    await ann.next((f) => f.event === 'to_channel');
    await cid.next((f) => f.event === 'to_cid');
    await settle();
    expect(ann.frames.map((f) => f.event)).not.toContain('to_cid');
    expect(cid.frames.map((f) => f.event)).not.toContain('to_channel');
    ann.ws.close();
    cid.ws.close();
});

test('coming back with its connection id and sequence number, a client gets what it missed; with an unknown id, a new hello', async () => {
    const {cookie} = cookieOf('ann');
    const first = await open('', {cookie});
    const hello = await first.next((f) => f.event === 'hello');
    // A user's first socket also hears that they are online.
    await first.next((f) => f.event === 'status_change');
    hub.publish({event: 'one', data: {}, broadcast: {channel_id: 'release'}});
    const one = await first.next((f) => f.event === 'one');
    hub.disconnectAll();
    await new Promise((r) => first.ws.once('close', r));
    hub.publish({event: 'two', data: {}, broadcast: {channel_id: 'release'}});
    const connecting = open(`?connection_id=${String(hello.data!.connection_id)}&sequence_number=${one.seq! + 1}`, {cookie});
    await settle();
    hub.reconnectAll();
    const again = await connecting;
    const two = await again.next((f) => f.event === 'two');
    expect(two.seq).toBe(one.seq! + 1);
    expect(again.frames.map((f) => f.event)).not.toContain('hello');
    again.ws.close();

    const lost = await open('?connection_id=abcdefghijklmnopqrstuvwxyz&sequence_number=7', {cookie});
    const fresh = await lost.next((f) => f.event === 'hello');
    expect(fresh.seq).toBe(0);
    expect(fresh.data!.connection_id).not.toBe(hello.data!.connection_id);
    lost.ws.close();
});
