// Shared by the protocol tests: the Go host (this folder's Go program, built from the
// conformance module), the TypeScript test plugin it starts, and running one case.
import fs from 'fs';
import os from 'os';
import path from 'path';
import {tsPluginLauncher} from '../gohost/build-go';
import {exitWithin, runGo, type GoProcess} from '../yamux/go-peer';

const goBuild = require('../go-build.js') as {buildGoProgram(target: string, name: string): string};

export interface ProtocolHost {
    host: string;
    plugin: string;
    /** A fresh scratch directory for one case (the plugin bundle, sockets). */
    scratch(): string;
    cleanup(): void;
}

/** Builds the Go host (or reuses its binary) and bundles ts-protocol-plugin.ts behind a launcher. */
export function prepareProtocolHost(): ProtocolHost {
    const host = goBuild.buildGoProgram('protocol', 'protocol');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'protocol-'));
    const plugin = tsPluginLauncher(path.join(__dirname, 'ts-protocol-plugin.ts'), dir);
    let n = 0;
    return {
        host,
        plugin,
        scratch: () => {
            const d = path.join(dir, `case-${++n}`);
            fs.mkdirSync(d);
            return d;
        },
        cleanup: () => fs.rmSync(dir, {recursive: true, force: true}),
    };
}

/** Starts one case; its observations are JSON lines on stdout. */
export function startCase(h: ProtocolHost, name: string): GoProcess {
    return runGo(h.host, ['-plugin', h.plugin, '-case', name, '-dir', h.scratch()]);
}

/** Runs a case to its end (failing after limitMs) and returns what it observed, its last line. */
export async function runCase<T>(h: ProtocolHost, name: string, limitMs = 60_000): Promise<T> {
    const go = startCase(h, name);
    const {code, lines} = await exitWithin(go, limitMs);
    if (code !== 0 || lines.length === 0) {
        throw new Error(`case ${name} exited with ${code}\nstdout:\n${go.stdout()}\nstderr:\n${go.stderr().slice(-5000)}`);
    }
    return JSON.parse(lines[lines.length - 1]) as T;
}

/** What a ServeHTTP call answered. */
export interface HostResponse {
    status: number;
    body: string;
}

/** True once the process is gone or a zombie (dead, not yet reaped). */
export function processEnded(pid: number): boolean {
    try {
        process.kill(pid, 0);
    } catch {
        return true;
    }
    try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
    } catch {
        return true;
    }
}

/** Polls cond every 20 ms; resolves true when it holds, false after limitMs. */
export async function eventually(cond: () => boolean, limitMs: number): Promise<boolean> {
    const deadline = Date.now() + limitMs;
    while (!cond()) {
        if (Date.now() > deadline) {
            return false;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return true;
}
