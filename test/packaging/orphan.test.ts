// The plugin never outlives its host: the real executable runs under a stand-in host
// process (orphan-host.ts), the host is SIGKILLed as a Mattermost crash or an OOM kill would
// end it, and the plugin must be gone within EXIT_BOUND_MS having used little CPU on the way
// (an orphan once spun at half a core logging EPIPE about its own log). Idle, and with a
// burst of requests in flight. A normal stop must not log the host going away either.
import {execFileSync, spawn, type ChildProcess} from 'child_process';
import esbuild from 'esbuild';
import fs from 'fs';
import path from 'path';
import {createInterface} from 'readline';

import {productExecutable} from '../conformance/gohost/build-go';
import {PluginHost} from '../../server-bridge/src/host';
import {MemoryPlatform} from '../../server-bridge/src/product/testing/memory-platform';

const root = path.resolve(__dirname, '..', '..');
const outDir = path.join(root, 'test', 'out', 'orphan');
/** The promise: gone within two seconds of the host, whatever it was doing. */
const EXIT_BOUND_MS = 2000;
/** CPU the plugin may use between the kill and its exit (an orphan spinning uses ~1 s per s). */
const CPU_BOUND_MS = 300;
const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], {encoding: 'utf8'}).trim());

let executable = '';
let hostScript = '';
const leftovers: number[] = [];

beforeAll(() => {
    executable = productExecutable(root);
    fs.mkdirSync(outDir, {recursive: true});
    hostScript = path.join(outDir, 'orphan-host.cjs');
    esbuild.buildSync({
        entryPoints: [path.join(__dirname, 'orphan-host.ts')], outfile: hostScript,
        bundle: true, platform: 'node', format: 'cjs', packages: 'external', logLevel: 'silent',
    });
}, 300_000);

afterAll(() => {
    for (const pid of leftovers) {
        try {
            process.kill(pid, 'SIGKILL');
        } catch {
            // already gone
        }
    }
});

/** State and CPU (user + system, ms) of a process; null once it is gone or a zombie. */
function procStat(pid: number): {cpuMs: number} | null {
    let text: string;
    try {
        text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
        return null;
    }
    // The command name may hold spaces: the fields after it start past the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z' || fields[0] === 'X') {
        return null;
    }
    return {cpuMs: (Number(fields[11]) + Number(fields[12])) * TICK_MS};
}

function startHost(mode: 'idle' | 'burst'): Promise<{host: ChildProcess; pluginPid: number}> {
    const host = spawn(process.execPath, [hostScript, executable, root, mode], {stdio: ['ignore', 'pipe', 'pipe']});
    let stderr = '';
    host.stderr!.on('data', (c: Buffer) => {
        stderr += c.toString();
    });
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the host did not get ready: ${stderr}`)), 30_000);
        host.once('exit', (code) => reject(new Error(`the host exited (${code}): ${stderr}`)));
        createInterface({input: host.stdout!}).on('line', (line) => {
            const m = /^ready (\d+)$/.exec(line);
            if (m) {
                clearTimeout(timer);
                leftovers.push(Number(m[1]));
                resolve({host, pluginPid: Number(m[1])});
            }
        });
    });
}

interface Outcome {
    gone: boolean;
    exitMs: number;
    cpuMs: number;
}

/** SIGKILLs the host and watches the plugin until it is gone or the bound (plus slack) passed. */
async function killHostAndWatch(host: ChildProcess, pluginPid: number): Promise<Outcome> {
    const before = procStat(pluginPid);
    if (!before) {
        throw new Error('the plugin was not running before the kill');
    }
    const started = Date.now();
    host.kill('SIGKILL');
    let last = before;
    while (Date.now() - started < EXIT_BOUND_MS + 1000) {
        const now = procStat(pluginPid);
        if (!now) {
            return {gone: true, exitMs: Date.now() - started, cpuMs: last.cpuMs - before.cpuMs};
        }
        last = now;
        await new Promise((r) => setTimeout(r, 20));
    }
    return {gone: false, exitMs: Date.now() - started, cpuMs: last.cpuMs - before.cpuMs};
}

function record(name: string, outcome: Outcome): void {
    const file = path.join(outDir, 'measured.json');
    let all: Record<string, Outcome> = {};
    try {
        all = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Outcome>;
    } catch {
        // first record
    }
    all[name] = outcome;
    fs.writeFileSync(file, JSON.stringify(all, null, 2));
}

describe('the plugin executable when its host is SIGKILLed', () => {
    for (const mode of ['idle', 'burst'] as const) {
        test(`exits within ${EXIT_BOUND_MS} ms using little CPU (${mode === 'idle' ? 'idle' : 'a burst of requests in flight'})`, async () => {
            const {host, pluginPid} = await startHost(mode);
            const outcome = await killHostAndWatch(host, pluginPid);
            record(mode, outcome);
            expect({gone: outcome.gone, withinBound: outcome.exitMs <= EXIT_BOUND_MS, littleCpu: outcome.cpuMs <= CPU_BOUND_MS, outcome})
                .toEqual({gone: true, withinBound: true, littleCpu: true, outcome});
        }, 60_000);
    }
});

test('a normal stop logs nothing about the host going away', async () => {
    const lines: string[] = [];
    const api = new MemoryPlatform({users: [{id: 'u1', username: 'rita'}], channels: [{id: 'c1', members: ['u1']}]});
    const host = new PluginHost({executable, bundlePath: root, api, log: (level, message) => lines.push(`${level} ${message}`)});
    await host.start();
    await host.activate();
    await host.stop();
    expect(lines.filter((l) => /EPIPE|ECONNRESET|connection error/.test(l))).toEqual([]);
}, 60_000);
