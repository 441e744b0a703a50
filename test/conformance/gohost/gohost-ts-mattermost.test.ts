// The Go go-plugin host (configured as Mattermost's supervisor) drives a plugin built on the
// bridge's Mattermost layer with the reference plugin's behaviour: every check the Go
// reference plugin passes, the TypeScript layer must pass too, including a 5 MB body echoed
// in and out as a stream of chunks.
import fs from 'fs';
import os from 'os';
import path from 'path';
import {buildGoPrograms, expectChecksPassed, runGoHost, tsPluginLauncher} from './build-go';

jest.setTimeout(180_000);

let gohost: string;
let work: string;
let plugin: string;

beforeAll(() => {
    gohost = buildGoPrograms(['gohost']).gohost;
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-gohost-mm-'));
    plugin = tsPluginLauncher(path.join(__dirname, 'ts-echo-plugin.ts'), work);
});

afterAll(() => {
    if (work) {
        fs.rmSync(work, {recursive: true, force: true});
    }
});

test('the Mattermost layer passes every check the Go reference plugin passes', () => {
    const run = runGoHost(gohost, plugin);
    expectChecksPassed(run, [
        'handshake', 'implemented', 'implements:ServeHTTP', 'implements:ExecuteCommand', 'on-activate',
        'serve-http:get', 'serve-http:get-1k', 'serve-http:get-kv', 'serve-http:post-json', 'serve-http:post-empty',
        'serve-http:post-no-body-stream', 'serve-http:post-5mb', 'serve-http:anonymous', 'serve-http:not-found',
        'execute-command:command', 'on-configuration-change', 'api:LoadPluginConfiguration', 'api:RegisterCommand',
        'api:KVGet', 'on-deactivate', 'killed', 'socket-removed',
    ]);
    // 5 MB each way: the answer went out as many writes while the body came in, not as one buffer.
    const big = run.lines.find((l) => l.name === 'serve-http:post-5mb');
    expect(Number(/(\d+) writes/.exec(big?.detail ?? '')?.[1])).toBeGreaterThan(10);
    expect(run.status).toBe(0);
});
