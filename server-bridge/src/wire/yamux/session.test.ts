import crypto from 'crypto';
import net from 'net';
import {PassThrough} from 'stream';
import {YamuxConfig, YamuxLogLevel} from './config';
import {decodeHeader, encodeHeader, Flag, FrameType, GoAwayCode, HEADER_SIZE, INITIAL_STREAM_WINDOW} from './frame';
import {YamuxSession} from './session';
import {YamuxStream} from './stream';
import {readAll, socketPair} from './test-socket-pair';

type Logged = Array<[YamuxLogLevel, string]>;

function quietConfig(logged: Logged = []) {
    return {enableKeepAlive: false, logger: (level: YamuxLogLevel, msg: string) => void logged.push([level, msg])};
}

let cleanups: Array<() => void> = [];
afterEach(() => {
    cleanups.forEach((c) => c());
    cleanups = [];
});

async function sessionPair(logged?: Logged): Promise<[YamuxSession, YamuxSession]> {
    const [a, b, cleanup] = await socketPair();
    const client = YamuxSession.client(a, quietConfig(logged));
    const server = YamuxSession.server(b, quietConfig(logged));
    cleanups.push(() => {
        void client.close();
        void server.close();
        cleanup();
    });
    return [client, server];
}

/** A session against a raw socket we drive frame by frame. */
async function rawPeer(role: 'client' | 'server', logged: Logged = [], config: Partial<YamuxConfig> = {}) {
    const [a, b, cleanup] = await socketPair();
    const session = new YamuxSession(a, role, {...quietConfig(logged), ...config});
    cleanups.push(() => {
        void session.close();
        cleanup();
    });
    let buffered = Buffer.alloc(0);
    const waiters: Array<() => void> = [];
    b.on('data', (c: Buffer) => {
        buffered = Buffer.concat([buffered, c]);
        waiters.splice(0).forEach((w) => w());
    });
    b.on('end', () => waiters.splice(0).forEach((w) => w()));
    const nextFrame = async () => {
        while (buffered.length < HEADER_SIZE) {
            if (b.readableEnded) {
                return null;
            }
            await new Promise<void>((r) => waiters.push(r));
        }
        const h = decodeHeader(buffered);
        const bodyLen = h.type === FrameType.Data ? h.length : 0;
        while (buffered.length < HEADER_SIZE + bodyLen) {
            await new Promise<void>((r) => waiters.push(r));
        }
        const body = buffered.subarray(HEADER_SIZE, HEADER_SIZE + bodyLen);
        buffered = buffered.subarray(HEADER_SIZE + bodyLen);
        return {...h, body};
    };
    const send = (type: FrameType, flags: number, id: number, length: number, body?: Buffer) => {
        b.write(encodeHeader(type, flags, id, length));
        if (body) {
            b.write(body);
        }
    };
    return {session, socket: b, nextFrame, send, logged};
}

test('client opens odd ids, server even ids, and data flows both ways', async () => {
    const [client, server] = await sessionPair();
    const c1 = await client.open();
    const c2 = await client.open();
    const s1 = await server.open();
    expect([c1.id, c2.id, s1.id]).toEqual([1, 3, 2]);

    c1.end('hello from client');
    const accepted = await server.accept();
    expect(accepted.id).toBe(1);
    expect((await readAll(accepted)).toString()).toBe('hello from client');

    const fromServer = await client.accept();
    expect(fromServer.id).toBe(2);
    s1.end('hi');
    expect((await readAll(fromServer)).toString()).toBe('hi');
});

test('a transfer larger than many windows arrives intact', async () => {
    const [client, server] = await sessionPair();
    const payload = crypto.randomBytes(3 * 1024 * 1024 + 17);
    const stream = await client.open();
    stream.end(payload);
    const got = await readAll(await server.accept());
    expect(crypto.createHash('sha256').update(got).digest('hex')).toBe(crypto.createHash('sha256').update(payload).digest('hex'));
});

test('a reader that does not read stops the writer at the window', async () => {
    const [client, server] = await sessionPair();
    const stream = await client.open();
    let written = false;
    stream.write(Buffer.alloc(INITIAL_STREAM_WINDOW * 3), () => {
        written = true;
    });
    const accepted = await server.accept();
    // Round trips let every frame the writer could send arrive.
    for (let i = 0; i < 5; i++) {
        await client.ping();
    }
    expect(written).toBe(false);
    expect(accepted.bufferedBytes).toBe(INITIAL_STREAM_WINDOW);
    const got = readAll(accepted);
    stream.end();
    expect((await got).length).toBe(INITIAL_STREAM_WINDOW * 3);
    expect(written).toBe(true);
});

test('half-close: the other side reads end of stream and can still answer', async () => {
    const [client, server] = await sessionPair();
    const stream = await client.open();
    stream.end('question');
    const accepted = await server.accept();
    expect((await readAll(accepted)).toString()).toBe('question');
    const closed = new Promise((r) => stream.once('close', r));
    const answer = readAll(stream);
    accepted.end('answer');
    expect((await answer).toString()).toBe('answer');
    await closed;
    expect(client.numStreams).toBe(0);
});

test('reset: the peer sees connection reset', async () => {
    const [client, server] = await sessionPair();
    const stream = await client.open();
    stream.write('x');
    const accepted = await server.accept();
    const failed = new Promise<Error>((resolve) => stream.once('error', resolve));
    accepted.reset();
    const err = await failed;
    expect((err as {code?: string}).code).toBe('ERR_CONNECTION_RESET');
    expect(server.numStreams).toBe(0);
});

test('ping answers and go-away stops new opens but keeps existing streams', async () => {
    const [client, server] = await sessionPair();
    const existing = await client.open();
    existing.write('a');
    const acceptedExisting = await server.accept();
    expect(typeof await client.ping()).toBe('number');
    server.goAway();
    await server.ping();
    expect(client.remoteWentAway).toBe(true);
    await expect(client.open()).rejects.toMatchObject({code: 'ERR_REMOTE_GOAWAY'});
    existing.end('b');
    expect((await readAll(acceptedExisting)).toString()).toBe('ab');
});

test('closing the session ends pending accepts and delivers end of stream', async () => {
    const [client, server] = await sessionPair();
    const stream = await client.open();
    stream.write('tail');
    const accepted = await server.accept();
    const pendingAccept = client.accept();
    const body = readAll(accepted);
    await client.ping();
    await server.close();
    expect((await body).toString()).toBe('tail');
    await expect(pendingAccept).rejects.toBeInstanceOf(Error);
    expect(await client.closed).toBeInstanceOf(Error);
    await expect(client.open()).rejects.toBeInstanceOf(Error);
});

test('window updates follow Go: none below half a window, then the full consumed amount', async () => {
    const peer = await rawPeer('server');
    // We are the raw client: open stream 1 with SYN.
    peer.send(FrameType.WindowUpdate, Flag.SYN, 1, 0);
    const accepted = await peer.session.accept();
    const ack = await peer.nextFrame();
    expect(ack).toMatchObject({type: FrameType.WindowUpdate, flags: Flag.ACK, streamId: 1, length: 0});

    const received: Buffer[] = [];
    accepted.on('data', (c: Buffer) => received.push(c));
    const small = 100 * 1024;
    peer.send(FrameType.Data, 0, 1, small, Buffer.alloc(small, 1));
    peer.send(FrameType.Ping, Flag.SYN, 0, 7);
    expect(await peer.nextFrame()).toMatchObject({type: FrameType.Ping, flags: Flag.ACK, length: 7});
    const more = 60 * 1024;
    peer.send(FrameType.Data, 0, 1, more, Buffer.alloc(more, 2));
    const update = await peer.nextFrame();
    expect(update).toMatchObject({type: FrameType.WindowUpdate, flags: 0, streamId: 1, length: small + more});
    expect(Buffer.concat(received).length).toBe(small + more);
});

test('a receive window larger than the initial one is granted with the ACK and refilled at half of it', async () => {
    const max = 1024 * 1024;
    const peer = await rawPeer('server', [], {maxStreamWindowSize: max});
    peer.send(FrameType.WindowUpdate, Flag.SYN, 1, 0);
    const accepted = await peer.session.accept();
    // Go's sendWindowUpdate on accept: the ACK carries everything beyond the initial 256 KiB.
    expect(await peer.nextFrame()).toMatchObject({type: FrameType.WindowUpdate, flags: Flag.ACK, streamId: 1, length: max - INITIAL_STREAM_WINDOW});

    const received: Buffer[] = [];
    accepted.on('data', (c: Buffer) => received.push(c));
    // More than the initial window in one go is within what was granted.
    const first = 400 * 1024;
    peer.send(FrameType.Data, 0, 1, first, Buffer.alloc(first, 1));
    peer.send(FrameType.Ping, Flag.SYN, 0, 9);
    // No update yet: 400 KiB consumed is less than half of 1 MiB.
    expect(await peer.nextFrame()).toMatchObject({type: FrameType.Ping, flags: Flag.ACK, length: 9});
    const second = 200 * 1024;
    peer.send(FrameType.Data, 0, 1, second, Buffer.alloc(second, 2));
    // Once half of 1 MiB is consumed (the second frame may still be arriving), all that was
    // consumed so far goes back in one update.
    const update = await peer.nextFrame();
    expect(update).toMatchObject({type: FrameType.WindowUpdate, flags: 0, streamId: 1});
    expect(update?.length).toBeGreaterThanOrEqual(max / 2);
    expect(update?.length).toBeLessThanOrEqual(first + second);
    while (received.reduce((n, c) => n + c.length, 0) < first + second) {
        await new Promise((r) => setTimeout(r, 5));
    }
    expect(Buffer.concat(received).equals(Buffer.concat([Buffer.alloc(first, 1), Buffer.alloc(second, 2)]))).toBe(true);
});

test('data beyond a larger receive window is still a protocol error', async () => {
    const max = 1024 * 1024;
    const peer = await rawPeer('server', [], {maxStreamWindowSize: max});
    peer.send(FrameType.WindowUpdate, Flag.SYN, 1, 0);
    const accepted = await peer.session.accept();
    accepted.pause();
    expect(await peer.nextFrame()).toMatchObject({flags: Flag.ACK, length: max - INITIAL_STREAM_WINDOW});
    peer.send(FrameType.Data, 0, 1, max, Buffer.alloc(max));
    peer.send(FrameType.Data, 0, 1, 1, Buffer.alloc(1));
    let frame = await peer.nextFrame();
    while (frame && frame.type !== FrameType.GoAway) {
        frame = await peer.nextFrame();
    }
    expect(frame).toMatchObject({type: FrameType.GoAway, length: GoAwayCode.ProtocolError});
    expect(await peer.session.closed).toMatchObject({code: 'ERR_RECV_WINDOW_EXCEEDED'});
});

async function expectProtocolError(role: 'client' | 'server', frames: (p: Awaited<ReturnType<typeof rawPeer>>) => void) {
    const peer = await rawPeer(role);
    frames(peer);
    let frame = await peer.nextFrame();
    while (frame && frame.type !== FrameType.GoAway) {
        frame = await peer.nextFrame();
    }
    expect(frame).toMatchObject({type: FrameType.GoAway, length: GoAwayCode.ProtocolError});
    const reason = await peer.session.closed;
    expect(reason).toBeInstanceOf(Error);
    expect(peer.logged.some(([level]) => level === 'error')).toBe(true);
    return reason as Error & {code: string};
}

test('invalid version is a protocol error', async () => {
    const reason = await expectProtocolError('server', (p) => {
        const h = encodeHeader(FrameType.Ping, Flag.SYN, 0, 1);
        h[0] = 1;
        p.socket.write(h);
    });
    expect(reason.code).toBe('ERR_INVALID_VERSION');
});

test('unknown frame type is a protocol error', async () => {
    const reason = await expectProtocolError('server', (p) => p.socket.write(Buffer.from([0, 9, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0])));
    expect(reason.code).toBe('ERR_INVALID_MSG_TYPE');
});

test('a stream opened with our own id parity is a protocol error', async () => {
    const reason = await expectProtocolError('server', (p) => p.send(FrameType.WindowUpdate, Flag.SYN, 2, 0));
    expect(reason.code).toBe('ERR_PROTOCOL');
});

test('stream id 0 in a data frame is a protocol error', async () => {
    const reason = await expectProtocolError('client', (p) => p.send(FrameType.Data, 0, 0, 1, Buffer.from([1])));
    expect(reason.code).toBe('ERR_PROTOCOL');
});

test('data beyond the receive window is a protocol error', async () => {
    const reason = await expectProtocolError('server', (p) => {
        p.send(FrameType.WindowUpdate, Flag.SYN, 1, 0);
        p.send(FrameType.Data, 0, 1, INITIAL_STREAM_WINDOW + 1);
    });
    expect(reason.code).toBe('ERR_RECV_WINDOW_EXCEEDED');
});

test('a duplicate SYN is a protocol error', async () => {
    const reason = await expectProtocolError('server', (p) => {
        p.send(FrameType.WindowUpdate, Flag.SYN, 1, 0);
        p.send(FrameType.WindowUpdate, Flag.SYN, 1, 0);
    });
    expect(reason.code).toBe('ERR_DUPLICATE_STREAM');
});

test('a window update that overflows 32 bits is a protocol error', async () => {
    const reason = await expectProtocolError('server', (p) => {
        p.send(FrameType.WindowUpdate, Flag.SYN, 1, 0xffffffff);
    });
    expect(reason.code).toBe('ERR_PROTOCOL');
});

test('a remote protocol-error go-away ends the session without answering', async () => {
    const peer = await rawPeer('client');
    peer.send(FrameType.GoAway, 0, 0, GoAwayCode.ProtocolError);
    const reason = await peer.session.closed;
    expect(reason).toMatchObject({code: 'ERR_REMOTE_PROTOCOL'});
    expect(await peer.nextFrame()).toBeNull();
});

test('streams beyond the accept backlog are reset', async () => {
    const [a, b, cleanup] = await socketPair();
    const server = YamuxSession.server(b, {...quietConfig(), acceptBacklog: 2});
    const client = YamuxSession.client(a, quietConfig());
    cleanups.push(() => {
        void client.close();
        void server.close();
        cleanup();
    });
    const streams: YamuxStream[] = [];
    for (let i = 0; i < 2; i++) {
        streams.push(await client.open());
    }
    // The client's own backlog also caps unacknowledged opens, so use a raw third SYN.
    const errs: Error[] = [];
    streams.forEach((s) => s.on('error', (e) => errs.push(e)));
    (a as net.Socket).write(encodeHeader(FrameType.WindowUpdate, Flag.SYN, 99, 0));
    await client.ping();
    expect(server.numStreams).toBe(2);
    const first = await server.accept();
    expect(first.id).toBe(1);
    expect(errs).toEqual([]);
});

test('a session survives arbitrary chunking of its input', async () => {
    const peer = await rawPeer('server');
    const frames = Buffer.concat([
        encodeHeader(FrameType.WindowUpdate, Flag.SYN, 1, 0),
        encodeHeader(FrameType.Data, 0, 1, 5), Buffer.from('hello'),
        encodeHeader(FrameType.Data, Flag.FIN, 1, 6), Buffer.from(' world'),
    ]);
    for (const byte of frames) {
        peer.socket.write(Buffer.from([byte]));
    }
    const accepted = await peer.session.accept();
    expect((await readAll(accepted)).toString()).toBe('hello world');
});

test('a peer that goes silent in the middle of a frame is ended by the keepalive, not waited on forever', async () => {
    const [a, b, cleanup] = await socketPair();
    const logged: Logged = [];
    const session = YamuxSession.server(a, {...quietConfig(logged), enableKeepAlive: true, keepAliveIntervalMs: 30, connectionWriteTimeoutMs: 60});
    cleanups.push(() => {
        void session.close();
        cleanup();
    });
    b.write(encodeHeader(FrameType.WindowUpdate, Flag.SYN, 1, 0));
    const accepted = await session.accept();
    const read = readAll(accepted).then(() => 'ended', () => 'failed');
    // Half of a data frame's header, then nothing: not even ping answers.
    b.write(encodeHeader(FrameType.Data, 0, 1, 100).subarray(0, 6));
    const reason = await session.closed;
    expect(reason).toMatchObject({code: 'ERR_KEEPALIVE_TIMEOUT'});
    expect(['ended', 'failed']).toContain(await read);
    expect(logged.some(([level, msg]) => level === 'error' && /keepalive/.test(msg))).toBe(true);
});

test('incoming streams beyond maxStreams are reset while the open ones keep working', async () => {
    const peer = await rawPeer('server');
    peer.session.config.maxStreams = 2;
    peer.send(FrameType.WindowUpdate, Flag.SYN, 1, 0);
    peer.send(FrameType.WindowUpdate, Flag.SYN, 3, 0);
    peer.send(FrameType.WindowUpdate, Flag.SYN, 5, 0);
    // The first two are acknowledged only when accepted; the third is refused at once.
    expect(await peer.nextFrame()).toMatchObject({type: FrameType.WindowUpdate, flags: Flag.RST, streamId: 5});
    expect(peer.session.numStreams).toBe(2);
    const first = await peer.session.accept();
    expect(first.id).toBe(1);
    expect(await peer.nextFrame()).toMatchObject({type: FrameType.WindowUpdate, flags: Flag.ACK, streamId: 1});
    expect(peer.session.isClosed).toBe(false);
});

test('a peer that went away (EPIPE, ECONNRESET) ends the session without a log line; other errors are logged', async () => {
    for (const [code, logs] of [['EPIPE', false], ['ECONNRESET', false], ['EACCES', true]] as const) {
        const logged: Logged = [];
        const conn = new PassThrough();
        const session = YamuxSession.server(conn, quietConfig(logged));
        conn.emit('error', Object.assign(new Error(`write ${code}`), {code}));
        expect(await session.closed).toMatchObject({code});
        expect(logged.some(([, msg]) => msg.includes(code))).toBe(logs);
    }
});
