// The preview host restarts a plugin executable that died, as Mattermost's health check
// does, instead of answering 500 until the preview itself restarts: on its periodic check,
// at once when a request finds the process gone, and never more than 3 times an hour.
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';

import {startExecutablePlugin} from './lib/executable';
import {startPreview, type RunningPreview} from './lib/preview';
import {call, session} from './lib/preview-client';
import {FRIDAY, isoDay, weekdayAhead} from './lib/days-ahead';
import {CHANNELS, PEOPLE} from './lib/seed';

jest.setTimeout(300_000);

const repoRoot = resolve(__dirname, '..', '..');
const API = '/plugins/com.mattermost.release-checklist/api/v1';
let dataDir: string;
let preview: RunningPreview | null = null;

beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'rc-preview-restart-'));
});

afterEach(async () => {
    await preview?.stop();
    preview = null;
    rmSync(dataDir, {recursive: true, force: true});
});

async function start(healthCheckMs: number): Promise<RunningPreview> {
    preview = await startPreview({
        repoRoot, dataDir, port: 0, mode: 'executable', healthCheckMs,
        startExecutable: (platform) => startExecutablePlugin(platform, {repoRoot}),
    });
    return preview;
}

function alive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch {
        return false;
    }
}

/** SIGKILLs the plugin (a crash) and waits, bounded, until the process is gone. */
async function crash(p: RunningPreview): Promise<number> {
    const pid = p.pluginPid();
    expect(pid).toBeDefined();
    process.kill(pid!, 'SIGKILL');
    for (let i = 0; i < 200 && alive(pid!); i++) {
        await new Promise((r) => setTimeout(r, 10));
    }
    return pid!;
}

test('a request that finds the plugin dead gets an answer from a restarted plugin, with the stored runs', async () => {
    const p = await start(3_600_000);
    const rita = await session(p, 'rita');
    const started = await call(p, rita, 'POST', `${API}/runs`, {
        channelId: CHANNELS.release.id, templateId: 'security-release', version: '4.0.1', releaseDay: isoDay(weekdayAhead(FRIDAY)),
        timeZone: 'UTC', roles: {'release-manager': [PEOPLE.rita.id]}, conditions: {'during-regular-release': false, 'researcher-needs-mug': false}, issues: [],
    });
    expect(started.status).toBe(201);
    const dead = await crash(p);
    const run = await call(p, rita, 'GET', `${API}/runs/${(started.json as {id: string}).id}`);
    expect(run.status).toBe(200);
    expect((run.json as {version: string}).version).toBe('4.0.1');
    expect(p.pluginPid()).not.toBe(dead);
});

test('the periodic health check restarts a dead plugin with no request to trigger it', async () => {
    const p = await start(200);
    const dead = await crash(p);
    // Bounded wait for the check (every 200 ms here, 30 s by default) to bring a new process up.
    for (let i = 0; i < 300 && (p.pluginPid() === undefined || p.pluginPid() === dead); i++) {
        await new Promise((r) => setTimeout(r, 50));
    }
    expect(p.pluginPid()).toBeDefined();
    expect(p.pluginPid()).not.toBe(dead);
    const rita = await session(p, 'rita');
    expect((await call(p, rita, 'GET', `${API}/templates`)).status).toBe(200);
});

test('a plugin that dies a third time within the hour is deactivated: 503 with the reason, never 500', async () => {
    const p = await start(3_600_000);
    const rita = await session(p, 'rita');
    for (let i = 0; i < 2; i++) {
        await crash(p);
        expect((await call(p, rita, 'GET', `${API}/templates`)).status).toBe(200);
    }
    await crash(p);
    const refused = await call(p, rita, 'GET', `${API}/templates`);
    expect(refused).toEqual({status: 503, json: {error: 'The plugin failed to stay running and was deactivated; restart the preview.'}});
    expect(p.pluginPid()).toBeUndefined();
});
