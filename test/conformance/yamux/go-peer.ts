// Shared by the yamux and net/rpc conformance tests: build a Go program of the conformance
// module, listen for it on a unix socket or TCP, run and kill it.

import {ChildProcess, spawn} from 'child_process';
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import type {YamuxStream} from '../../../server-bridge/src/wire/yamux';

export type Transport = 'unix' | 'tcp';

const goBuild = require('../go-build.js') as {buildGoProgram(target: string, name: string): string; moduleDir: string};

/**
 * Builds one Go source file of the conformance module (Mattermost's yamux and go-plugin
 * versions), or reuses the binary built from the same inputs; fails with a clear message
 * when Go is missing or too old.
 */
export function buildGo(sourceFile: string, name: string): string {
    // Relative to the module as go-build.js sees it (this file may run from a bundle elsewhere).
    return goBuild.buildGoProgram(path.relative(goBuild.moduleDir, sourceFile), name);
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
