// yamux throughput, TypeScript against Go in the same run. Run through
// scripts/bench-yamux.js; prints MiB/s and ratios (TypeScript / Go).
// - As in production: each end in its own process over a unix socket, the listening end
//   (the plugin's side, yamux server) against the dialling end (the host's side, client),
//   in both directions: TypeScript listening against Go dialling, next to Go against Go.
// - Both ends in one process: a TypeScript pair (one event loop for both) against a Go pair.

import {ChildProcess, execFileSync, spawn} from 'child_process';
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import {YamuxSession} from '../../../server-bridge/src/wire/yamux';
import {socketPair} from '../../../server-bridge/src/wire/yamux/test-socket-pair';
import {buildGo} from './go-peer';

export async function tsThroughputSeconds(mib: number): Promise<number> {
    const [a, b, cleanup] = await socketPair();
    const client = YamuxSession.client(a, {enableKeepAlive: false});
    const server = YamuxSession.server(b, {enableKeepAlive: false});
    const total = mib * 1024 * 1024;
    // Read as the bridge reads its streams (netrpc: 'data' events), not with an async
    // iterator, whose read() concatenates the buffered chunks into a new Buffer each time.
    const received = (async () => {
        const s = await server.accept();
        return new Promise<number>((resolve, reject) => {
            let n = 0;
            s.on('data', (chunk: Buffer) => {
                n += chunk.length;
            });
            s.once('end', () => resolve(n));
            s.once('error', reject);
        });
    })();
    const s = await client.open();
    const buf = Buffer.alloc(64 * 1024);
    const start = process.hrtime.bigint();
    for (let sent = 0; sent < total; sent += buf.length) {
        if (!s.write(buf)) {
            await new Promise((r) => s.once('drain', r));
        }
    }
    s.end();
    const n = await received;
    const secs = Number(process.hrtime.bigint() - start) / 1e9;
    if (n !== total) {
        throw new Error(`received ${n} of ${total} bytes`);
    }
    await client.close();
    await server.close();
    cleanup();
    return secs;
}

export function goThroughputSeconds(goDir: string, mib: number): number {
    const bin = buildGo(path.join(goDir, 'yamuxbench.go'), 'yamuxbench');
    const out = execFileSync(bin, ['-mb', String(mib)], {encoding: 'utf8'});
    return (JSON.parse(out) as {seconds: number}).seconds;
}

export interface EndOptions {
    /** Listen here and be the yamux server, or dial here and be the client. */
    listen?: string;
    dial?: string;
    /** This end writes the data; else it reads. */
    send: boolean;
    mib: number;
}

/**
 * One end of a session in this process, as yamuxbench.go's runEnd: the client opens the
 * stream, the sender writes 64 KiB chunks and closes its side, the receiver reads ('data'
 * events, as netrpc reads) until the end, closes its side and returns the seconds from its
 * first byte to the end (null for the sender, once the receiver closed).
 */
export async function runTsEnd(o: EndOptions, ready: () => void): Promise<number | null> {
    let conn: net.Socket;
    if (o.listen) {
        const server = net.createServer();
        await new Promise<void>((resolve) => server.listen(o.listen, resolve));
        ready();
        conn = await new Promise<net.Socket>((resolve) => server.once('connection', resolve));
        server.close();
    } else {
        conn = net.connect(o.dial as string);
        await new Promise<void>((resolve, reject) => conn.once('connect', resolve).once('error', reject));
    }
    const session = o.listen ? YamuxSession.server(conn, {enableKeepAlive: false}) : YamuxSession.client(conn, {enableKeepAlive: false});
    const s = o.listen ? await session.accept() : await session.open();
    const total = o.mib * 1024 * 1024;
    if (o.send) {
        const buf = Buffer.alloc(64 * 1024);
        for (let sent = 0; sent < total; sent += buf.length) {
            if (!s.write(buf)) {
                await new Promise((r) => s.once('drain', r));
            }
        }
        s.end();
        await new Promise<void>((resolve) => {
            s.on('data', () => undefined);
            s.once('end', resolve);
            s.once('close', resolve);
        });
        await session.close();
        return null;
    }
    let start = 0n;
    const n = await new Promise<number>((resolve, reject) => {
        let got = 0;
        s.on('data', (chunk: Buffer) => {
            if (got === 0) {
                start = process.hrtime.bigint();
            }
            got += chunk.length;
        });
        s.once('end', () => resolve(got));
        s.once('error', reject);
    });
    const secs = Number(process.hrtime.bigint() - start) / 1e9;
    s.end();
    if (n !== total) {
        throw new Error(`received ${n} of ${total} bytes`);
    }
    await session.close();
    return secs;
}

/** How to start each kind of end in its own process. */
export interface EndCommands {
    go: (args: string[]) => [string, string[]];
    ts: (args: string[]) => [string, string[]];
}

function startEnd(cmd: [string, string[]]): {child: ChildProcess; out: Promise<string>; ready: Promise<void>} {
    const child = spawn(cmd[0], cmd[1], {stdio: ['ignore', 'pipe', 'inherit']});
    let text = '';
    let markReady!: () => void;
    const ready = new Promise<void>((resolve) => {
        markReady = resolve;
    });
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
        text += d;
        if (text.includes('listening')) {
            markReady();
        }
    });
    const out = new Promise<string>((resolve, reject) => child.once('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`${cmd[0]} ${cmd[1].join(' ')} exited ${code}`)))));
    return {child, out, ready};
}

/** Seconds the receiving end measured, the listener (plugin side) in `listener`, the dialler (host side) in Go. */
async function crossProcessSeconds(cmds: EndCommands, listener: 'go' | 'ts', listenerSends: boolean, mib: number): Promise<number> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yamux-bench-'));
    const sock = path.join(dir, 's');
    try {
        const send = (yes: boolean) => (yes ? ['--send'] : []);
        const l = startEnd(cmds[listener](['--listen', sock, '--mb', String(mib), ...send(listenerSends)]));
        await Promise.race([l.ready, l.out]);
        const d = startEnd(cmds.go(['--dial', sock, '--mb', String(mib), ...send(!listenerSends)]));
        const [lOut, dOut] = await Promise.all([l.out, d.out]);
        const line = (listenerSends ? dOut : lOut).split('\n').find((x) => x.startsWith('{'));
        if (!line) {
            throw new Error(`no result from the receiving end: ${listenerSends ? dOut : lOut}`);
        }
        return (JSON.parse(line) as {seconds: number}).seconds;
    } finally {
        fs.rmSync(dir, {recursive: true, force: true});
    }
}

const best = (xs: number[]) => Math.min(...xs);

/** goDir: where yamuxbench.go is (the bundle that runs this is elsewhere). */
export async function runYamuxBench(goDir: string, mib: number, rounds: number, tsEnd: EndCommands['ts'] | null): Promise<void> {
    const bin = buildGo(path.join(goDir, 'yamuxbench.go'), 'yamuxbench');
    // Go's flag package takes --name as well as -name.
    const cmds: EndCommands = {go: (args) => [bin, args], ts: tsEnd ?? ((args) => [bin, args])};
    if (tsEnd) {
        console.log(`yamux stream throughput, ${mib} MiB, each end in its own process over a unix socket (the plugin's side listens), best of ${rounds}:`);
        for (const [label, plugSends] of [['host -> plugin', false], ['plugin -> host', true]] as const) {
            const ts: number[] = [];
            const go: number[] = [];
            for (let r = 0; r < rounds; r++) {
                go.push(await crossProcessSeconds(cmds, 'go', plugSends, mib));
                ts.push(await crossProcessSeconds(cmds, 'ts', plugSends, mib));
            }
            const tsRate = mib / best(ts);
            const goRate = mib / best(go);
            console.log(`  ${label}: plugin TypeScript ${tsRate.toFixed(0)} MiB/s   plugin Go ${goRate.toFixed(0)} MiB/s   ratio TS/Go ${(tsRate / goRate).toFixed(2)}`);
        }
    }
    const ts: number[] = [];
    const go: number[] = [];
    await tsThroughputSeconds(Math.min(mib, 16)); // warm up the JIT
    for (let r = 0; r < rounds; r++) {
        go.push(goThroughputSeconds(goDir, mib));
        ts.push(await tsThroughputSeconds(mib));
    }
    const tsRate = mib / best(ts);
    const goRate = mib / best(go);
    console.log(`yamux stream throughput, ${mib} MiB, both ends in one process (the TypeScript pair shares one event loop), best of ${rounds}:`);
    console.log(`  TypeScript pair ${tsRate.toFixed(0)} MiB/s   Go pair ${goRate.toFixed(0)} MiB/s   ratio of the pairs ${(tsRate / goRate).toFixed(2)}`);
}
