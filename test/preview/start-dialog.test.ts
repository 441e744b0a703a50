// The mobile path in the preview: a bare `/release start` gets a trigger id as on Mattermost,
// the plugin opens the start dialog (recorded by the preview platform, both with the product
// in-process and with the real executable over the plugin RPC), and submitting the dialog's
// own fields to its callback URL starts the run.
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';

import {startExecutablePlugin} from './lib/executable';
import {startPreview, type PluginMode} from './lib/preview';
import {call, session} from './lib/preview-client';
import {CHANNELS} from './lib/seed';

jest.setTimeout(300_000);

const repoRoot = resolve(__dirname, '..', '..');
let dataDir: string;

beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'rc-preview-dialog-'));
});

afterEach(() => {
    rmSync(dataDir, {recursive: true, force: true});
});

test.each<PluginMode>(['in-process', 'executable'])('%s: /release start opens the start dialog and its submission starts the run', async (mode) => {
    const preview = await startPreview({
        repoRoot, dataDir, port: 0, mode, startExecutable: (platform) => startExecutablePlugin(platform, {repoRoot}),
    });
    try {
        const rita = await session(preview, 'rita');
        const answer = await call(preview, rita, 'POST', '/api/v4/commands/execute', {command: '/release start', channel_id: CHANNELS.release.id});
        expect(answer).toMatchObject({status: 200, json: {response_type: 'ephemeral', text: ''}});
        expect(preview.platform.dialogs).toHaveLength(1);
        const [opened] = preview.platform.dialogs;
        expect(opened.triggerId).toMatch(/^preview-trigger-/);
        // As on the server, the command's answer carries the trigger id the plugin opened the dialog with.
        expect((answer.json as {trigger_id: string}).trigger_id).toBe(opened.triggerId);
        expect(opened.url).toBe('/plugins/com.mattermost.release-checklist/api/v1/dialogs/start');
        expect(opened.dialog.elements.map((e) => e.name)).toEqual(expect.arrayContaining(['template', 'version', 'release_day', 'time_zone', 'issues']));

        const values: Record<string, unknown> = {};
        for (const e of opened.dialog.elements) {
            // The template's questions are required Yes/No radios without a default: answered no.
            values[e.name] = e.type === 'bool' ? e.default === 'true' : e.type === 'radio' ? e.default ?? 'no' : e.default;
        }
        const bad = await call(preview, rita, 'POST', opened.url, {callback_id: opened.dialog.callbackId, state: opened.dialog.state, channel_id: CHANNELS.release.id, submission: values});
        expect(bad).toEqual({status: 200, json: {errors: {version: expect.stringContaining('version')}}});
        const good = await call(preview, rita, 'POST', opened.url, {
            callback_id: opened.dialog.callbackId, state: opened.dialog.state, channel_id: CHANNELS.release.id, submission: {...values, version: '4.0.1'},
        });
        expect(good).toEqual({status: 200, json: {}});
        const runs = await call(preview, rita, 'GET', `/plugins/com.mattermost.release-checklist/api/v1/runs?channel_id=${CHANNELS.release.id}`);
        expect((runs.json as {runs: {version: string}[]}).runs.map((r) => r.version)).toEqual(['4.0.1']);
    } finally {
        await preview.stop();
    }
});
