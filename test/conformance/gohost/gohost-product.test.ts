// The real plugin executable (the product on the bridge, a Node single executable built by
// scripts/build-server.js) loaded by the Go host with Mattermost's own plugin.Environment and
// supervisor: handshake, activation against the host's in-memory API, the product's HTTP API
// through ServeHTTP, /release through ExecuteCommand, configuration change, deactivation,
// kill, nothing left behind.
import {spawnSync} from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import {buildGoPrograms, expectChecksPassed, productExecutable, runGoHost} from './build-go';
import {productScript} from './product-script';

const root = path.resolve(__dirname, '../../..');

jest.setTimeout(300_000);

let gohost: string;
let work: string;
let exe: string;

beforeAll(() => {
    gohost = buildGoPrograms(['gohost']).gohost;
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-gohost-product-'));
    exe = productExecutable(root);
});

afterAll(() => {
    if (work) {
        fs.rmSync(work, {recursive: true, force: true});
    }
});

function runHost(script: Record<string, unknown>) {
    return runGoHost(gohost, exe, {script, dir: work, timeoutMs: 240_000});
}

test('the product executable runs a release through the Go host end to end', () => {
    const run = runHost(productScript(root));
    expectChecksPassed(run, [
        'no-cookie', 'checksum-mismatch', 'handshake', 'unix-socket', 'control-ping', 'implemented', 'on-activate',
        'serve-http:list-runs', 'serve-http:start-run', 'serve-http:get-run', 'serve-http:post-empty-body',
        'serve-http:post-5mb', 'serve-http:large-answer', 'serve-http:anonymous', 'serve-http:non-member',
        'serve-http:dialog-bad-fields', 'serve-http:dialog-non-member', 'serve-http:dialog-start', 'serve-http:list-after-dialog',
        'execute-command:release-status', 'execute-command:release-start-dialog', 'dialog:release-start', 'api:OpenInteractiveDialog', 'on-configuration-change', 'api:EnsureBotUser', 'api:GetBundlePath',
        'on-deactivate', 'killed', 'socket-removed',
    ]);
    expect(run.status).toBe(0);
});

test('without GetBundlePath the executable finds its bundle from its own location', () => {
    // The executable sits where plugin.json names it, two folders below the bundle root (the repository).
    const script = {...productScript(''), requests: [], commands: [], expectDialogs: [], expectApiCalls: ['GetBundlePath', 'EnsureBotUser']};
    const run = runHost(script);
    expectChecksPassed(run, ['on-activate', 'api:GetBundlePath', 'api:EnsureBotUser']);
    expect(run.stderr).toMatch(/GetBundlePath failed .*using the executable's location/);
});

test('started by hand without the cookie, the executable refuses with go-plugin\'s message and status 1', () => {
    const env = {...process.env};
    delete env.MATTERMOST_PLUGIN;
    const res = spawnSync(exe, [], {env, encoding: 'utf8', timeout: 10_000});
    expect(res.status).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toBe(
        'This binary is a plugin. These are not meant to be executed directly.\n' +
        'Please execute the program that consumes these plugins, which will\n' +
        'load any plugins automatically\n',
    );
});

test('a failed activation reaches the host as the AppError the server sent', () => {
    // A person already owns the bot's username, so the host's EnsureBotUser refuses.
    const base = productScript(root);
    const script = {...base, users: [...(base.users as object[]), {id: 'p1', username: 'release-checklist'}], requests: [], commands: [], expectDialogs: [], expectApiCalls: ['EnsureBotUser']};
    const {lines} = runHost(script);
    const activate = lines.find((l) => l.name === 'on-activate');
    expect(activate?.status).toBe('FAIL');
    expect(activate?.detail).toMatch(/\*model\.AppError .*EnsureBotUser.*username_exists/);
    expect(lines.find((l) => l.name === 'killed')?.status).toBe('PASS');
});
