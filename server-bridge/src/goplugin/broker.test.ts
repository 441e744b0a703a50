import type {Duplex} from 'stream';
import {YamuxSession} from '../wire/yamux';
import {readAll, socketPair} from '../wire/yamux/test-socket-pair';
import {MuxBroker, readExact} from './broker';

const quiet = {logger: () => undefined, enableKeepAlive: false};

async function pair(timeoutMs = 5000) {
    const [a, b, cleanup] = await socketPair();
    const host = new YamuxSession(a, 'client', quiet);
    const plugin = new YamuxSession(b, 'server', quiet);
    const hostBroker = new MuxBroker(host, {timeoutMs});
    const pluginBroker = new MuxBroker(plugin, {timeoutMs});
    void hostBroker.run();
    void pluginBroker.run();
    return {
        host, plugin, hostBroker, pluginBroker,
        async close() {
            hostBroker.stop();
            pluginBroker.stop();
            await Promise.all([host.close(), plugin.close()]);
            cleanup();
        },
    };
}

async function roundTrip(a: Duplex, b: Duplex, text: string) {
    a.end(text);
    const got = await readAll(b);
    return got.toString();
}

test('dial reaches the peer\'s accept when accept is waiting first', async () => {
    const p = await pair();
    try {
        const id = p.hostBroker.nextId();
        const accepted = p.hostBroker.accept(id);
        const dialed = await p.pluginBroker.dial(id);
        expect(await roundTrip(dialed, await accepted, 'hello over the broker')).toBe('hello over the broker');
    } finally {
        await p.close();
    }
});

test('a stream dialled before accept is parked and handed over', async () => {
    const p = await pair();
    try {
        const dialing = p.pluginBroker.dial(7);
        await new Promise((r) => setTimeout(r, 50));
        const accepted = await p.hostBroker.accept(7);
        const dialed = await dialing;
        expect(await roundTrip(accepted, dialed, 'reply')).toBe('reply');
    } finally {
        await p.close();
    }
});

test('the id travels as 4 bytes little-endian and the ack echoes it', async () => {
    const [a, b, cleanup] = await socketPair();
    const host = new YamuxSession(a, 'client', quiet);
    const plugin = new YamuxSession(b, 'server', quiet);
    try {
        const dialing = new MuxBroker(plugin, {timeoutMs: 1000}).dial(0x01020304);
        const raw = await host.accept();
        expect([...(await readExact(raw, 4, 1000))]).toEqual([4, 3, 2, 1]);
        raw.write(Buffer.from([4, 3, 2, 1]));
        await expect(dialing).resolves.toBeDefined();
    } finally {
        await Promise.all([host.close(), plugin.close()]);
        cleanup();
    }
});

test('a wrong ack is refused', async () => {
    const [a, b, cleanup] = await socketPair();
    const host = new YamuxSession(a, 'client', quiet);
    const plugin = new YamuxSession(b, 'server', quiet);
    try {
        const broker = new MuxBroker(plugin, {timeoutMs: 1000});
        const dialing = broker.dial(9);
        const raw = await host.accept();
        await readExact(raw, 4, 1000);
        raw.write(Buffer.from([8, 0, 0, 0]));
        await expect(dialing).rejects.toThrow('bad ack: 8 (expected 9)');
    } finally {
        await Promise.all([host.close(), plugin.close()]);
        cleanup();
    }
});

test('accept times out when nobody dials', async () => {
    const p = await pair(100);
    try {
        await expect(p.hostBroker.accept(p.hostBroker.nextId())).rejects.toThrow('timeout waiting for accept');
    } finally {
        await p.close();
    }
});

test('dial times out when nobody accepts, and the parked stream is closed', async () => {
    const p = await pair(100);
    try {
        await expect(p.pluginBroker.dial(42)).rejects.toThrow(/dial 42: (timed out|stream ended)/);
        await new Promise((r) => setTimeout(r, 150));
        // After the park timeout the id is free: a later accept waits for a new dial.
        await expect(p.hostBroker.accept(42)).rejects.toThrow('timeout waiting for accept');
    } finally {
        await p.close();
    }
});

test('ids count up from 1 and never repeat within a run', () => {
    const broker = new MuxBroker({open: async () => Promise.reject(new Error('x')), accept: async () => Promise.reject(new Error('x'))});
    const ids = Array.from({length: 5}, () => broker.nextId());
    expect(ids).toEqual([1, 2, 3, 4, 5]);
});

test('dial refuses an id that is not a uint32', async () => {
    const broker = new MuxBroker({open: async () => Promise.reject(new Error('unused')), accept: async () => Promise.reject(new Error('x'))});
    await expect(broker.dial(-1)).rejects.toThrow(/not a uint32/);
    await expect(broker.dial(2 ** 32)).rejects.toThrow(/not a uint32/);
});

test('stopping the broker fails pending accepts', async () => {
    const p = await pair();
    try {
        const pending = p.hostBroker.accept(99);
        p.hostBroker.stop();
        await expect(pending).rejects.toThrow(/broker stopped/);
        await expect(p.hostBroker.accept(100)).rejects.toThrow(/broker stopped/);
    } finally {
        await p.close();
    }
});
