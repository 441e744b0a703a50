// The Go host (Mattermost's own plugin.Environment and supervisor, go-plugin as server/public
// resolves it) drives test plugins built on the bridge's layers, each bundled and run by this Node:
// - on the go-plugin layer alone: handshake, unix socket, control and dispenser services,
//   broker dial for the API, quit and clean exit;
// - on the Mattermost layer with the reference Go plugin's behaviour: every check the Go
//   reference plugin passes, including a 5 MB body echoed in and out as a stream of chunks.
import fs from 'fs';
import os from 'os';
import path from 'path';
import {buildGoPrograms, expectChecksPassed, runGoHost, tsPluginLauncher} from './build-go';

jest.setTimeout(180_000);

let gohost: string;
let work: string;

beforeAll(() => {
    gohost = buildGoPrograms(['gohost']).gohost;
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-gohost-ts-'));
});

afterAll(() => {
    if (work) {
        fs.rmSync(work, {recursive: true, force: true});
    }
});

test('go-plugin layer: the Go host starts, activates, pings, quits and kills the plugin', () => {
    const plugin = tsPluginLauncher(path.join(__dirname, 'ts-minimal-plugin.ts'), work);
    const run = runGoHost(gohost, plugin, {dir: work, script: {
        expectHooks: ['OnActivate', 'OnDeactivate', 'OnConfigurationChange'],
        config: {DefaultTimeZone: 'Europe/Berlin'},
        expectApiCalls: ['LoadPluginConfiguration'],
    }});
    expectChecksPassed(run, [
        'no-cookie', 'checksum-mismatch', 'handshake', 'unix-socket', 'control-ping', 'dispense', 'implemented',
        'on-activate', 'on-configuration-change', 'api:LoadPluginConfiguration', 'on-deactivate', 'killed', 'socket-removed',
    ]);
    expect(run.status).toBe(0);
});

test('Mattermost layer: every check the Go reference plugin passes', () => {
    const plugin = tsPluginLauncher(path.join(__dirname, 'ts-echo-plugin.ts'), work);
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

test('Mattermost layer: the host\'s headers set before ServeHTTP survive, also where the Go plugin loses them', () => {
    const plugin = tsPluginLauncher(path.join(__dirname, 'ts-echo-plugin.ts'), work);
    const run = runGoHost(gohost, plugin, {dir: work, script: {
        users: [{id: 'u1', username: 'alice'}],
        requests: [
            // No header set: the bridge sends no SyncHeader at all.
            {name: 'writes-only', method: 'GET', path: '/hello', userId: 'u1', status: 200, hostHeaders: 'kept'},
            // Headers set: fetched with Plugin.Header and sent back under the plugin's own.
            {name: 'sets-content-type', method: 'GET', path: '/bench/1k', userId: 'u1', status: 200, hostHeaders: 'kept'},
            {name: 'status-and-header', method: 'GET', path: '/nope', userId: 'u1', status: 404, hostHeaders: 'kept'},
        ],
    }});
    expectChecksPassed(run, ['serve-http:writes-only', 'serve-http:sets-content-type', 'serve-http:status-and-header']);
});
