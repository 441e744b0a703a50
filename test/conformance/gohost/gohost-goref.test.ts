// Proves the Go host against a real Go peer: gohost loads the reference Go plugin (an
// ordinary plugin.ClientMain plugin) with Mattermost's own plugin.Environment and every check
// must pass. The same
// host later drives the TypeScript executable, so a harness that passes here measures the
// bridge, not itself.
import fs from 'fs';
import os from 'os';
import path from 'path';
import {buildGoPrograms, expectChecksPassed, runGoHost, unimplementedApiCalls, type GoProgram} from './build-go';

jest.setTimeout(180_000);

let bins: Record<GoProgram, string>;

beforeAll(() => {
    bins = buildGoPrograms(['gohost', 'goref']);
});

test('the Go host drives the reference Go plugin end to end with every check passing', () => {
    const run = runGoHost(bins.gohost, bins.goref);
    expectChecksPassed(run, [
        'no-cookie', 'checksum-mismatch', 'handshake', 'unix-socket', 'control-ping', 'dispense',
        'implemented', 'implements:ServeHTTP', 'on-activate',
        'serve-http:get', 'serve-http:post-json', 'serve-http:post-empty', 'serve-http:post-5mb',
        'serve-http:anonymous', 'execute-command:command', 'on-configuration-change',
        'api:KVGet', 'on-deactivate', 'killed', 'socket-removed',
    ]);
    expect(run.status).toBe(0);
    // The 5 MB echo must have streamed in several response writes, not one buffered write.
    const big = run.lines.find((l) => l.name === 'serve-http:post-5mb');
    const writes = Number(/(\d+) writes/.exec(big?.detail ?? '')?.[1]);
    expect(writes).toBeGreaterThan(1);
});

test('a wrong expectation in a script is reported as FAIL and a non-zero exit', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-script-'));
    const script = {
        expectHooks: ['ServeHTTP', 'MessageHasBeenPosted'],
        users: [{id: 'u1', username: 'alice'}],
        requests: [
            {name: 'wrong-status', method: 'GET', path: '/hello', userId: 'u1', status: 201},
            {name: 'capture-missing', method: 'GET', path: '/hello', userId: 'u1', status: 200, capture: {id: 'id'}},
            // The Go plugin's /hello syncs a nil header map, so the host's headers are gone.
            {name: 'host-headers-not-kept', method: 'GET', path: '/hello', userId: 'u1', status: 200, hostHeaders: 'kept'},
            {name: 'host-headers-bad-value', method: 'GET', path: '/bench/1k', userId: 'u1', status: 200, hostHeaders: 'sometimes'},
        ],
        expectApiCalls: ['CreatePost'],
    };
    try {
        const {status, lines} = runGoHost(bins.gohost, bins.goref, {script, dir});
        const failedNames = lines.filter((l) => l.status === 'FAIL').map((l) => l.name).sort();
        expect(failedNames).toEqual([
            'api:CreatePost', 'implements:MessageHasBeenPosted', 'serve-http:capture-missing',
            'serve-http:host-headers-bad-value', 'serve-http:host-headers-not-kept', 'serve-http:wrong-status',
        ]);
        const detail = (name: string) => lines.find((l) => l.name === `serve-http:${name}`)?.detail ?? '';
        expect(detail('host-headers-not-kept')).toMatch(/host header Vary is \[\], want "Origin" kept/);
        expect(detail('host-headers-bad-value')).toMatch(/hostHeaders "sometimes": want kept, dropped or any/);
        expect(status).toBe(1);
    } finally {
        fs.rmSync(dir, {recursive: true, force: true});
    }
});

test('headers the host set before ServeHTTP: kept when the Go plugin touched Header(), deleted by its blind sync otherwise', () => {
    // Mattermost's Go writer (plugin/http.go) fetches the host's map with Plugin.Header only when
    // the handler calls Header(); a Write without that sends SyncHeader a nil map, deleting them all.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-script-'));
    const script = {
        users: [{id: 'u1', username: 'alice'}],
        requests: [
            {name: 'sets-content-type', method: 'GET', path: '/bench/1k', userId: 'u1', status: 200, hostHeaders: 'kept'},
            {name: 'http-error', method: 'GET', path: '/hello', status: 401, hostHeaders: 'kept'},
            {name: 'writes-only', method: 'GET', path: '/hello', userId: 'u1', status: 200, hostHeaders: 'dropped'},
        ],
    };
    try {
        const run = runGoHost(bins.gohost, bins.goref, {script, dir});
        expectChecksPassed(run, ['serve-http:sets-content-type', 'serve-http:http-error', 'serve-http:writes-only']);
    } finally {
        fs.rmSync(dir, {recursive: true, force: true});
    }
});

test('a plugin.API method the host does not implement fails the run by name, and the plugin gets an error', () => {
    // goref's /unimplemented calls API.GetTeamIcon: Mattermost's RPC glue carries it to the
    // host, whose fallback answers 501 instead of crashing, and the run names the method.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-script-'));
    const script = {
        users: [{id: 'u1', username: 'alice'}],
        requests: [{name: 'unimplemented-api', method: 'GET', path: '/unimplemented', userId: 'u1', status: 501, bodyContains: 'gohost does not implement plugin.API.GetTeamIcon'}],
    };
    try {
        const run = runGoHost(bins.gohost, bins.goref, {script, dir});
        expect(run.lines.filter((l) => l.status === 'FAIL').map((l) => l.name)).toEqual(['api-unimplemented:GetTeamIcon']);
        expect(run.lines.find((l) => l.name === 'serve-http:unimplemented-api')?.status).toBe('PASS');
        expect(unimplementedApiCalls(run)).toEqual(['GetTeamIcon']);
        expect(run.stderr).toMatch(/gohost: the plugin called plugin\.API\.GetTeamIcon, which gohost does not implement/);
        expect(run.status).toBe(1);
    } finally {
        fs.rmSync(dir, {recursive: true, force: true});
    }
});

test('a script with an unknown field is refused with a clear message', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-script-'));
    try {
        const {status, stderr, lines} = runGoHost(bins.gohost, bins.goref, {script: {requets: []}, dir});
        expect(status).toBe(2);
        expect(lines).toEqual([]);
        expect(stderr).toMatch(/unknown field "requets"/);
    } finally {
        fs.rmSync(dir, {recursive: true, force: true});
    }
});

test('building without a Go toolchain fails with a message naming what to install', () => {
    expect(() => buildGoPrograms(['goref'], {env: {...process.env, PATH: '/nonexistent'}})).toThrow(/Go toolchain \(1.26 or newer, first on PATH\) is required/);
});
