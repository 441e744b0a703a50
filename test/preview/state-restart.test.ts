// The preview keeps its state in a file under the data directory: a run, posts and the
// plugin settings made before a restart are there after it; an unreadable file is kept
// aside and the preview starts empty instead of failing.
import {existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';

import {startPreview} from './lib/preview';
import {call, session} from './lib/preview-client';
import {FRIDAY, isoDay, weekdayAhead} from './lib/days-ahead';
import {CHANNELS, PEOPLE} from './lib/seed';

jest.setTimeout(60_000);

const repoRoot = resolve(__dirname, '..', '..');
let dataDir: string;

beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'rc-preview-'));
});

afterEach(() => {
    rmSync(dataDir, {recursive: true, force: true});
});

// A run may not start in the past: release on a Friday ahead of today, with a holiday on the
// Wednesday before it.
const RELEASE = weekdayAhead(FRIDAY);
const HOLIDAY = isoDay(RELEASE.minus({days: 2}));

const start = () => startPreview({repoRoot, dataDir, port: 0, mode: 'in-process'});

test('a run, a post and the settings survive a restart', async () => {
    let preview = await start();
    let rita = await session(preview, 'rita');
    const started = await call(preview, rita, 'POST', '/plugins/com.mattermost.release-checklist/api/v1/runs', {
        channelId: CHANNELS.release.id, templateId: 'security-release', version: '3.0.1', releaseDay: isoDay(RELEASE),
        timeZone: 'UTC', roles: {'release-manager': [PEOPLE.rita.id]}, conditions: {'during-regular-release': false, 'researcher-needs-mug': false}, issues: [],
    });
    expect(started.status).toBe(201);
    const runId = (started.json as {id: string}).id;
    expect((await call(preview, rita, 'POST', '/api/v4/posts', {channel_id: CHANNELS.release.id, message: 'before the restart'})).status).toBe(201);
    const ada = await session(preview, 'ada');
    // As the System Console: the whole config back, with the plugin's settings changed.
    const config = (await call(preview, ada, 'GET', '/api/v4/config')).json as {PluginSettings: {Plugins: Record<string, Record<string, unknown>>}};
    config.PluginSettings.Plugins['com.mattermost.release-checklist'] = {holidays: HOLIDAY};
    expect((await call(preview, ada, 'PUT', '/api/v4/config', config)).status).toBe(200);
    await preview.stop();

    preview = await start();
    try {
        rita = await session(preview, 'rita');
        const run = await call(preview, rita, 'GET', `/plugins/com.mattermost.release-checklist/api/v1/runs/${runId}`);
        expect(run.status).toBe(200);
        expect((run.json as {version: string}).version).toBe('3.0.1');
        const posts = await call(preview, rita, 'GET', `/api/v4/channels/${CHANNELS.release.id}/posts`);
        const messages = Object.values((posts.json as {posts: Record<string, {message: string}>}).posts).map((p) => p.message);
        expect(messages).toContain('before the restart');
        const defaults = await call(preview, rita, 'GET', '/plugins/com.mattermost.release-checklist/api/v1/defaults');
        expect((defaults.json as {holidays: string[]}).holidays).toEqual([HOLIDAY]);
    } finally {
        await preview.stop();
    }
});

test('an unreadable state file is kept aside and the preview starts empty', async () => {
    writeFileSync(join(dataDir, 'state.json'), '{"version": 1, "kv": ');
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const preview = await start();
    try {
        expect(errors.mock.calls.flat().join('\n')).toMatch(/could not be read/);
        expect(readdirSync(dataDir).some((f) => f.startsWith('state.json.bad-'))).toBe(true);
        const rita = await session(preview, 'rita');
        const list = await call(preview, rita, 'GET', `/plugins/com.mattermost.release-checklist/api/v1/runs?channel_id=${CHANNELS.release.id}`);
        expect(list).toEqual({status: 200, json: {runs: [], currentRunId: null}});
    } finally {
        await preview.stop();
        errors.mockRestore();
    }
    expect(existsSync(join(dataDir, 'state.json'))).toBe(true);
});

test('the preview answers bad input with clear errors and keeps serving', async () => {
    const preview = await start();
    try {
        const rita = await session(preview, 'rita');
        expect((await fetch(`${preview.url}/api/v4/posts`, {method: 'POST', headers: {cookie: rita, 'x-requested-with': 'XMLHttpRequest'}, body: '{not json'})).status).toBe(400);
        expect((await call(preview, rita, 'POST', '/api/v4/posts', {channel_id: CHANNELS.release.id, message: 'x'.repeat(20000)})).status).toBe(400);
        expect((await call(preview, rita, 'POST', '/api/v4/users/ids', {not: 'a list'})).status).toBe(400);
        expect((await call(preview, rita, 'PUT', '/api/v4/config', {ServiceSettings: {}, PluginSettings: {Plugins: {'com.mattermost.release-checklist': {}}}})).status).toBe(403);
        const ada = await session(preview, 'ada');
        // The server replaces the whole config, so a partial one is refused.
        expect((await call(preview, ada, 'PUT', '/api/v4/config', {PluginSettings: {Plugins: {'com.mattermost.release-checklist': {}}}})).status).toBe(400);
        expect((await call(preview, '', 'GET', '/api/v4/users/me')).status).toBe(401);
        const oscar = await session(preview, 'oscar');
        expect((await call(preview, oscar, 'POST', '/api/v4/posts', {channel_id: CHANNELS.release.id, message: 'let me in'})).status).toBe(403);
        expect((await call(preview, rita, 'POST', '/api/v4/commands/execute', {command: '/nope', channel_id: CHANNELS.release.id})).status).toBe(404);
        // A forged session cookie is no session.
        expect((await call(preview, `MMAUTHTOKEN=${PEOPLE.ada.id}.0000`, 'GET', '/api/v4/users/me')).status).toBe(401);
        // Without the CSRF token or X-Requested-With, a change reaches the plugin anonymously.
        const csrf = await fetch(`${preview.url}/plugins/com.mattermost.release-checklist/api/v1/runs/preview`, {method: 'POST', headers: {cookie: rita}, body: '{}'});
        expect(csrf.status).toBe(401);
        expect((await call(preview, rita, 'GET', '/api/v4/users/me')).status).toBe(200);
    } finally {
        await preview.stop();
    }
});
