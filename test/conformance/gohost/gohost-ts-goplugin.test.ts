// The Go go-plugin host (Debian's go-plugin 1.0.1, configured as Mattermost configures it)
// drives a plugin built on the TypeScript go-plugin layer: handshake, unix socket, control
// and dispenser services, broker dial for the API, quit and clean exit.
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
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-gohost-ts-'));
    plugin = tsPluginLauncher(path.join(__dirname, 'ts-minimal-plugin.ts'), work);
});

afterAll(() => {
    if (work) {
        fs.rmSync(work, {recursive: true, force: true});
    }
});

test('the Go host starts, activates, pings, quits and kills a TypeScript go-plugin plugin', () => {
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
