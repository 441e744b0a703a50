// The real plugin executable (the product on the bridge, a Node single executable built by
// scripts/build-server.js) inside the Go go-plugin host configured as Mattermost's
// supervisor: handshake, activation against the host's in-memory API, the product's HTTP API
// through ServeHTTP, /release through ExecuteCommand, configuration change, deactivation,
// kill, nothing left behind.
import {spawnSync} from 'child_process';
import fs from 'fs';
import path from 'path';
import {buildGoPrograms, parseHostOutput, type GoProgram} from './build-go';
import {productScript} from './product-script';

const root = path.resolve(__dirname, '../../..');
const {buildServer} = require(path.join(root, 'scripts/build-server.js')) as {
    buildServer(o: {outRoot: string; platforms: string[]; log: (l: string) => void}): Record<string, string>;
};

jest.setTimeout(300_000);

let bins: Record<GoProgram, string>;
let work: string;
let exe: string;

beforeAll(() => {
    bins = buildGoPrograms(['gohost']);
    work = path.dirname(bins.gohost);
    exe = buildServer({outRoot: path.join(work, 'bundle'), platforms: ['linux-amd64'], log: () => undefined})['linux-amd64'];
});

afterAll(() => {
    if (work) {
        fs.rmSync(work, {recursive: true, force: true});
    }
});

function runHost(script: Record<string, unknown>) {
    const file = path.join(work, 'product-script.json');
    fs.writeFileSync(file, JSON.stringify(script));
    const res = spawnSync(bins.gohost, ['-plugin', exe, '-script', file], {encoding: 'utf8', timeout: 240_000});
    return {status: res.status, lines: parseHostOutput(res.stdout ?? ''), stderr: res.stderr ?? ''};
}

test('the product executable runs a release through the Go host end to end', () => {
    const {status, lines, stderr} = runHost(productScript(root));
    const failed = lines.filter((l) => l.status === 'FAIL');
    expect({failed, stderr: failed.length ? stderr.slice(-3000) : ''}).toEqual({failed: [], stderr: ''});
    const passed = new Set(lines.filter((l) => l.status === 'PASS').map((l) => l.name));
    for (const name of [
        'no-cookie', 'checksum-mismatch', 'handshake', 'unix-socket', 'control-ping', 'implemented', 'on-activate',
        'serve-http:list-runs', 'serve-http:start-run', 'serve-http:get-run', 'serve-http:post-empty-body',
        'serve-http:post-5mb', 'serve-http:large-answer', 'serve-http:anonymous', 'serve-http:non-member',
        'execute-command:release-status', 'on-configuration-change', 'api:EnsureBotUser', 'api:GetBundlePath',
        'on-deactivate', 'killed', 'socket-removed',
    ]) {
        expect(passed).toContain(name);
    }
    expect(status).toBe(0);
});

test('without GetBundlePath the executable finds its bundle from its own location', () => {
    // The build's out-root has no assets/: link them so the executable-relative fallback finds the default template.
    fs.symlinkSync(path.join(root, 'assets'), path.join(work, 'bundle', 'assets'));
    const script = {...productScript(''), requests: [], commands: [], expectApiCalls: ['GetBundlePath', 'EnsureBotUser']};
    const {lines, stderr} = runHost(script);
    const failed = lines.filter((l) => l.status === 'FAIL');
    expect({failed, stderr: failed.length ? stderr.slice(-3000) : ''}).toEqual({failed: [], stderr: ''});
    expect(stderr).toMatch(/GetBundlePath failed .*using the executable's location/);
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
    const script = {...base, users: [...(base.users as object[]), {id: 'p1', username: 'release-checklist'}], requests: [], commands: [], expectApiCalls: ['EnsureBotUser']};
    const {lines} = runHost(script);
    const activate = lines.find((l) => l.name === 'on-activate');
    expect(activate?.status).toBe('FAIL');
    expect(activate?.detail).toMatch(/\*mmrpc\.AppError .*EnsureBotUser.*username_exists/);
    expect(lines.find((l) => l.name === 'killed')?.status).toBe('PASS');
});
