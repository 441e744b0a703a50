// Starts a plugin executable as Mattermost's supervisor does: the magic cookie and the
// protocol versions in its environment, then the first stdout line within the start
// timeout is the handshake. Later stdout and every stderr line go to the log.
import {spawn, type ChildProcess} from 'node:child_process';
import {createInterface} from 'node:readline';

import {HandshakeError, parseHandshake, type Handshake} from './handshake-line';

export const MAGIC_COOKIE_KEY = 'MATTERMOST_PLUGIN';
export const MAGIC_COOKIE_VALUE = 'Securely message teams, anywhere.';
/** Mattermost's supervisor gives a plugin this long to print its handshake. */
export const START_TIMEOUT_MS = 3000;
/** A handshake line longer than this is refused rather than buffered. */
const MAX_LINE = 8192;

export type HostLog = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;

export interface LaunchOptions {
    executable: string;
    cwd: string;
    env?: NodeJS.ProcessEnv;
    startTimeoutMs?: number;
    log: HostLog;
}

export interface Launched {
    child: ChildProcess;
    handshake: Handshake;
    /** Resolves with the exit code (or the signal name) when the process ends. */
    exited: Promise<number | string>;
}

/** A stderr line's level as go-plugin reads it: an hclog JSON object or a [LEVEL] prefix. */
function stderrLevel(line: string): {level: 'debug' | 'info' | 'warn' | 'error'; message: string} {
    if (line.startsWith('{')) {
        try {
            const entry = JSON.parse(line) as {'@level'?: string; '@message'?: string};
            const level = entry['@level'] === 'error' ? 'error' : entry['@level'] === 'warn' ? 'warn' : entry['@level'] === 'info' ? 'info' : 'debug';
            return {level, message: entry['@message'] ?? line};
        } catch {
            // not JSON after all: a plain line
        }
    }
    const m = /^\[(DEBUG|INFO|WARN|ERROR)\]\s*(.*)$/.exec(line);
    if (m) {
        return {level: m[1].toLowerCase() as 'debug' | 'info' | 'warn' | 'error', message: m[2]};
    }
    return {level: 'debug', message: line};
}

export function launchPlugin(opts: LaunchOptions): Promise<Launched> {
    const child = spawn(opts.executable, [], {
        cwd: opts.cwd,
        env: {...(opts.env ?? process.env), [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '1', PLUGIN_MIN_PORT: '10000', PLUGIN_MAX_PORT: '25000'},
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
    createInterface({input: child.stderr!}).on('line', (line) => {
        const {level, message} = stderrLevel(line);
        opts.log(level, `plugin: ${message}`);
    });
    return new Promise<Launched>((resolve, reject) => {
        let done = false;
        let partial = '';
        const fail = (err: Error) => {
            if (!done) {
                done = true;
                clearTimeout(timer);
                child.kill('SIGKILL');
                reject(err);
            }
        };
        const timeoutMs = opts.startTimeoutMs ?? START_TIMEOUT_MS;
        const timer = setTimeout(() => fail(new HandshakeError(`timeout while waiting for plugin to start (${timeoutMs} ms)`)), timeoutMs);
        child.once('error', (err) => fail(new Error(`could not start ${opts.executable}: ${err.message}`)));
        void exited.then((code) => fail(new HandshakeError(`plugin exited before we could connect (exit ${code})`)));
        child.stdout!.on('data', (chunk: Buffer) => {
            if (done) {
                opts.log('debug', `plugin stdout: ${chunk.toString('utf8').trimEnd()}`);
                return;
            }
            partial += chunk.toString('utf8');
            const nl = partial.indexOf('\n');
            if (nl < 0) {
                if (partial.length > MAX_LINE) {
                    fail(new HandshakeError('the plugin wrote a line over 8 KiB instead of its handshake'));
                }
                return;
            }
            try {
                const handshake = parseHandshake(partial.slice(0, nl), [1]);
                done = true;
                clearTimeout(timer);
                resolve({child, handshake, exited});
            } catch (err) {
                fail(err as Error);
            }
        });
    });
}
