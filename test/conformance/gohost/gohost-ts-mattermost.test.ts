// The Go go-plugin host (configured as Mattermost's supervisor) drives a plugin built on the
// bridge's Mattermost layer with the reference plugin's behaviour: every check the Go
// reference plugin passes, the TypeScript layer must pass too, including a 5 MB body echoed
// in and out as a stream of chunks.
import {spawnSync} from 'child_process';
import esbuild from 'esbuild';
import fs from 'fs';
import path from 'path';
import {buildGoPrograms, parseHostOutput, type GoProgram} from './build-go';

jest.setTimeout(180_000);

let bins: Record<GoProgram, string>;
let work: string;
let plugin: string;

beforeAll(() => {
    bins = buildGoPrograms(['gohost']);
    work = path.dirname(bins.gohost);
    const bundle = path.join(work, 'ts-echo-plugin.cjs');
    esbuild.buildSync({entryPoints: [path.join(__dirname, 'ts-echo-plugin.ts')], outfile: bundle, bundle: true, platform: 'node', format: 'cjs', logLevel: 'silent'});
    plugin = path.join(work, 'ts-echo-plugin');
    fs.writeFileSync(plugin, `#!/bin/sh\nexec "${process.execPath}" "${bundle}" "$@"\n`, {mode: 0o755});
});

afterAll(() => {
    if (work) {
        fs.rmSync(work, {recursive: true, force: true});
    }
});

test('the Mattermost layer passes every check the Go reference plugin passes', () => {
    const res = spawnSync(bins.gohost, ['-plugin', plugin], {encoding: 'utf8', timeout: 120_000});
    const lines = parseHostOutput(res.stdout ?? '');
    const failed = lines.filter((l) => l.status === 'FAIL');
    expect({failed, stderr: failed.length ? (res.stderr ?? '').slice(-3000) : ''}).toEqual({failed: [], stderr: ''});
    const passed = new Set(lines.filter((l) => l.status === 'PASS').map((l) => l.name));
    for (const name of [
        'handshake', 'implemented', 'implements:ServeHTTP', 'implements:ExecuteCommand', 'on-activate',
        'serve-http:get', 'serve-http:get-1k', 'serve-http:get-kv', 'serve-http:post-json', 'serve-http:post-empty',
        'serve-http:post-no-body-stream', 'serve-http:post-5mb', 'serve-http:anonymous', 'serve-http:not-found',
        'execute-command:command', 'on-configuration-change', 'api:LoadPluginConfiguration', 'api:RegisterCommand',
        'api:KVGet', 'on-deactivate', 'killed', 'socket-removed',
    ]) {
        expect(passed).toContain(name);
    }
    // 5 MB each way: the answer went out as many writes while the body came in, not as one buffer.
    const big = lines.find((l) => l.name === 'serve-http:post-5mb');
    expect(Number(/(\d+) writes/.exec(big?.detail ?? '')?.[1])).toBeGreaterThan(10);
    expect(res.status).toBe(0);
});
