// Shared by the yamux and net/rpc conformance tests: build a Go program from Debian's
// packaged sources in GOPATH mode, listen for it on a unix socket or TCP, run and kill it.

import {ChildProcess, spawn, spawnSync} from 'child_process';
import crypto from 'crypto';
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import type {YamuxStream} from '../../../server-bridge/src/wire/yamux';

export type Transport = 'unix' | 'tcp';

const workDir = path.join(os.tmpdir(), `release-checklist-go-${process.getuid?.() ?? 0}`);
/** Built peers, named by a hash of their source and toolchain, so each is built once, not once per run. */
const binDir = path.join(__dirname, '..', '..', 'out', 'go');

/**
 * Builds one Go source file, or reuses the binary built from the same source with the same
 * toolchain; fails with a clear message when Go or its packages are missing.
 */
export function buildGo(sourceFile: string, name: string): string {
    const probe = spawnSync('go', ['version'], {encoding: 'utf8'});
    if (probe.error || probe.status !== 0) {
        throw new Error('Go toolchain not found: install Debian\'s golang-go and golang-github-hashicorp-yamux-dev (scripts/setup.sh does)');
    }
    const hash = crypto.createHash('sha256').update(probe.stdout).update(fs.readFileSync(sourceFile)).digest('hex').slice(0, 16);
    const out = path.join(binDir, `${name}-${hash}`);
    if (fs.existsSync(out)) {
        return out;
    }
    fs.mkdirSync(path.join(workDir, 'gopath'), {recursive: true});
    fs.mkdirSync(binDir, {recursive: true});
    const env = {
        ...process.env,
        GO111MODULE: 'off',
        GOPATH: `/usr/share/gocode:${path.join(workDir, 'gopath')}`,
        GOCACHE: process.env.GOCACHE ?? path.join(workDir, 'cache'),
        GOFLAGS: '',
    };
    // Built under a private name and renamed, so test files building the same peer at once
    // never run a half-written binary.
    const partial = `${out}.${process.pid}.partial`;
    const res = spawnSync('go', ['build', '-o', partial, sourceFile], {env, encoding: 'utf8'});
    if (res.status !== 0) {
        fs.rmSync(partial, {force: true});
        throw new Error(`go build ${path.basename(sourceFile)} failed (are the Debian golang-github-hashicorp-* packages installed?):\n${res.stderr}`);
    }
    fs.renameSync(partial, out);
    return out;
}

export interface Listener {
    network: Transport;
    address: string;
    connection: Promise<net.Socket>;
    close(): void;
}

/** Listens for exactly one connection from the Go peer. */
export async function listen(transport: Transport): Promise<Listener> {
    const server = net.createServer();
    let address: string;
    let dir: string | null = null;
    if (transport === 'unix') {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conf-'));
        address = path.join(dir, 'plugin.sock');
        await new Promise<void>((resolve) => server.listen(address, resolve));
    } else {
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        address = `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    }
    const connection = new Promise<net.Socket>((resolve) => server.once('connection', (s) => {
        s.setNoDelay(true);
        resolve(s);
    }));
    return {
        network: transport,
        address,
        connection,
        close: () => {
            server.close();
            if (dir) {
                fs.rmSync(dir, {recursive: true, force: true});
            }
        },
    };
}

export interface GoProcess {
    child: ChildProcess;
    stderr: () => string;
    /** What the peer printed on stdout: its observation lines. */
    stdout: () => string;
    /** Resolves with the exit code once the process has exited and its output is all read. */
    exited: Promise<number | null>;
    kill(): void;
}

export function runGo(binary: string, args: string[]): GoProcess {
    const child = spawn(binary, args, {stdio: ['ignore', 'pipe', 'pipe']});
    let err = '';
    let out = '';
    child.stderr?.on('data', (c: Buffer) => {
        err += c.toString();
    });
    child.stdout?.on('data', (c: Buffer) => {
        out += c.toString();
    });
    // 'close' rather than 'exit': it waits for the pipes, so stdout is complete when this resolves.
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    return {child, stderr: () => err, stdout: () => out, exited, kill: () => child.kill('SIGKILL')};
}

/** Resolves as `p` does, or fails naming `what` after `ms`: a hang fails with a clear message. */
export async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: still pending after ${ms} ms`)), ms);
    });
    try {
        return await Promise.race([p, timeout]);
    } finally {
        clearTimeout(timer);
    }
}

/**
 * Waits for the peer to exit on its own, failing (and killing it) after `ms` with what it
 * printed, so a peer that hangs fails the test instead of timing it out.
 */
export async function exitWithin(go: GoProcess, ms: number): Promise<{code: number | null; lines: string[]}> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
            go.kill();
            reject(new Error(`Go peer did not exit within ${ms} ms\nstdout:\n${go.stdout()}\nstderr:\n${go.stderr()}`));
        }, ms);
    });
    try {
        const code = await Promise.race([go.exited, timeout]);
        return {code, lines: go.stdout().split('\n').filter((l) => l !== '')};
    } finally {
        clearTimeout(timer);
    }
}

/** Bytes of the deterministic sequence the Go peers also produce (a 32-bit LCG). */
export function pattern(n: number): Buffer {
    const buf = Buffer.allocUnsafe(n);
    let x = 1;
    for (let i = 0; i < n; i++) {
        x = (Math.imul(x, 1103515245) + 12345) >>> 0;
        buf[i] = (x >>> 16) & 0xff;
    }
    return buf;
}

export interface ConnectedGo {
    go: GoProcess;
    socket: net.Socket;
    /** Ends the Go peer and the listener; the caller closes its session first. */
    stop(): Promise<void>;
}

/**
 * Starts the Go peer in the opposite yamux role and waits for its connection; fails with
 * the peer's stderr if it exits before connecting.
 */
export async function connectGoPeer(binary: string, transport: Transport, tsRole: 'client' | 'server'): Promise<ConnectedGo> {
    const listener = await listen(transport);
    const go = runGo(binary, ['-net', transport, '-addr', listener.address, '-role', tsRole === 'client' ? 'server' : 'client']);
    const socket = await Promise.race([
        listener.connection,
        go.exited.then((): never => {
            throw new Error(`Go peer exited before connecting: ${go.stderr()}`);
        }),
    ]);
    return {
        go, socket,
        stop: async () => {
            go.kill();
            await go.exited;
            listener.close();
        },
    };
}

/** Hands every stream the peer opens to `onStream` until the session ends. */
export function acceptEach(session: {accept(): Promise<YamuxStream>}, onStream: (s: YamuxStream) => void): void {
    void (async () => {
        for (;;) {
            let s: YamuxStream;
            try {
                s = await session.accept();
            } catch {
                return;
            }
            onStream(s);
        }
    })();
}
