// Every sign that the host is gone ends servePlugin, and a failed log write is never logged
// again (an orphan once logged the EPIPE of its own log line, forever).
import fs from 'fs';
import os from 'os';
import path from 'path';
import {Writable} from 'stream';
import {HostStdio} from './host-stdio';
import {watchParent} from './parent-watch';
import {servePlugin} from './serve';
import {MATTERMOST_HANDSHAKE} from './handshake';

/** A pipe whose reader died: every write fails with EPIPE, as Node reports it (an error event). */
class DeadPipe extends Writable {
    writes = 0;
    override _write(_chunk: unknown, _enc: BufferEncoding, callback: (err?: Error) => void): void {
        this.writes++;
        callback(Object.assign(new Error('write EPIPE'), {code: 'EPIPE'}));
    }
}

class Sink extends Writable {
    text = '';
    override _write(chunk: Buffer, _enc: BufferEncoding, callback: () => void): void {
        this.text += chunk.toString();
        callback();
    }
}

const tick = () => new Promise((r) => setImmediate(r));

/** Resolves once the handshake line was written: servePlugin is listening and watching. */
function handshakeWritten(stdout: Sink): Promise<void> {
    return new Promise<void>((resolve) => {
        const wait = () => (stdout.text ? resolve() : setTimeout(wait, 5));
        wait();
    });
}

test('a failed stderr write marks stdio broken once, and later lines are dropped, not retried', async () => {
    const stderr = new DeadPipe();
    const stdio = new HostStdio(new Sink(), stderr);
    const reasons: string[] = [];
    stdio.onBroken((r) => reasons.push(r));
    stdio.writeStderr('[ERROR] first\n');
    await tick();
    for (let i = 0; i < 100; i++) {
        stdio.writeStderr('[ERROR] again\n');
    }
    await tick();
    expect({reasons, broken: stdio.broken, writes: stderr.writes}).toEqual({reasons: ['stderr: EPIPE'], broken: 'stderr: EPIPE', writes: 1});
    // A listener added after the failure hears it at once.
    const late: string[] = [];
    stdio.onBroken((r) => late.push(r));
    expect(late).toEqual(['stderr: EPIPE']);
});

test('a write that throws also marks stdio broken', () => {
    const stdout = new Sink();
    stdout.write = () => {
        throw Object.assign(new Error('write ECONNRESET'), {code: 'ECONNRESET'});
    };
    const stdio = new HostStdio(stdout, new Sink());
    stdio.writeStdout('1|1|unix|/tmp/x|netrpc\n');
    expect(stdio.broken).toBe('stdout: ECONNRESET');
});

test('watchParent reports a new parent pid once, and nothing while the parent stays', async () => {
    let ppid = 4242;
    const gone: string[] = [];
    const stop = watchParent({onGone: (r) => gone.push(r), intervalMs: 5, parentPid: () => ppid});
    await new Promise((r) => setTimeout(r, 30));
    expect(gone).toEqual([]);
    ppid = 1;
    await new Promise((r) => setTimeout(r, 30));
    stop();
    expect(gone).toEqual(['parent process 4242 is gone (now 1)']);
});

describe('servePlugin ends when the host is gone', () => {
    let dir: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-gone-'));
    });
    afterEach(() => fs.rmSync(dir, {recursive: true, force: true}));
    const env = () => ({[MATTERMOST_HANDSHAKE.magicCookieKey]: MATTERMOST_HANDSHAKE.magicCookieValue, PLUGIN_PROTOCOL_VERSIONS: '1', PLUGIN_UNIX_SOCKET_DIR: dir});

    test('on a failed write to stderr, and the socket file is removed', async () => {
        const stderr = new DeadPipe();
        const stdout = new Sink();
        const stdio = new HostStdio(stdout, stderr);
        const served = servePlugin({plugins: {}, env: env(), stdio, log: (level, message) => stdio.writeStderr(`[${level}] ${message}\n`)});
        await handshakeWritten(stdout);
        stdio.writeStderr('[INFO] the host is not reading this\n');
        expect(await served).toEqual({exitCode: 0, reason: 'host gone: stderr: EPIPE'});
        expect(fs.readdirSync(dir)).toEqual([]);
    });

    test('when the parent process changes', async () => {
        let ppid = 4242;
        const stdout = new Sink();
        const stdio = new HostStdio(stdout, new Sink());
        const served = servePlugin({plugins: {}, env: env(), stdio, parentPid: () => ppid});
        await handshakeWritten(stdout);
        ppid = 1;
        expect(await served).toEqual({exitCode: 0, reason: 'host gone: parent process 4242 is gone (now 1)'});
    });
});
