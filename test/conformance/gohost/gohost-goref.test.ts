// Proves the Go go-plugin host against a real Go peer: gohost starts the reference Go
// plugin exactly as Mattermost's supervisor would and every check must pass. The same
// host later drives the TypeScript executable, so a harness that passes here measures the
// bridge, not itself.
import {spawnSync} from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import {buildGoPrograms, parseHostOutput, type GoProgram} from './build-go';

jest.setTimeout(180_000);

let bins: Record<GoProgram, string>;

beforeAll(() => {
    bins = buildGoPrograms(['gohost', 'goref']);
});

afterAll(() => {
    if (bins) {
        fs.rmSync(path.dirname(bins.gohost), {recursive: true, force: true});
    }
});

function runHost(args: string[]) {
    const res = spawnSync(bins.gohost, args, {encoding: 'utf8', timeout: 120_000});
    return {status: res.status, lines: parseHostOutput(res.stdout ?? ''), stderr: res.stderr ?? ''};
}

test('the Go host drives the reference Go plugin end to end with every check passing', () => {
    const {status, lines, stderr} = runHost(['-plugin', bins.goref]);
    const failed = lines.filter((l) => l.status === 'FAIL');
    expect({failed, stderrTail: failed.length ? stderr.slice(-2000) : ''}).toEqual({failed: [], stderrTail: ''});
    expect(status).toBe(0);
    const passed = new Set(lines.filter((l) => l.status === 'PASS').map((l) => l.name));
    for (const name of [
        'no-cookie', 'checksum-mismatch', 'handshake', 'unix-socket', 'control-ping', 'dispense',
        'implemented', 'implements:ServeHTTP', 'on-activate',
        'serve-http:get', 'serve-http:post-json', 'serve-http:post-empty', 'serve-http:post-5mb',
        'serve-http:anonymous', 'execute-command:command', 'on-configuration-change',
        'api:KVGet', 'on-deactivate', 'killed', 'socket-removed',
    ]) {
        expect(passed).toContain(name);
    }
    // The 5 MB echo must have streamed in several response writes, not one buffered write.
    const big = lines.find((l) => l.name === 'serve-http:post-5mb');
    const writes = Number(/(\d+) writes/.exec(big?.detail ?? '')?.[1]);
    expect(writes).toBeGreaterThan(1);
});

test('a wrong expectation in a script is reported as FAIL and a non-zero exit', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-script-'));
    const script = path.join(dir, 'script.json');
    fs.writeFileSync(script, JSON.stringify({
        expectHooks: ['ServeHTTP', 'MessageHasBeenPosted'],
        users: [{id: 'u1', username: 'alice'}],
        requests: [
            {name: 'wrong-status', method: 'GET', path: '/hello', userId: 'u1', status: 201},
            {name: 'capture-missing', method: 'GET', path: '/hello', userId: 'u1', status: 200, capture: {id: 'id'}},
        ],
        expectApiCalls: ['CreatePost'],
    }));
    try {
        const {status, lines} = runHost(['-plugin', bins.goref, '-script', script]);
        const failedNames = lines.filter((l) => l.status === 'FAIL').map((l) => l.name).sort();
        expect(failedNames).toEqual([
            'api:CreatePost', 'implements:MessageHasBeenPosted', 'serve-http:capture-missing', 'serve-http:wrong-status',
        ]);
        expect(status).toBe(1);
    } finally {
        fs.rmSync(dir, {recursive: true, force: true});
    }
});

test('a script with an unknown field is refused with a clear message', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-script-'));
    const script = path.join(dir, 'script.json');
    fs.writeFileSync(script, JSON.stringify({requets: []}));
    try {
        const {status, stderr, lines} = runHost(['-plugin', bins.goref, '-script', script]);
        expect(status).toBe(2);
        expect(lines).toEqual([]);
        expect(stderr).toMatch(/unknown field "requets"/);
    } finally {
        fs.rmSync(dir, {recursive: true, force: true});
    }
});

test('building without a Go toolchain fails with a message naming what to install', () => {
    expect(() => buildGoPrograms(['goref'], {env: {...process.env, PATH: '/nonexistent'}})).toThrow(/Go toolchain is required.*golang-go/s);
});
