// The Go go-plugin host (Debian's go-plugin 1.0.1, configured as Mattermost configures it)
// drives a plugin built on the TypeScript go-plugin layer: handshake, unix socket, control
// and dispenser services, broker dial for the API, quit and clean exit.
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
    const bundle = path.join(work, 'ts-minimal-plugin.cjs');
    esbuild.buildSync({entryPoints: [path.join(__dirname, 'ts-minimal-plugin.ts')], outfile: bundle, bundle: true, platform: 'node', format: 'cjs', logLevel: 'silent'});
    // go-plugin starts one executable: a tiny launcher runs the bundle with this Node.
    plugin = path.join(work, 'ts-minimal-plugin');
    fs.writeFileSync(plugin, `#!/bin/sh\nexec "${process.execPath}" "${bundle}" "$@"\n`, {mode: 0o755});
});

afterAll(() => {
    if (work) {
        fs.rmSync(work, {recursive: true, force: true});
    }
});

test('the Go host starts, activates, pings, quits and kills a TypeScript go-plugin plugin', () => {
    const script = path.join(work, 'script.json');
    fs.writeFileSync(script, JSON.stringify({
        expectHooks: ['OnActivate', 'OnDeactivate', 'OnConfigurationChange'],
        config: {DefaultTimeZone: 'Europe/Berlin'},
        expectApiCalls: ['LoadPluginConfiguration'],
    }));
    const res = spawnSync(bins.gohost, ['-plugin', plugin, '-script', script], {encoding: 'utf8', timeout: 120_000});
    const lines = parseHostOutput(res.stdout ?? '');
    const failed = lines.filter((l) => l.status === 'FAIL');
    expect({failed, stderr: failed.length ? (res.stderr ?? '').slice(-3000) : ''}).toEqual({failed: [], stderr: ''});
    const passed = new Set(lines.filter((l) => l.status === 'PASS').map((l) => l.name));
    for (const name of [
        'no-cookie', 'checksum-mismatch', 'handshake', 'unix-socket', 'control-ping', 'dispense', 'implemented',
        'on-activate', 'on-configuration-change', 'api:LoadPluginConfiguration', 'on-deactivate', 'killed', 'socket-removed',
    ]) {
        expect(passed).toContain(name);
    }
    expect(res.status).toBe(0);
});
