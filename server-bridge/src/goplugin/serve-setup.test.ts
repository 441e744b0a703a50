// servePlugin's setup: the plugins are made only once the handshake line is out (their code
// need not run before it), and a setup that fails ends serving with an error, not a hang.
import fs from 'fs';
import os from 'os';
import path from 'path';
import {Writable} from 'stream';
import {HostStdio} from './host-stdio';
import {servePlugin} from './serve';
import {MATTERMOST_HANDSHAKE} from './handshake';

class Sink extends Writable {
    text = '';
    override _write(chunk: Buffer, _enc: BufferEncoding, callback: () => void): void {
        this.text += chunk.toString();
        callback();
    }
}

describe('servePlugin setup', () => {
    let dir: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-setup-'));
    });
    afterEach(() => fs.rmSync(dir, {recursive: true, force: true}));
    const env = () => ({[MATTERMOST_HANDSHAKE.magicCookieKey]: MATTERMOST_HANDSHAKE.magicCookieValue, PLUGIN_PROTOCOL_VERSIONS: '1', PLUGIN_UNIX_SOCKET_DIR: dir});

    test('runs after the handshake line is written', async () => {
        let ppid = 4242;
        const stdout = new Sink();
        const stdio = new HostStdio(stdout, new Sink());
        const seen: string[] = [];
        const served = servePlugin({
            env: env(), stdio, parentPid: () => ppid,
            setup: async () => {
                seen.push(stdout.text);
                ppid = 1;
                return {plugins: {}};
            },
        });
        expect(await served).toEqual({exitCode: 0, reason: 'host gone: parent process 4242 is gone (now 1)'});
        expect(seen).toEqual([expect.stringMatching(/^1\|1\|unix\|.+\|netrpc\|?\n$/)]);
    });

    test('that fails ends serving with exit code 1, says why and removes the socket file', async () => {
        const stdio = new HostStdio(new Sink(), new Sink());
        const logged: string[] = [];
        const served = servePlugin({
            env: env(), stdio, log: (level, message) => logged.push(`${level}: ${message}`),
            setup: () => Promise.reject(new Error('no registry')),
        });
        expect(await served).toEqual({exitCode: 1, reason: 'plugin setup failed'});
        expect(logged).toEqual(['error: plugin failed to start: no registry']);
        expect(fs.readdirSync(dir)).toEqual([]);
    });
});
