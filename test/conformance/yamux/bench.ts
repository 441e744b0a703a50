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
import {pluginSessionConfig} from '../../../server-bridge/src/goplugin/session-config';
import {INITIAL_STREAM_WINDOW, stderrLogger, YamuxSession} from '../../../server-bridge/src/wire/yamux';
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

/** What an end prints (one JSON line): the receiver's seconds, and every end's CPU over the measured stream. */
export interface EndResult {
    seconds?: number;
    cpu_ms: number;
}

export interface EndOptions {
    /** Listen here and be the yamux server, or dial here and be the client. */
    listen?: string;
    dial?: string;
    /** This end writes the data; else it reads. */
    send: boolean;
    /** MiB carried on a first, untimed stream: the JIT warms up as a long-lived plugin's has. */
    warmMib: number;
    /** The listener's receive window per stream, when not the plugin's own (pluginSessionConfig). */
    window?: number;
    mib: number;
}

/**
 * One end of a session in this process, as yamuxbench.go's runEnd: the warm-up stream, then
 * the measured one.
 */
export async function runTsEnd(o: EndOptions, ready: () => void): Promise<EndResult> {
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
    // The listening end is the plugin's, with the plugin's settings.
    const plugin = {...pluginSessionConfig(stderrLogger), ...(o.window ? {maxStreamWindowSize: o.window} : {})};
    const session = o.listen ? YamuxSession.server(conn, {...plugin, enableKeepAlive: false}) : YamuxSession.client(conn, {enableKeepAlive: false});
    if (o.warmMib > 0) {
        await transfer(session, Boolean(o.listen), o.send, o.warmMib * 1024 * 1024);
    }
    const cpu0 = process.cpuUsage();
    const secs = await transfer(session, Boolean(o.listen), o.send, o.mib * 1024 * 1024);
    const cpu = process.cpuUsage(cpu0);
    await session.close();
    return {...(secs === null ? {} : {seconds: secs}), cpu_ms: (cpu.user + cpu.system) / 1000};
}

/**
 * One stream of total bytes, as yamuxbench.go's transfer: the client opens it, the sender
 * writes 64 KiB chunks and ends its side, then waits for the receiver's end; the receiver
 * reads ('data' events, as netrpc reads) until the end, ends its side and returns the
 * seconds from its first byte to the end.
 */
async function transfer(session: YamuxSession, accept: boolean, send: boolean, total: number): Promise<number | null> {
    const s = accept ? await session.accept() : await session.open();
    if (send) {
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
    return secs;
}

// Untimed MiB before the measured stream (the in-process pair warms up with 16).
const WARM_MIB = 32;

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

interface CrossResult {
    seconds: number;
    /** CPU ms over the measured stream of the plugin's end (the listener) and the host's. */
    pluginCpuMs: number;
    hostCpuMs: number;
}

/** One transfer: the listener (plugin side) in `listener`, the dialler (host side) in Go. */
async function crossProcess(cmds: EndCommands, listener: 'go' | 'ts', listenerSends: boolean, mib: number, extra: string[] = []): Promise<CrossResult> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yamux-bench-'));
    const sock = path.join(dir, 's');
    try {
        const send = (yes: boolean) => (yes ? ['--send'] : []);
        const common = ['--mb', String(mib), '--warm', String(Math.min(mib, WARM_MIB))];
        const l = startEnd(cmds[listener](['--listen', sock, ...common, ...send(listenerSends), ...extra]));
        await Promise.race([l.ready, l.out]);
        const d = startEnd(cmds.go(['--dial', sock, ...common, ...send(!listenerSends)]));
        const [lOut, dOut] = await Promise.all([l.out, d.out]);
        const result = (out: string): EndResult => {
            const line = out.split('\n').find((x) => x.startsWith('{'));
            if (!line) {
                throw new Error(`no result from an end: ${out}`);
            }
            return JSON.parse(line) as EndResult;
        };
        const [lr, dr] = [result(lOut), result(dOut)];
        const seconds = (listenerSends ? dr : lr).seconds;
        if (seconds === undefined) {
            throw new Error('the receiving end printed no seconds');
        }
        return {seconds, pluginCpuMs: lr.cpu_ms, hostCpuMs: dr.cpu_ms};
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
        // The plugin's receive window matters only when it receives; the last row is the
        // TypeScript plugin with Go's default window, for comparison.
        const kib = (n: number) => `${n / 1024} KiB`;
        const cases = [
            ['host -> plugin', false, []],
            ['plugin -> host', true, []],
            [`host -> plugin, the TypeScript plugin granting ${kib(INITIAL_STREAM_WINDOW)} as Go does (it grants ${kib(pluginSessionConfig(stderrLogger).maxStreamWindowSize ?? 0)})`,
                false, ['--window', String(INITIAL_STREAM_WINDOW)]],
        ] as const;
        for (const [label, plugSends, extra] of cases) {
            const ts: CrossResult[] = [];
            const go: CrossResult[] = [];
            for (let r = 0; r < rounds; r++) {
                go.push(await crossProcess(cmds, 'go', plugSends, mib));
                ts.push(await crossProcess(cmds, 'ts', plugSends, mib, [...extra]));
            }
            const tsRate = mib / best(ts.map((x) => x.seconds));
            const goRate = mib / best(go.map((x) => x.seconds));
            // CPU per GiB does not depend on what else the machine runs, unlike the rate.
            const perGiB = (xs: CrossResult[], end: 'pluginCpuMs' | 'hostCpuMs') => (best(xs.map((x) => x[end])) * 1024 / mib).toFixed(0);
            console.log(`  ${label}: plugin TypeScript ${tsRate.toFixed(0)} MiB/s   plugin Go ${goRate.toFixed(0)} MiB/s   ratio TS/Go ${(tsRate / goRate).toFixed(2)}`);
            console.log(`    CPU ms per GiB (least of ${rounds}): plugin end TypeScript ${perGiB(ts, 'pluginCpuMs')}, Go ${perGiB(go, 'pluginCpuMs')}; ` +
                `host end (Go) with the TypeScript plugin ${perGiB(ts, 'hostCpuMs')}, with the Go plugin ${perGiB(go, 'hostCpuMs')}`);
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
